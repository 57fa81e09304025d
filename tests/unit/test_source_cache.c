/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The source cache (issue 16 item 3): its entry format (every damaged or
 * truncated entry refused), the index body (what it records comes back
 * the same; malformed bodies refused), and a source served from the
 * cache: the same metadata, links, hard links and contents as read from
 * the archive, nothing new in the cache, and a changed archive (same size
 * and mtime) read again.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "source_arc.h"
#include "tap.h"
#include "mktar.h"

static const unsigned char key[CACHE_HASH_LEN] = { 1, 2, 3 };

static unsigned char *
entry(const char *body, size_t blen, size_t *len)
{
	unsigned char *e = malloc(CACHE_HDR_LEN + blen);

	cache_entry_header(e, CACHE_KIND_BLOB, key, body, blen);
	memcpy(e + CACHE_HDR_LEN, body, blen);
	*len = CACHE_HDR_LEN + blen;
	return (e);
}

static void
test_entry(void)
{
	const unsigned char *body;
	unsigned char *e;
	size_t len, blen, bad = 0;

	e = entry("hello, cache", 12, &len);
	ok(cache_entry_check(e, len, CACHE_KIND_BLOB, key, &body, &blen) ==
	    0 && blen == 12 && memcmp(body, "hello, cache", 12) == 0,
	    "an intact entry is read");
	ok(cache_entry_check(e, len, CACHE_KIND_BLOB, NULL, &body, &blen) ==
	    0, "any key");
	ok(cache_entry_check(e, len, CACHE_KIND_INDEX, key, &body, &blen) ==
	    JT_EFORMAT, "another kind is refused");
	ok(cache_entry_check(e, len, CACHE_KIND_BLOB, key + 1, &body,
	    &blen) == JT_EFORMAT, "another key is refused");
	for (size_t i = 0; i < len; i++) {
		e[i] ^= 0x20;
		if (cache_entry_check(e, len, CACHE_KIND_BLOB, NULL, &body,
		    &blen) != JT_EFORMAT && (i < 16 || i >= 48))
			bad++;	/* 16..47: the key, checked against key */
		if (i >= 16 && i < 48 && cache_entry_check(e, len,
		    CACHE_KIND_BLOB, key, &body, &blen) != JT_EFORMAT)
			bad++;
		e[i] ^= 0x20;
	}
	ok(bad == 0, "every one-byte change is refused (%zu were not)", bad);
	for (size_t n = 0; n < len; n++)
		if (cache_entry_check(e, n, CACHE_KIND_BLOB, key, &body,
		    &blen) != JT_EFORMAT)
			bad++;
	ok(bad == 0, "every truncation is refused (%zu were not)", bad);
	free(e);
}

struct got {
	int	n;
	bool	same;
};

static int
check_rec(void *arg, const struct cache_rec *r)
{
	struct got *g = arg;

	g->n++;
	if (strcmp(r->path, g->n == 1 ? "/a" : "/a/l") != 0)
		g->same = false;
	if (g->n == 1 && (r->st.type != JT_FT_DIR || r->st.mode != 0755 ||
	    strcmp(r->st.uname, "root") != 0 || r->hashed))
		g->same = false;
	if (g->n == 2 && (r->st.type != JT_FT_LNK || r->st.link == NULL ||
	    strcmp(r->st.link, "../x") != 0 || r->st.mtime != -5 ||
	    r->st.ino != 7 || strcmp(r->st.fflags, "schg") != 0))
		g->same = false;
	return (0);
}

static int
nop(void *arg, const struct cache_rec *r)
{
	(void)arg;
	(void)r;
	return (0);
}

static void
test_index(void)
{
	struct member m1 = { 0 }, m2 = { 0 }, *v[2] = { &m1, &m2 }, *w[2];
	struct cache_buf b = { 0 };
	struct got g = { 0, true };
	size_t bad = 0;

	m1.path = "/a";
	m1.st = (struct jt_stat){ .type = JT_FT_DIR, .mode = 0755,
	    .uname = "root", .gname = "wheel", .fflags = "" };
	m2.path = "/a/l";
	m2.st = (struct jt_stat){ .type = JT_FT_LNK, .mode = 0777,
	    .uname = "", .gname = "", .fflags = "schg", .link = "../x",
	    .mtime = -5, .ino = 7, .nlink = 1 };
	ok(cache_index_encode(&b, v, 2) == 0, "encoded");
	ok(cache_index_decode(b.p, b.n, check_rec, &g) == 0 && g.n == 2 &&
	    g.same, "decoded the same");
	for (size_t n = 0; n < b.n; n++)
		if (cache_index_decode(b.p, n, nop, NULL) != JT_EFORMAT)
			bad++;
	ok(bad == 0, "every truncated body is refused (%zu were not)", bad);
	free(b.p);
	memset(&b, 0, sizeof(b));
	w[0] = &m2;
	w[1] = &m1;
	ok(cache_index_encode(&b, w, 2) == 0 &&
	    cache_index_decode(b.p, b.n, nop, NULL) == JT_EFORMAT,
	    "members out of order are refused");
	free(b.p);
	memset(&b, 0, sizeof(b));
	m1.path = "/a/../etc";
	ok(cache_index_encode(&b, v, 1) == 0 &&
	    cache_index_decode(b.p, b.n, nop, NULL) == JT_EFORMAT,
	    "a path with .. is refused");
	free(b.p);
}

static int
open_src(struct jt_source **s, const char *tar, const char *dir, bool keep)
{
	struct jt_err err;

	if (jt_source_new(s, &err) != 0)
		return (-1);
	jt_source_set_keep_all(*s, keep);
	if (jt_source_set_cache(*s, dir, 0, &err) != 0 ||
	    jt_source_add(*s, tar, &err) != 0) {
		fprintf(stderr, "# %s\n", err.msg);
		jt_source_free(*s);
		return (-1);
	}
	return (0);
}

static int notes_hit;

static void
on_note(void *arg, bool warning, const char *msg)
{
	(void)arg;
	(void)warning;
	if (strstr(msg, "index from the cache") != NULL)
		notes_hit++;
}

/* What a source says of the tarball: a line per fact. */
static char *
facts(struct jt_source *s)
{
	static const char *const paths[] = { "/bin/prog", "/bin/hard",
	    "/etc/motd", "/etc/link", "/etc" };
	static char buf[4096];
	struct jt_stat st;
	struct jt_err err;
	size_t n = 0, len;
	void *data;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (jt_source_lstat(s, paths[i], &st, &err) != 0)
			return (NULL);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		    "%s %d %o %s %jd %s %s %ju %u|", paths[i], st.type,
		    (unsigned)st.mode, st.uname, (intmax_t)st.size,
		    st.link != NULL ? st.link : "-",
		    st.hardlink != NULL ? st.hardlink : "-",
		    (uintmax_t)st.ino, st.nlink);
		if (st.type == JT_FT_REG) {
			if (jt_source_read(s, paths[i], &data, &len,
			    &err) != 0)
				return (NULL);
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    "%.*s|", (int)len, (char *)data);
		}
	}
	return (strdup(buf));
}

static void
test_source(void)
{
	const char *work = getenv("JT_TEST_WORK");
	char dir[1024], tar[PATH_MAX], cache[PATH_MAX], cmd[PATH_MAX * 3];
	struct tar_member m[] = {
		{ "bin/prog", AE_IFREG, 0755, "#!/bin/sh\necho one\n", NULL },
		{ "bin/hard", 0, 0, "bin/prog", NULL },
		{ "etc/motd", AE_IFREG, 0644, "Welcome\n", "uarch" },
		{ "etc/link", AE_IFLNK, 0, "motd", NULL },
	};
	struct jt_source *s;
	struct stat before, after;
	char *cold = NULL, *warm = NULL, *again = NULL;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/test_source_cache",
	    work != NULL ? work : "/tmp");
	snprintf(tar, sizeof(tar), "%s/t.tar", dir);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	ok(system(cmd) == 0, "rm");
	mktar(tar, m, 4);
	ok(open_src(&s, tar, cache, false) == 0, "cold source");
	cold = facts(s);
	jt_source_free(s);
	ok(cold != NULL, "cold facts");

	ok(open_src(&s, tar, cache, false) == 0, "warm source");
	notes_hit = 0;
	warm = NULL;
	jt_source_free(s);
	ok(jt_source_new(&s, &(struct jt_err){ 0 }) == 0, "new");
	jt_source_set_notes(s, on_note, NULL);
	ok(jt_source_set_cache(s, cache, 0, &(struct jt_err){ 0 }) == 0 &&
	    jt_source_add(s, tar, &(struct jt_err){ 0 }) == 0, "warm add");
	ok(notes_hit == 1, "served from the cache");
	warm = facts(s);
	jt_source_free(s);
	ok(warm != NULL && cold != NULL && strcmp(cold, warm) == 0,
	    "the same from the cache:\n#  %s\n#  %s", cold, warm ? warm : "");

	/* "Welcome" -> "welcome", size and times kept. */
	ok(stat(tar, &before) == 0, "stat");
	if ((f = fopen(tar, "r+b")) != NULL) {
		char *buf = malloc((size_t)before.st_size), *p;

		if (buf != NULL && fread(buf, 1, (size_t)before.st_size, f) ==
		    (size_t)before.st_size && (p = memmem(buf,
		    (size_t)before.st_size, "Welcome", 7)) != NULL) {
			fseek(f, p - buf, SEEK_SET);
			fputc('w', f);
		}
		free(buf);
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd), "touch -d @%jd.%09ld '%s'",
	    (intmax_t)before.st_mtim.tv_sec, before.st_mtim.tv_nsec, tar);
	ok(system(cmd) == 0, "touch");
	ok(stat(tar, &after) == 0 && after.st_size == before.st_size &&
	    after.st_mtim.tv_sec == before.st_mtim.tv_sec &&
	    after.st_mtim.tv_nsec == before.st_mtim.tv_nsec,
	    "size and mtime kept");
	ok(open_src(&s, tar, cache, true) == 0, "changed source");
	again = facts(s);
	jt_source_free(s);
	ok(again != NULL && strstr(again, "welcome") != NULL &&
	    strstr(again, "Welcome") == NULL, "the change is seen: %s",
	    again ? again : "");
	free(cold);
	free(warm);
	free(again);
}

int
main(void)
{
	test_entry();
	test_index();
	test_source();
	return (tap_done());
}
