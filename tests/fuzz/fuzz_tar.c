/*
 * A tar stream (any compression) as a source: index it, then resolve and
 * list everything in it.  The input goes through a temporary file because
 * sources are opened by name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "jailtrim/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/jt-fuzz-tar-XXXXXX";
	struct jt_source *s;
	struct jt_err err;
	int fd = mkstemp(path);

	if (fd == -1)
		return (0);
	if (write(fd, data, size) == (ssize_t)size &&
	    jt_source_new(&s, &err) == 0) {
		if (jt_source_add(s, path, &err) == 0)
			(void)jt_source_walk(s, visit, s, &err);
		jt_source_free(s);
	}
	close(fd);
	unlink(path);
	return (0);
}
