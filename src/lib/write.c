/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The outputs as a table (write.h): each row names a kind and the writer
 * that makes it from a jail specification.  The rows for the directory,
 * the tarball and the mtree adapt the plan writers of write_dir.c and
 * write_tar.c; the stanza's is write_jailconf.c.
 */
#include <stddef.h>
#include <string.h>

#include "jailtrim/write.h"

static int
check_dir(const char *path, const struct jt_write_opts *o, struct jt_err *err)
{
	return (jt_write_dir_check(path, o, err));
}

static int
check_tar(const char *path, const struct jt_write_opts *o, struct jt_err *err)
{
	return (jt_write_file_check(path, true, o, err));
}

static int
check_file(const char *path, const struct jt_write_opts *o,
    struct jt_err *err)
{
	return (jt_write_file_check(path, false, o, err));
}

/* In writing order: the stanza names the directory the "dir" row made. */
static const struct jt_writer writers[] = {
	{ "dir", "writing the jail", false, check_dir, jt_write_dir_out },
	{ "tar", "writing and compressing the tarball", false, check_tar,
	    jt_write_tar_out },
	{ "mtree", "writing the mtree", true, check_file, jt_write_mtree_out },
	{ "jailconf", "writing the jail.conf stanza", true, check_file,
	    jt_write_jailconf },
};

const struct jt_writer *
jt_writers(size_t *n)
{
	*n = sizeof(writers) / sizeof(writers[0]);
	return (writers);
}

const struct jt_writer *
jt_writer_find(const char *kind)
{
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (strcmp(writers[i].kind, kind) == 0)
			return (&writers[i]);
	return (NULL);
}

int
jt_write_dir_out(const struct jt_output *out, const char *path,
    struct jt_err *err)
{
	return (jt_write_dir(out->spec->plan, path, &out->opts, err));
}

int
jt_write_tar_out(const struct jt_output *out, const char *path,
    struct jt_err *err)
{
	return (jt_write_tar(out->spec->plan, path, &out->opts, err));
}

int
jt_write_mtree_out(const struct jt_output *out, const char *path,
    struct jt_err *err)
{
	return (jt_write_mtree(out->spec->plan, path, &out->opts, err));
}
