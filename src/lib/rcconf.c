/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rc.conf and rc.d scripts as rc.subr's load_rc_config and run_rc_command
 * see them: the views (global, per service, per script) and what they
 * hold.  The shell evaluator is rcconf_sh.c.  See jailtrim/rcconf.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rcconf_int.h"

const char *
rc_var_get(const struct jt_rcconf *rc, const char *name, size_t n)
{
	const struct rcval *v = map_getn(&rc->vars, name, n);

	return (v != NULL ? v->value : NULL);
}

int
rc_var_set(struct jt_rcconf *rc, const char *name, const char *value,
    size_t fidx, int line)
{
	struct rcval *v = map_get(&rc->vars, name), *nv;
	char *s;

	if ((s = strdup(value)) == NULL)
		return (JT_ENOMEM);
	if (v != NULL) {
		free(v->value);
		*v = (struct rcval){ s, fidx, line };
		return (0);
	}
	if ((nv = malloc(sizeof(*nv))) == NULL) {
		free(s);
		return (JT_ENOMEM);
	}
	*nv = (struct rcval){ s, fidx, line };
	if (map_put(&rc->vars, name, nv) != 0) {
		free(s);
		free(nv);
		return (JT_ENOMEM);
	}
	return (0);
}

/* Source path if it is there; only "not there" is not an error. */
static int
source_opt(struct jt_rcconf *rc, struct jt_source *src, const char *path,
    struct jt_err *err)
{
	int r = rc_source(rc, src, path, 0, RC_CONF, err);

	return (r == JT_ENOENT || r == JT_ENOTDIR ? 0 : r);
}

static void
rcval_free(void *p)
{
	struct rcval *v = p;

	free(v->value);
	free(v);
}

void
jt_rcconf_free(struct jt_rcconf *rc)
{
	if (rc == NULL)
		return;
	map_each(&rc->vars, rcval_free);
	map_free(&rc->vars);
	strv_free(&rc->files);
	for (size_t i = 0; i < rc->cmds.n; i++) {
		struct rccmd *c = rc->cmds.v[i];

		free(c->word);
		free(c);
	}
	ptrv_free(&rc->cmds);
	strv_free(&rc->funcs);
	strv_free(&rc->sourced);
	strv_free(&rc->loaded);
	free(rc);
}

int
jt_rcconf_load(struct jt_rcconf **out, struct jt_source *src,
    struct jt_err *err)
{
	struct jt_rcconf *rc;
	struct jt_stat st;
	struct jt_err e;
	int r;

	*out = NULL;
	if ((rc = calloc(1, sizeof(*rc))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf"));
	r = jt_source_lstat(src, "/etc/defaults/rc.conf", &st, &e);
	if (r == 0 || (r != JT_ENOENT && r != JT_ENOTDIR)) {
		struct jt_strv seen = { 0 };
		char *list, *tok, *save;
		const char *files;

		if ((r = rc_source(rc, src, "/etc/defaults/rc.conf", 0,
		    RC_CONF, err)) != 0)
			goto fail;
		/* source_rc_confs: each of ${rc_conf_files} once */
		files = rc_var_get(rc, "rc_conf_files", strlen("rc_conf_files"));
		if ((list = strdup(files != NULL ? files : "")) == NULL) {
			r = jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf");
			goto fail;
		}
		for (tok = strtok_r(list, " \t\n", &save); tok != NULL && r == 0;
		    tok = strtok_r(NULL, " \t\n", &save))
			if (!strv_has(&seen, tok) && (r = strv_push(&seen,
			    tok)) == 0 && tok[0] == '/')
				r = source_opt(rc, src, tok, err);
		free(list);
		strv_free(&seen);
	} else
		r = source_opt(rc, src, "/etc/rc.conf", err);
	if (r != 0)
		goto fail;
	*out = rc;
	return (0);
fail:
	jt_rcconf_free(rc);
	return (r < 0 ? r : jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf"));
}

static int
copy_var(struct jt_rcconf *to, const struct jt_map_slot *s)
{
	const struct rcval *v = s->val;

	return (rc_var_set(to, s->key, v->value, v->file, v->line));
}

struct confd {
	struct jt_rcconf *rc;
	struct jt_source *src;
	const char	*dir;
	struct jt_err	*err;
};

static int
confd_one(void *arg, const char *name, const struct jt_stat *st)
{
	struct confd *c = arg;
	char path[PATH_MAX];

	if (st->type != JT_FT_REG && st->type != JT_FT_LNK)
		return (0);
	if (!path_join(path, sizeof(path), c->dir, name))
		return (0);
	return (source_opt(c->rc, c->src, path, c->err));
}

/* rc.conf.d/NAME under dir: a file, or every file in a directory. */
static int
confd(struct jt_rcconf *rc, struct jt_source *src, const char *dir,
    const char *name, struct jt_err *err)
{
	char want[PATH_MAX], path[PATH_MAX];
	struct jt_stat st;
	struct jt_err e;
	struct confd c = { rc, src, path, err };
	int r;

	if (snprintf(want, sizeof(want), "%s/rc.conf.d/%s", dir, name) >=
	    (int)sizeof(want))
		return (0);
	r = jt_source_resolve(src, want, true, path, sizeof(path), NULL, NULL,
	    &e);
	if (r != 0 || jt_source_lstat(src, path, &st, &e) != 0)
		return (r == JT_ENOENT || r == JT_ENOTDIR || r == 0 ? 0 : r);
	if (st.type == JT_FT_REG)
		return (source_opt(rc, src, path, err));
	if (st.type == JT_FT_DIR)
		return (jt_source_readdir(src, path, confd_one, &c, err));
	return (0);
}

/* A copy of base's variables and files, to add to. */
static int
copy_view(struct jt_rcconf **out, const struct jt_rcconf *base,
    struct jt_err *err)
{
	struct jt_rcconf *rc;
	int r = 0;

	*out = NULL;
	if ((rc = calloc(1, sizeof(*rc))) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf"));
	for (size_t i = 0; r == 0 && i < base->files.n; i++)
		r = strv_push(&rc->files, base->files.v[i]);
	for (size_t i = 0; r == 0 && i < base->funcs.n; i++)
		r = strv_push(&rc->funcs, base->funcs.v[i]);
	for (size_t i = 0; r == 0 && i < base->vars.cap; i++)
		if (base->vars.slots[i].key != NULL)
			r = copy_var(rc, &base->vars.slots[i]);
	rc->nuncertain = base->nuncertain;
	memcpy(rc->uncertain, base->uncertain, sizeof(rc->uncertain));
	if (r != 0) {
		jt_rcconf_free(rc);
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf"));
	}
	*out = rc;
	return (0);
}

static bool
service_name_ok(const char *name)
{
	return (name[0] != '\0' && strchr(name, '/') == NULL &&
	    strcmp(name, ".") != 0 && strcmp(name, "..") != 0);
}

int
rc_service_confd(struct jt_rcconf *rc, struct jt_source *src,
    const char *name, struct jt_err *err)
{
	const char *ls;
	char dir[PATH_MAX];
	int r;

	if (!service_name_ok(name) || src == NULL)
		return (0);	/* rc.subr would look for no such file */
	/* for _d in /etc ${local_startup%*\/rc.d} */
	r = confd(rc, src, "/etc", name, err);
	ls = rc_var_get(rc, "local_startup", strlen("local_startup"));
	if (r == 0 && ls != NULL) {
		size_t n = strlen(ls);

		/* the shortest suffix matching "*\/rc.d": the last "/rc.d" */
		if (n >= 5 && strcmp(ls + n - 5, "/rc.d") == 0) {
			char *t, *save;

			(void)snprintf(dir, sizeof(dir), "%.*s", (int)(n - 5),
			    ls);
			/* unquoted: split into fields */
			for (t = strtok_r(dir, " \t\n", &save); t != NULL &&
			    r == 0; t = strtok_r(NULL, " \t\n", &save))
				if (t[0] == '/')
					r = confd(rc, src, t, name, err);
		}
	}
	return (r);
}

int
jt_rcconf_service(struct jt_rcconf **out, const struct jt_rcconf *base,
    struct jt_source *src, const char *name, struct jt_err *err)
{
	struct jt_rcconf *rc;
	int r;

	*out = NULL;
	if (!service_name_ok(name))
		return (jt_err_set(err, JT_EINVAL, 0, NULL,
		    "%s: not a service name", name));
	if ((r = copy_view(&rc, base, err)) != 0)
		return (r);
	if ((r = rc_service_confd(rc, src, name, err)) != 0) {
		jt_rcconf_free(rc);
		return (r);
	}
	*out = rc;
	return (0);
}

/* FreeBSD sh(1)'s builtins: run by the shell, never looked up on PATH. */
static bool
builtin(const char *w)
{
	static const char *const b[] = { ":", ".", "[", "alias", "bg",
	    "bind", "break", "builtin", "cd", "chdir", "command", "continue",
	    "echo", "eval", "exec", "exit", "export", "false", "fc", "fg",
	    "getopts", "hash", "jobid", "jobs", "kill", "local", "printf",
	    "pwd", "read", "readonly", "return", "set", "setvar", "shift",
	    "source", "test", "times", "trap", "true", "type", "ulimit",
	    "umask", "unalias", "unset", "wait" };

	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		if (strcmp(w, b[i]) == 0)
			return (true);
	return (false);
}

int
jt_rcconf_script(struct jt_rcconf **out, const struct jt_rcconf *base,
    const struct jt_rcconf *lib, struct jt_source *src, const char *script,
    struct jt_err *err)
{
	struct jt_rcconf *rc;
	size_t n = 0;
	int r;

	*out = NULL;
	if ((r = copy_view(&rc, base, err)) != 0)
		return (r);
	if ((r = rc_source(rc, src, script, 0, RC_SCRIPT, err)) != 0) {
		jt_rcconf_free(rc);
		return (r);
	}
	/* keep the commands: not builtins, not functions defined here or
	   in lib (rc.subr's); an empty word stays (a computed command) */
	for (size_t i = 0; i < rc->cmds.n; i++) {
		struct rccmd *c = rc->cmds.v[i];

		if (c->word[0] != '\0' && (builtin(c->word) ||
		    strv_has(&rc->funcs, c->word) ||
		    (lib != NULL && strv_has(&lib->funcs, c->word)))) {
			free(c->word);
			free(c);
		} else
			rc->cmds.v[n++] = c;
	}
	rc->cmds.n = n;
	*out = rc;
	return (0);
}

const char *
jt_rcconf_get(const struct jt_rcconf *rc, const char *var)
{
	return (rc_var_get(rc, var, strlen(var)));
}

bool
jt_rcconf_lookup(const struct jt_rcconf *rc, const char *var,
    struct jt_rcvar *out)
{
	const struct rcval *v = map_get(&rc->vars, var);

	if (v == NULL)
		return (false);
	*out = (struct jt_rcvar){ v->value, rc->files.v[v->file], v->line };
	return (true);
}

bool
jt_rcconf_is_yes(const char *v)
{
	return (v != NULL && (strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0 ||
	    strcmp(v, "1") == 0));
}

bool
jt_rcconf_yes(const struct jt_rcconf *rc, const char *var)
{
	return (jt_rcconf_is_yes(jt_rcconf_get(rc, var)));
}

int
jt_rcconf_each(const struct jt_rcconf *rc,
    int (*fn)(void *arg, const char *var, const struct jt_rcvar *v),
    void *arg)
{
	for (size_t i = 0; i < rc->vars.cap; i++) {
		const struct jt_map_slot *s = &rc->vars.slots[i];
		const struct rcval *v = s->val;
		struct jt_rcvar rv;
		int r;

		if (s->key == NULL)
			continue;
		rv = (struct jt_rcvar){ v->value, rc->files.v[v->file],
		    v->line };
		if ((r = fn(arg, s->key, &rv)) != 0)
			return (r);
	}
	return (0);
}

size_t
jt_rcconf_nfiles(const struct jt_rcconf *rc)
{
	return (rc->files.n);
}

const char *
jt_rcconf_file(const struct jt_rcconf *rc, size_t i)
{
	return (i < rc->files.n ? rc->files.v[i] : NULL);
}

size_t
jt_rcconf_nuncertain(const struct jt_rcconf *rc)
{
	return (rc->nuncertain);
}

const char *
jt_rcconf_uncertain(const struct jt_rcconf *rc)
{
	return (rc->nuncertain > 0 ? rc->uncertain : NULL);
}

size_t
jt_rcconf_ncommands(const struct jt_rcconf *rc)
{
	return (rc->cmds.n);
}

const struct jt_rccmd *
jt_rcconf_command(const struct jt_rcconf *rc, size_t i)
{
	return (i < rc->cmds.n ? &((struct rccmd *)rc->cmds.v[i])->pub :
	    NULL);
}

size_t
jt_rcconf_nfunctions(const struct jt_rcconf *rc)
{
	return (rc->funcs.n);
}

const char *
jt_rcconf_function(const struct jt_rcconf *rc, size_t i)
{
	return (i < rc->funcs.n ? rc->funcs.v[i] : NULL);
}

bool
jt_rcconf_sources(const struct jt_rcconf *rc, const char *path)
{
	return (strv_has(&rc->sourced, path));
}
