/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tar stream (any compression) as a source: index it, then resolve and
 * list everything in it.  Sources are opened by name, so the input is
 * given one: on Linux an anonymous memory file named through
 * /proc/self/fd (nothing on any file system, nothing left by a crash);
 * elsewhere a temporary file in $TMPDIR.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include <archive.h>
#include <archive_entry.h>

#include "jailtrim/source.h"
#include "fuzz.h"

static int
visit(void *arg, const char *path, const struct jt_stat *st)
{
	struct jt_source *s = arg;
	char real[4096];
	struct jt_err err;
	void *buf;
	size_t len;

	(void)jt_source_resolve(s, path, true, real, sizeof(real), NULL, NULL,
	    &err);
	if (st->type == JT_FT_REG)
		(void)jt_source_read(s, path, &buf, &len, &err);
	return (0);
}

/* A descriptor holding the input, and a name that opens it. */
static int
input_file(char *name, size_t len)
{
#if defined(__linux__)
	int fd = memfd_create("jt-fuzz-tar", MFD_CLOEXEC);

	if (fd != -1)
		snprintf(name, len, "/proc/self/fd/%d", fd);
	return (fd);
#else
	const char *tmp = getenv("TMPDIR");

	snprintf(name, len, "%s/jt-fuzz-tar-XXXXXX", tmp != NULL &&
	    *tmp != '\0' ? tmp : "/tmp");
	return (mkstemp(name));	/* unlinked after the run */
#endif
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[4096];
	struct jt_source *s;
	struct jt_err err;
	int fd = input_file(path, sizeof(path));

	if (fd == -1)
		return (0);
	if (write(fd, data, size) == (ssize_t)size &&
	    jt_source_new(&s, &err) == 0) {
		if (jt_source_add(s, path, &err) == 0)
			(void)jt_source_walk(s, visit, s, &err);
		jt_source_free(s);
	}
#if !defined(__linux__)
	(void)unlink(path);
#endif
	close(fd);
	return (0);
}

/* Seeds: one small tree in each tar dialect and compression. */
static void
add_entry(struct archive *a, const char *name, int type, int mode,
    const char *data, const char *link)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_mtime(e, 1600000000, 0);
	if (type == 0) {
		archive_entry_set_hardlink(e, link);
	} else {
		archive_entry_set_filetype(e, (unsigned)type);
		archive_entry_set_perm(e, (mode_t)mode);
		if (type == AE_IFLNK)
			archive_entry_set_symlink(e, link);
		if (data != NULL)
			archive_entry_set_size(e, (la_int64_t)strlen(data));
	}
	archive_write_header(a, e);
	if (data != NULL)
		archive_write_data(a, data, strlen(data));
	archive_entry_free(e);
}

void
jt_fuzz_seeds(void (*add)(const void *data, size_t len))
{
	static const int formats[] = { ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FORMAT_TAR_GNUTAR };
	static const int filters[] = { ARCHIVE_FILTER_NONE,
	    ARCHIVE_FILTER_GZIP, ARCHIVE_FILTER_XZ };
	static char buf[64 * 1024];
	size_t used;

	for (size_t f = 0; f < 3; f++)
		for (size_t z = 0; z < 3; z++) {
			struct archive *a = archive_write_new();

			if (archive_write_set_format(a, formats[f]) !=
			    ARCHIVE_OK || archive_write_add_filter(a,
			    filters[z]) != ARCHIVE_OK ||
			    archive_write_open_memory(a, buf, sizeof(buf),
			    &used) != ARCHIVE_OK) {
				archive_write_free(a);
				continue;
			}
			add_entry(a, "usr/", AE_IFDIR, 0755, NULL, NULL);
			add_entry(a, "usr/lib/", AE_IFDIR, 0755, NULL, NULL);
			add_entry(a, "usr/lib/libc.so.7", AE_IFREG, 0444,
			    "\177ELF not really\n", NULL);
			add_entry(a, "usr/lib/libc.so", AE_IFLNK, 0777, NULL,
			    "libc.so.7");
			add_entry(a, "lib", AE_IFLNK, 0777, NULL, "/usr/lib");
			add_entry(a, "usr/lib/up", AE_IFLNK, 0777, NULL,
			    "../../..");
			add_entry(a, "usr/lib/libc.so.7.bak", 0, 0, NULL,
			    "usr/lib/libc.so.7");
			add_entry(a, "etc/passwd", AE_IFREG, 0644,
			    "root:*:0:0::/root:/bin/sh\n", NULL);
			if (archive_write_close(a) == ARCHIVE_OK)
				add(buf, used);
			archive_write_free(a);
		}
}
