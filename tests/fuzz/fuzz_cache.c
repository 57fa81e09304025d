/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The source cache's files (source_cache_fmt.c) from arbitrary bytes:
 * an entry checked as an index and as a blob, and the bytes as an index
 * body, bare and inside a well-formed entry (so the checksum does not
 * stop every mutation).  Refuse or decode, never crash; what decodes is
 * consistent (strings within bounds, paths sorted and normalised).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "source_arc.h"
#include "fuzz.h"

static int
touch_rec(void *arg, const struct cache_rec *r)
{
	size_t *sum = arg;

	if (r->path[0] != '/' || r->st.type <= JT_FT_NONE ||
	    (r->st.type == JT_FT_LNK) != (r->st.link != NULL) ||
	    r->len > (uint64_t)r->st.size || (r->hashed && r->hash == NULL) ||
	    r->cpos < -1)
		abort();
	*sum += strlen(r->path) + strlen(r->st.uname) + strlen(r->st.gname) +
	    strlen(r->st.fflags) + (r->st.link ? strlen(r->st.link) : 0) +
	    (r->st.hardlink ? strlen(r->st.hardlink) : 0) +
	    (r->hash ? r->hash[CACHE_HASH_LEN - 1] : 0);
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned char *body;
	unsigned char *e, key[CACHE_HASH_LEN];
	size_t blen, sum = 0;

	if (cache_entry_check(data, size, CACHE_KIND_INDEX, NULL, &body,
	    &blen) == 0)
		(void)cache_index_decode(body, blen, touch_rec, &sum);
	(void)cache_entry_check(data, size, CACHE_KIND_BLOB, NULL, &body,
	    &blen);
	(void)cache_index_decode(data, size, touch_rec, &sum);
	if ((e = malloc(CACHE_HDR_LEN + size + 1)) == NULL)
		return (0);
	memset(key, 0, sizeof(key));
	memcpy(key, data, size < sizeof(key) ? size : sizeof(key));
	cache_entry_header(e, CACHE_KIND_INDEX, key, data, size);
	if (size > 0)
		memcpy(e + CACHE_HDR_LEN, data, size);
	if (cache_entry_check(e, CACHE_HDR_LEN + size, CACHE_KIND_INDEX, NULL,
	    &body, &blen) != 0 || blen != size)
		abort();
	(void)cache_index_decode(body, blen, touch_rec, &sum);
	free(e);
	return (0);
}

/* Seeds: an index body of three members, and the same as an entry. */
void
jt_fuzz_seeds(void (*add)(const void *data, size_t len))
{
	static const unsigned char key[CACHE_HASH_LEN] = { 7 };
	struct member d = { 0 }, f = { 0 }, l = { 0 }, *v[3] = { &d, &f, &l };
	struct cache_buf b = { 0 };
	unsigned char *e;

	d.path = "/etc";
	d.st = (struct jt_stat){ .type = JT_FT_DIR, .mode = 0755,
	    .uname = "root", .gname = "wheel", .fflags = "" };
	f.path = "/etc/motd";
	f.st = (struct jt_stat){ .type = JT_FT_REG, .mode = 0644, .size = 8,
	    .uname = "root", .gname = "wheel", .fflags = "uarch", .ino = 1,
	    .nlink = 2 };
	f.len = 8;
	f.cpos = 1024;
	d.cpos = l.cpos = -1;
	f.interest = f.hashed = true;
	memset(f.hash, 0xab, sizeof(f.hash));
	l.path = "/etc/motd2";
	l.st = f.st;
	l.st.hardlink = "/etc/motd";
	if (cache_index_encode(&b, v, 3) != 0)
		return;
	add(b.p, b.n);
	if ((e = malloc(CACHE_HDR_LEN + b.n)) != NULL) {
		cache_entry_header(e, CACHE_KIND_INDEX, key, b.p, b.n);
		memcpy(e + CACHE_HDR_LEN, b.p, b.n);
		add(e, CACHE_HDR_LEN + b.n);
		free(e);
	}
	free(b.p);
}
