/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF facts from memory: a real object (this test program), then the same
 * bytes truncated, corrupted and scrambled.  Nothing may crash (run under
 * ASan in CI); bad input must come back as JT_EFORMAT.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <gelf.h>

#include "jailtrim/elf.h"
#include "tap.h"

static unsigned char *
slurp(const char *path, size_t *len)
{
	struct stat sb;
	unsigned char *buf;
	int fd = open(path, O_RDONLY);

	if (fd == -1 || fstat(fd, &sb) == -1)
		return (NULL);
	buf = malloc((size_t)sb.st_size);
	if (buf == NULL || read(fd, buf, (size_t)sb.st_size) != sb.st_size) {
		free(buf);
		close(fd);
		return (NULL);
	}
	close(fd);
	*len = (size_t)sb.st_size;
	return (buf);
}

/* Parse a private copy of buf[0..len); returns the status. */
static int
parse_copy(const unsigned char *buf, size_t len, struct jt_err *err)
{
	unsigned char *copy = malloc(len ? len : 1);
	struct jt_elf *e = NULL;
	int rc;

	memcpy(copy, buf, len);
	rc = jt_elf_open_mem(&e, copy, len, "copy", err);
	jt_elf_free(e);
	free(copy);
	return (rc);
}

static bool
has_str(const char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return (true);
	return (false);
}

static void
test_real(unsigned char *buf, size_t len)
{
	const struct jt_elf_info *in;
	struct jt_elf *e;
	struct jt_err err;
	bool undef_elf_memory = false, vneed = false;

	ok(jt_elf_open_mem(&e, buf, len, "self", &err) == 0,
	    "this test program parses");
	in = jt_elf_info(e);
	ok(in->elfclass == (sizeof(void *) == 8 ? 64 : 32), "class %d",
	    in->elfclass);
	ok(in->interp != NULL && in->dynamic, "has PT_INTERP %s",
	    in->interp ? in->interp : "(none)");
	ok(has_str(in->needed, in->nneeded, "libelf.so.1") ||
	    has_str(in->needed, in->nneeded, "libelf.so.2"),
	    "DT_NEEDED names libelf (%zu entries)", in->nneeded);
	for (size_t i = 0; i < in->nsyms; i++)
		if (strcmp(in->syms[i].name, "elf_memory") == 0 &&
		    !in->syms[i].defined)
			undef_elf_memory = true;
	ok(undef_elf_memory, "elf_memory is an undefined dynamic symbol");
	for (size_t i = 0; i < in->nvneed; i++)
		vneed |= in->vneed[i].file != NULL && in->vneed[i].name != NULL;
	ok(in->nvneed > 0 && vneed, "version needs recorded (%zu)",
	    in->nvneed);
	jt_elf_free(e);
}

static void
test_truncated(const unsigned char *buf, size_t len)
{
	struct jt_err err;
	size_t cuts[] = { 0, 1, 3, 4, 16, 52, 63, 64, 100, 1000 };
	int bad = 0, crash_free = 0;

	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		bad += parse_copy(buf, cuts[i], &err) == JT_EFORMAT;
	ok(bad == (int)(sizeof(cuts) / sizeof(cuts[0])),
	    "short prefixes are all JT_EFORMAT (%d)", bad);
	/* Every 61st length up to the whole file: no crash, sane codes. */
	for (size_t n = 0; n < len; n += 61) {
		int rc = parse_copy(buf, n, &err);

		crash_free += rc == 0 || rc == JT_EFORMAT;
	}
	ok(crash_free == (int)((len + 60) / 61),
	    "every truncation parses or fails cleanly");
	ok(parse_copy(buf, len / 2, &err) == JT_EFORMAT &&
	    strstr(err.msg, "malformed ELF") != NULL,
	    "half the file: %s", err.msg);
}

static void
test_corrupt(const unsigned char *buf, size_t len)
{
	unsigned char *c = malloc(len);
	GElf_Ehdr eh;
	struct jt_err err;
	Elf *elf;
	int rc, clean = 0;

	/* Absurd section header offset and count. */
	memcpy(c, buf, len);
	elf_version(EV_CURRENT);
	elf = elf_memory((char *)c, len);
	gelf_getehdr(elf, &eh);
	elf_end(elf);
	if (eh.e_ident[EI_CLASS] == ELFCLASS64) {
		Elf64_Ehdr *h = (Elf64_Ehdr *)c;

		h->e_shoff = 0xffffffffffffULL;
		rc = parse_copy(c, len, &err);
		ok(rc == JT_EFORMAT, "absurd e_shoff: %s", err.msg);
		memcpy(c, buf, len);
		h->e_shnum = 0xffff;
		rc = parse_copy(c, len, &err);
		ok(rc == JT_EFORMAT, "absurd e_shnum: %s", err.msg);
		memcpy(c, buf, len);
		h->e_phoff = len - 8;
		rc = parse_copy(c, len, &err);
		ok(rc == JT_EFORMAT, "program headers past the end: %s",
		    err.msg);
		/* Every section claims a huge size. */
		memcpy(c, buf, len);
		for (unsigned i = 1; i < h->e_shnum; i++) {
			Elf64_Shdr *sh = (Elf64_Shdr *)(c + h->e_shoff +
			    (size_t)i * h->e_shentsize);

			if (sh->sh_type == SHT_DYNSYM)
				sh->sh_size = 0x7fffffffffffULL;
		}
		rc = parse_copy(c, len, &err);
		ok(rc == JT_EFORMAT, "absurd .dynsym size: %s", err.msg);
	}
	/* Scrambled bytes (fixed seed): parse or fail, never crash. */
	srandom(42);
	for (int i = 0; i < 300; i++) {
		memcpy(c, buf, len);
		for (int j = 0; j < 20; j++)
			c[64 + (size_t)random() % (len - 64)] = (unsigned char)random();
		rc = parse_copy(c, len, &err);
		clean += rc == 0 || rc == JT_EFORMAT;
	}
	ok(clean == 300, "300 scrambled copies parse or fail cleanly");
	free(c);
}

int
main(int argc, char **argv)
{
	unsigned char *buf;
	size_t len;
	struct jt_err err;
	struct jt_elf *e;

	(void)argc;
	if ((buf = slurp("/proc/self/exe", &len)) == NULL &&
	    (buf = slurp(argv[0], &len)) == NULL)
		tap_skip_all("cannot read this program's own file");
	ok(jt_elf_open_mem(&e, (void *)"#!/bin/sh\n", 10, "script", &err) ==
	    JT_EFORMAT && strcmp(err.msg, "not an ELF object") == 0,
	    "a script is not ELF");
	test_real(buf, len);
	test_truncated(buf, len);
	test_corrupt(buf, len);
	free(buf);
	return (tap_done());
}
