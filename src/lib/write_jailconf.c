/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The jail.conf stanza writer: the stanza's own fields (struct
 * jt_output's jailconf) completed from the jail specification, rendered
 * by jailconf.c and put in place atomically, or on standard output.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/jailconf.h"
#include "jailtrim/write.h"

/* All of text on fd 1, for "-": nothing to rename. */
static int
to_stdout(const char *text, struct jt_err *err)
{
	size_t len = strlen(text), done = 0;

	while (done < len) {
		ssize_t w = write(STDOUT_FILENO, text + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return (jt_err_set(err, JT_EIO, errno, "-", "stdout"));
		done += (size_t)w;
	}
	return (0);
}

int
jt_write_jailconf(const struct jt_output *out, const char *path,
    struct jt_err *err)
{
	const struct jt_jailspec *sp = out->spec;
	struct jt_jailconf c = *out->jailconf;
	const char **params;
	char abs[PATH_MAX], *text = NULL;
	int rc;

	if (c.path == NULL) {
		if (out->dir == NULL || realpath(out->dir, abs) == NULL)
			return (jt_err_set(err, JT_EINVAL, errno, out->dir,
			    "no path for the jail.conf stanza"));
		c.path = abs;
	}
	if (c.exec_start == NULL && c.nexec_start == 0) {
		c.exec_start_list = sp->commands.v;
		c.nexec_start = sp->commands.n;
	}
	if (c.exec_stop == NULL && sp->stops.n > 0)
		c.exec_stop = sp->stops.v[0];
	/* The profiles' parameters first: the stanza's own come later. */
	if ((params = calloc(sp->params.n + c.nparams + 1,
	    sizeof(*params))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, path, "parameters"));
	for (size_t i = 0; i < sp->params.n; i++)
		params[i] = sp->params.v[i];
	for (size_t i = 0; i < c.nparams; i++)
		params[sp->params.n + i] = c.params[i];
	c.params = params;
	c.nparams += sp->params.n;
	rc = jt_jailconf_render(&c, &text, err);
	free(params);
	if (rc != 0)
		return (rc);
	if (strcmp(path, "-") == 0)
		rc = to_stdout(text, err);
	else
		rc = jt_write_text(path, text, err);
	free(text);
	return (rc);
}
