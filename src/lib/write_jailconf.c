/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The jail.conf stanza writer: the stanza's own fields (struct
 * jt_output's jailconf) completed from the jail specification, rendered
 * by jailconf.c and put in place atomically, or on standard output.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jailtrim/jailconf.h"
#include "jailtrim/write.h"
#include "util.h"

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

/*
 * The stanza of out as the writer renders it: c is out's own fields
 * completed from the spec (the path from the written dir, the commands,
 * the first exec.stop), with the profiles' parameters before its own in
 * *params (malloc'd, NULL-terminated; c->params points to it).
 */
static int
complete(const struct jt_output *out, struct jt_jailconf *c, char *abs,
    const char ***params, struct jt_err *err)
{
	const struct jt_jailspec *sp = out->spec;

	*c = *out->jailconf;
	*params = NULL;
	if (c->path == NULL) {
		if (out->dir == NULL || realpath(out->dir, abs) == NULL)
			return (jt_err_set(err, JT_EINVAL, errno, out->dir,
			    "no path for the jail.conf stanza"));
		c->path = abs;
	}
	if (c->exec_start == NULL && c->nexec_start == 0) {
		c->exec_start_list = sp->commands.v;
		c->nexec_start = sp->commands.n;
	}
	if (c->exec_stop == NULL && sp->stops.n > 0)
		c->exec_stop = sp->stops.v[0];
	/* The profiles' parameters first: the stanza's own come later. */
	if ((*params = calloc(sp->params.n + c->nparams + 1,
	    sizeof(**params))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, c->name,
		    "parameters"));
	for (size_t i = 0; i < sp->params.n; i++)
		(*params)[i] = sp->params.v[i];
	for (size_t i = 0; i < c->nparams; i++)
		(*params)[sp->params.n + i] = c->params[i];
	c->params = *params;
	c->nparams += sp->params.n;
	return (0);
}

int
jt_write_jailconf(const struct jt_output *out, const char *path,
    struct jt_err *err)
{
	struct jt_jailconf c;
	const char **params;
	char abs[PATH_MAX], *text = NULL;
	int rc;

	if ((rc = complete(out, &c, abs, &params, err)) != 0)
		return (rc);
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

/* The key of "key" or "key=value", its length. */
static size_t
keylen(const char *p)
{
	return (strcspn(p, "= \t"));
}

/*
 * Whether p goes to the top of a file of stanzas: every stanza has it,
 * and none sets its key to anything else (jail(8) takes a stanza's own
 * assignment over a global one, so a global that some stanza set again,
 * before or after, would change what that jail gets).
 */
static bool
is_global(const char *p, struct jt_jailconf *cs, size_t n)
{
	size_t kl = keylen(p);

	for (size_t j = 0; j < n; j++) {
		bool has = false;

		for (size_t i = 0; i < cs[j].nparams; i++) {
			const char *q = cs[j].params[i];

			if (strcmp(q, p) == 0)
				has = true;
			else if (keylen(q) == kl && strncmp(q, p, kl) == 0)
				return (false);
		}
		if (!has)
			return (false);
	}
	return (true);
}

/* cs[j]'s parameters without the globals, in place (the array is ours). */
static void
drop_globals(struct jt_jailconf *c, const char **params,
    const struct jt_strv *globals)
{
	size_t k = 0;

	for (size_t i = 0; i < c->nparams; i++)
		if (!strv_has(globals, params[i]))
			params[k++] = params[i];
	params[k] = NULL;
	c->nparams = k;
}

int
jt_write_jailconf_many(const struct jt_output *const *outs, size_t n,
    const char *path, struct jt_err *err)
{
	struct jt_jailconf *cs;
	struct jt_strv globals = { 0 };
	const char ***params;
	char (*abs)[PATH_MAX], *text = NULL, *one;
	size_t len = 0;
	FILE *f = NULL;
	int rc = 0;

	cs = calloc(n + 1, sizeof(*cs));
	params = calloc(n + 1, sizeof(*params));
	abs = calloc(n + 1, sizeof(*abs));
	if (cs == NULL || params == NULL || abs == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, path, "jail.conf");
		goto out;
	}
	for (size_t j = 0; j < n; j++)
		if ((rc = complete(outs[j], &cs[j], abs[j], &params[j],
		    err)) != 0)
			goto out;
	for (size_t i = 0; n > 0 && i < cs[0].nparams; i++)
		if (is_global(cs[0].params[i], cs, n) &&
		    strv_push_uniq(&globals, cs[0].params[i]) != 0) {
			rc = jt_err_set(err, JT_ENOMEM, errno, path, "jail.conf");
			goto out;
		}
	if ((f = open_memstream(&text, &len)) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, path, "jail.conf");
		goto out;
	}
	if ((rc = jt_jailconf_render_globals((const char *const *)(void *)
	    globals.v, globals.n, &one, err)) != 0)
		goto out;
	fputs(one, f);
	free(one);
	for (size_t j = 0; j < n; j++) {
		drop_globals(&cs[j], params[j], &globals);
		if ((rc = jt_jailconf_render(&cs[j], &one, err)) != 0)
			goto out;
		fprintf(f, "%s%s", j > 0 || globals.n > 0 ? "\n" : "", one);
		free(one);
	}
	if (fclose(f) != 0) {
		f = NULL;
		rc = jt_err_set(err, JT_ENOMEM, errno, path, "jail.conf");
		goto out;
	}
	f = NULL;
	rc = jt_write_text(path, text, err);
out:
	if (f != NULL)
		fclose(f);
	free(text);
	for (size_t j = 0; params != NULL && j < n; j++)
		free(params[j]);
	free(params);
	free(cs);
	free(abs);
	strv_free(&globals);
	return (rc);
}
