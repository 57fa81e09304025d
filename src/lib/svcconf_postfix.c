/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Postfix main.cf and master.cf (postconf(5), master(5); util/readlline.c,
 * util/split_nameval.c, global/mail_conf_file.c, master/master_ent.c):
 *   - a logical line starts with a non-blank; a line starting with a
 *     blank continues it; a line whose first non-blank is "#" is a
 *     comment, also inside a continued line;
 *   - main.cf: "name = value" (postfix refuses to start on a line
 *     without "=": "missing '=' after attribute name"); values expand
 *     $name, ${name} and $(name), and ${name?text}/${name:text};
 *   - master.cf: "service type private unpriv chroot wakeup maxproc
 *     command [args]"; the command is a program in daemon_directory (or
 *     an absolute path); pipe(8)'s argv=PROGRAM is the program it runs.
 * Followed: daemon_directory's programs master.cf names (closed), the
 * TLS files (keys keep their modes: others reading one is a warning),
 * the files behind lookup tables ("hash:/etc/aliases" is
 * /etc/aliases.db) and the shared objects of dynamically loaded table
 * types (dynamicmaps.cf); queue_directory's subdirectories,
 * data_directory and mail_spool_directory (places postfix writes).  A
 * service run chrooted ("y" in the chroot column) sees only
 * queue_directory: what Debian's configure-instance.sh copies there
 * (etc/services, etc/hosts, ...) is kept when the source has it (the
 * profile's prestart copies it into a jail built before any start).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svcconf_int.h"

#define PF_MAX_EXPAND	16		/* nested $name expansions */
#define PF_MAX_VALUE	SC_MAX_LINE

struct pf {
	struct scx	*x;
	struct jt_map	 vars;		/* name -> value (owned) */
	struct jt_strv	 dyn;		/* dynamicmaps.cf pairs */
	bool		 fbsd;
	bool		 chroot;	/* a service runs chrooted */
};

/* Compiled-in defaults (FreeBSD's port, Debian's package). */
static const char *
pf_default(const struct pf *pf, const char *name)
{
	static const struct {
		const char *name, *fbsd, *linux;
	} d[] = {
		{ "config_directory", "/usr/local/etc/postfix",
		    "/etc/postfix" },
		{ "daemon_directory", "/usr/local/libexec/postfix",
		    "/usr/lib/postfix/sbin" },
		{ "command_directory", "/usr/local/sbin", "/usr/sbin" },
		{ "queue_directory", "/var/spool/postfix",
		    "/var/spool/postfix" },
		{ "data_directory", "/var/db/postfix", "/var/lib/postfix" },
		{ "meta_directory", "/usr/local/libexec/postfix",
		    "/etc/postfix" },
		{ "shlib_directory", "no", "/usr/lib/postfix" },
		{ "mail_owner", "postfix", "postfix" },
		{ "setgid_group", "maildrop", "postdrop" },
		{ "mail_spool_directory", "/var/mail", "/var/mail" },
	};

	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (strcmp(d[i].name, name) == 0)
			return (pf->fbsd ? d[i].fbsd : d[i].linux);
	return (NULL);
}

static const char *
pf_raw(const struct pf *pf, const char *name, size_t len)
{
	const char *v = map_getn(&pf->vars, name, len);
	char key[128];

	if (v != NULL || len >= sizeof(key))
		return (v);
	memcpy(key, name, len);
	key[len] = '\0';
	return (pf_default(pf, key));
}

static bool pf_expand_in(const struct pf *pf, const char *s, char *out,
    size_t len, size_t *o, int depth);

static bool
pf_put(char *out, size_t len, size_t *o, const char *s, size_t n)
{
	if (*o + n >= len)
		return (false);
	memcpy(out + *o, s, n);
	*o += n;
	out[*o] = '\0';
	return (true);
}

/* One $ reference at s (after the "$"); *used: bytes of s it took. */
static bool
pf_ref(const struct pf *pf, const char *s, size_t *used, char *out,
    size_t len, size_t *o, int depth)
{
	const char *name = s, *v, *alt = NULL;
	char close = 0, op = 0, tmp[PF_MAX_VALUE];
	size_t n, altn = 0;

	if (*s == '{' || *s == '(') {
		close = *s == '{' ? '}' : ')';
		name = ++s;
	}
	n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_");
	if (close != 0) {
		const char *e = name + n;

		if (*e == '?' || *e == ':') {
			int nest = 0;

			op = *e;
			alt = e + 1;
			/* the text may hold ${name} itself */
			for (e = alt; *e != '\0' && (*e != close || nest > 0);
			    e++)
				nest += *e == (close == '}' ? '{' : '(') ? 1 :
				    *e == close ? -1 : 0;
			if (*e == '\0')
				return (false);
			altn = (size_t)(e - alt);
		} else if (*e != close)
			return (false);
		*used = (size_t)(e + 1 - (close != 0 ? s - 1 : s));
	} else
		*used = n;
	if (n == 0)
		return (false);
	v = pf_raw(pf, name, n);
	if (op != 0) {
		/* ?text when the parameter is non-empty, :text when empty */
		bool set = v != NULL && v[0] != '\0';

		if ((op == '?') != set)
			return (true);
		if (altn >= sizeof(tmp))
			return (false);
		memcpy(tmp, alt, altn);
		tmp[altn] = '\0';
		return (pf_expand_in(pf, tmp, out, len, o, depth + 1));
	}
	return (v == NULL || pf_expand_in(pf, v, out, len, o, depth + 1));
}

static bool
pf_expand_in(const struct pf *pf, const char *s, char *out, size_t len,
    size_t *o, int depth)
{
	size_t used;

	if (depth > PF_MAX_EXPAND)
		return (false);
	while (*s != '\0') {
		size_t n = strcspn(s, "$");

		if (!pf_put(out, len, o, s, n))
			return (false);
		if (s[n] == '\0')
			break;
		s += n + 1;
		if (*s == '$') {
			if (!pf_put(out, len, o, "$", 1))
				return (false);
			s++;
			continue;
		}
		if (!pf_ref(pf, s, &used, out, len, o, depth))
			return (false);
		s += used;
	}
	return (true);
}

/* The expanded value of parameter name; NULL when unset or too deep. */
static const char *
pf_get(const struct pf *pf, const char *name, char *out, size_t len)
{
	const char *v = pf_raw(pf, name, strlen(name));
	size_t o = 0;

	out[0] = '\0';
	if (v == NULL || !pf_expand_in(pf, v, out, len, &o, 0))
		return (NULL);
	return (out);
}

/*
 * readlline(): the next logical line of buf into line; 1, 0 at the end,
 * -1 when too long.  A blank first line is told as postfix does.
 */
static int
pf_line(struct scx *x, const char *file, struct lines *l, char *line,
    size_t len, int *lineno)
{
	char phys[SC_MAX_LINE];
	size_t o = 0;
	bool toolong = false;
	int n, pno;

	line[0] = '\0';
	*lineno = 0;
	for (;;) {
		struct lines save = *l;
		const char *p;

		if ((n = lines_next(l, phys, sizeof(phys), false, &pno)) == 0)
			break;
		if (n < 0) {
			toolong = true;
			continue;
		}
		p = phys + strspn(phys, " \t\r\f\v");
		if (*p == '#' || *p == '\0')
			continue;	/* comments and blank lines go */
		if (p == phys) {
			if (*lineno != 0) {
				*l = save;	/* the next logical line */
				break;
			}
			*lineno = pno;
		} else if (*lineno == 0) {
			/* postfix warns and goes on */
			scx_warning(x, file, pno, "logical line must not start "
			    "with whitespace; ignored");
			continue;
		}
		if (o + strlen(phys) + 2 >= len)
			toolong = true;
		else
			o += (size_t)snprintf(line + o, len - o, "%s%s",
			    o > 0 ? " " : "", p);
	}
	if (*lineno == 0 && !toolong)
		return (0);
	if (toolong) {
		scx_problem(x, file, *lineno ? *lineno : pno, "line longer "
		    "than %d bytes; not read", SC_MAX_LINE);
		return (-1);
	}
	return (1);
}

/* False when main.cf could not be read: nothing else is followed. */
static bool
pf_read_main(struct pf *pf, const char *conf)
{
	char line[SC_MAX_LINE], *name, *val, *e, *copy;
	struct lines l;
	const char *buf;
	size_t len;
	int n, lineno;

	if (scx_open(pf->x, conf, "postfix main.cf", NULL, 0, false, &buf,
	    &len) != 0)
		return (false);
	lines_init(&l, buf, len);
	while (pf->x->rc == 0 &&
	    (n = pf_line(pf->x, conf, &l, line, sizeof(line), &lineno)) != 0) {
		if (n < 0)
			continue;
		/* split_nameval(): name, blanks, "=", blanks, value */
		name = line;
		e = name + strcspn(name, " \t=");
		val = e + strspn(e, " \t");
		if (e == name) {
			scx_problem(pf->x, conf, lineno, "missing attribute "
			    "name (postfix will not start)");
			continue;
		}
		if (*val != '=') {
			*e = '\0';
			scx_problem(pf->x, conf, lineno, "missing '=' after "
			    "attribute name '%s' (postfix will not start)",
			    name);
			continue;
		}
		*e = '\0';
		val++;
		val += strspn(val, " \t");
		for (e = val + strlen(val); e > val && (e[-1] == ' ' ||
		    e[-1] == '\t'); e--)
			;
		*e = '\0';
		free(map_get(&pf->vars, name));
		if ((copy = strdup(val)) == NULL ||
		    map_put(&pf->vars, name, copy) != 0) {
			free(copy);
			scx_oom(pf->x);
		}
	}
	scx_close(pf->x);
	return (pf->x->rc == 0);
}

/* An absolute path parameter: need it (kind), a key checked for mode. */
static void
pf_path_param(struct pf *pf, const char *conf, const char *name,
    enum jt_svc_kind kind, bool key)
{
	char val[PF_MAX_VALUE], why[PATH_MAX + 512], *w, *save = NULL;

	if (pf_get(pf, name, val, sizeof(val)) == NULL)
		return;
	snprintf(why, sizeof(why), "%s in %s", name, conf);
	/* smtpd_tls_chain_files is a list; the others one path */
	for (w = strtok_r(val, " \t,", &save); w != NULL && pf->x->rc == 0;
	    w = strtok_r(NULL, " \t,", &save)) {
		if (w[0] != '/')
			continue;
		if (scx_need(pf->x, w, kind, why, conf, 0) && key)
			scx_key_mode(pf->x, w, name, conf, 0);
	}
}

/* The shared object dynamicmaps.cf names for a table type, or NULL. */
static const char *
pf_dyn(const struct pf *pf, const char *type)
{
	for (size_t i = 0; i + 1 < pf->dyn.n; i += 2)
		if (strcmp(pf->dyn.v[i], type) == 0)
			return (pf->dyn.v[i + 1]);
	return (NULL);
}

/* One "type:name" table of a list; proxy: and friends unwrapped. */
static void
pf_table(struct pf *pf, const char *conf, const char *param, char *t)
{
	static const char *const wrap[] = { "proxy:", "unionmap:",
	    "pipemap:" };
	static const struct {
		const char *type, *suffix;
	} files[] = {
		{ "hash", ".db" }, { "btree", ".db" }, { "lmdb", ".lmdb" },
		{ "cdb", ".cdb" }, { "texthash", "" }, { "regexp", "" },
		{ "pcre", "" }, { "cidr", "" }, { "ldap", "" },
		{ "mysql", "" }, { "pgsql", "" }, { "sqlite", "" },
		{ "memcache", "" }, { "dbm", ".pag" },
	};
	char path[PATH_MAX], why[PATH_MAX + 512], *colon;
	const char *so;

	for (size_t i = 0; i < sizeof(wrap) / sizeof(wrap[0]); i++)
		if (strncmp(t, wrap[i], strlen(wrap[i])) == 0)
			t += strlen(wrap[i]);
	if (t[0] == '{' || (colon = strchr(t, ':')) == NULL)
		return;
	*colon = '\0';
	snprintf(why, sizeof(why), "%s table %s:%s in %s", param, t, colon + 1,
	    conf);
	if ((so = pf_dyn(pf, t)) != NULL) {
		char shlib[PF_MAX_VALUE], sopath[PATH_MAX];

		if (pf_get(pf, "shlib_directory", shlib, sizeof(shlib)) ==
		    NULL || strcmp(shlib, "no") == 0)
			snprintf(shlib, sizeof(shlib), "/");
		if (abs_join(sopath, sizeof(sopath), shlib, so))
			(void)scx_need(pf->x, sopath, JT_SVC_OBJECT, why, conf,
			    0);
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (strcmp(t, files[i].type) != 0 || colon[1] != '/')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s%s", colon + 1,
		    files[i].suffix) < sizeof(path))
			(void)scx_need(pf->x, path, JT_SVC_FILE, why, conf, 0);
	}
}

static void
pf_tables(struct pf *pf, const char *conf, const char *name)
{
	char val[PF_MAX_VALUE], *w, *save = NULL;

	if (pf_get(pf, name, val, sizeof(val)) == NULL)
		return;
	for (w = strtok_r(val, " \t,", &save); w != NULL && pf->x->rc == 0;
	    w = strtok_r(NULL, " \t,", &save))
		if (strchr(w, ':') != NULL)
			pf_table(pf, conf, name, w);
}

/* dynamicmaps.cf (and its .d files): "type path function [mkmap]". */
static void
pf_read_dynmaps(struct pf *pf, const char *path, const char *from)
{
	char line[SC_MAX_LINE], *w[4];
	struct lines l;
	const char *buf;
	size_t len;
	int n, lineno;

	if (scx_open(pf->x, path, "postfix dynamicmaps.cf", from, 0, true,
	    &buf, &len) != 0)
		return;
	lines_init(&l, buf, len);
	while ((n = lines_next(&l, line, sizeof(line), false, &lineno)) != 0) {
		if (n < 0 || split_words(line, w, 4, W_HASH) < 3)
			continue;
		if (strv_push(&pf->dyn, w[0]) != 0 ||
		    strv_push(&pf->dyn, w[1]) != 0)
			scx_oom(pf->x);
	}
	scx_close(pf->x);
}

/* A master.cf service: its program, and whether it runs chrooted. */
static void
pf_service(struct pf *pf, const char *master, int lineno, char **w,
    size_t n, const char *daemon)
{
	char path[PATH_MAX], why[PATH_MAX + 512];

	if (n < 8) {
		scx_problem(pf->x, master, lineno, "bad field count: a "
		    "service needs 8 fields or more (postfix will not start)");
		return;
	}
	snprintf(why, sizeof(why), "service %s/%s in %s line %d", w[0], w[1],
	    master, lineno);
	/* postfix 3: "-" in the chroot column is "n" */
	if (strcmp(w[4], "y") == 0)
		pf->chroot = true;
	if (abs_join(path, sizeof(path), daemon, w[7]))
		(void)scx_need(pf->x, path, JT_SVC_OBJECT, why, master, lineno);
	/* pipe(8) runs argv=PROGRAM; an agent not installed is unused */
	for (size_t i = 8; i < n; i++)
		if (strncmp(w[i], "argv=/", 6) == 0 &&
		    scx_exists(pf->x, w[i] + 5, JT_FT_REG))
			scx_add(pf->x, w[i] + 5, JT_SVC_OBJECT, why);
}

static void
pf_read_master(struct pf *pf, const char *master, const char *daemon)
{
	char line[SC_MAX_LINE], *w[64];
	struct lines l;
	const char *buf;
	size_t len, n;
	int rc, lineno;

	if (scx_open(pf->x, master, "postfix master.cf", NULL, 0, false, &buf,
	    &len) != 0)
		return;
	lines_init(&l, buf, len);
	while (pf->x->rc == 0 &&
	    (rc = pf_line(pf->x, master, &l, line, sizeof(line), &lineno)) !=
	    0) {
		if (rc < 0)
			continue;
		n = split_words(line, w, sizeof(w) / sizeof(w[0]), 0);
		pf_service(pf, master, lineno, w, n, daemon);
	}
	scx_close(pf->x);
}

/* What a chrooted daemon finds in queue_directory (Debian copies it). */
static void
pf_chroot(struct pf *pf, const char *queue)
{
	static const char *const sub[] = { "etc", "lib", "usr/lib/zoneinfo",
	    "dev" };
	char path[PATH_MAX], why[PATH_MAX + 64];

	snprintf(why, sizeof(why), "the chroot of postfix services (%s)",
	    queue);
	for (size_t i = 0; i < sizeof(sub) / sizeof(sub[0]); i++)
		if (path_join(path, sizeof(path), queue, sub[i]) &&
		    scx_exists(pf->x, path, JT_FT_DIR))
			scx_add(pf->x, path, JT_SVC_DIR, why);
}

void
sc_postfix(struct scx *x, const char *conf)
{
	/* queue_directory's subdirectories (postfix-files) */
	static const char *const queue[] = { "active", "bounce", "corrupt",
	    "defer", "deferred", "flush", "hold", "incoming", "maildrop",
	    "pid", "private", "public", "saved", "trace" };
	static const char *const tls[] = { "smtpd_tls_cert_file",
	    "smtpd_tls_CAfile", "smtpd_tls_dh1024_param_file",
	    "smtpd_tls_eccert_file", "smtpd_tls_dcert_file",
	    "smtp_tls_cert_file", "smtp_tls_CAfile", "tls_server_sni_maps" };
	static const char *const keys[] = { "smtpd_tls_key_file",
	    "smtpd_tls_eckey_file", "smtpd_tls_dkey_file",
	    "smtp_tls_key_file", "smtpd_tls_chain_files",
	    "smtp_tls_chain_files" };
	struct pf pf = { .x = x, .fbsd = x->plat == JT_PLAT_FREEBSD };
	char cdir[PATH_MAX], path[PATH_MAX], v[PF_MAX_VALUE], meta[PATH_MAX];
	char daemon[PATH_MAX], qdir[PATH_MAX], why[PATH_MAX + 32];
	char *copy;

	if (conf == NULL)
		conf = pf.fbsd ? "/usr/local/etc/postfix/main.cf" :
		    "/etc/postfix/main.cf";
	/* config_directory is where main.cf is (postfix -c DIR) */
	path_dirname(cdir, sizeof(cdir), conf);
	if ((copy = strdup(cdir)) == NULL ||
	    map_put(&pf.vars, "config_directory", copy) != 0) {
		free(copy);
		scx_oom(x);
		goto out;
	}
	if (!pf_read_main(&pf, conf))
		goto out;
	if (pf_get(&pf, "daemon_directory", daemon, sizeof(daemon)) == NULL ||
	    daemon[0] != '/') {
		scx_problem(x, conf, 0, "daemon_directory: not an absolute "
		    "path");
		goto out;
	}
	snprintf(why, sizeof(why), "daemon_directory of %s", conf);
	(void)scx_need(x, daemon, JT_SVC_PLACE, why, conf, 0);
	if (path_join(path, sizeof(path), daemon, "master"))
		(void)scx_need(x, path, JT_SVC_OBJECT, why, conf, 0);
	/* dynamicmaps.cf: in meta_directory (postfix 3.1 and later) */
	if (pf_get(&pf, "meta_directory", meta, sizeof(meta)) != NULL &&
	    meta[0] == '/' && path_join(path, sizeof(path), meta,
	    "dynamicmaps.cf")) {
		struct jt_strv d = { 0 };

		pf_read_dynmaps(&pf, path, conf);
		if (path_join(path, sizeof(path), meta, "dynamicmaps.cf.d/*"))
			(void)scx_glob(x, path, &d, conf, 0);
		for (size_t i = 0; i < d.n && x->rc == 0; i++)
			pf_read_dynmaps(&pf, d.v[i], conf);
		strv_free(&d);
	}
	for (size_t i = 0; i < sizeof(tls) / sizeof(tls[0]); i++)
		pf_path_param(&pf, conf, tls[i], JT_SVC_FILE, false);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		pf_path_param(&pf, conf, keys[i], JT_SVC_FILE, true);
	pf_path_param(&pf, conf, "smtpd_tls_CApath", JT_SVC_DIR, false);
	pf_path_param(&pf, conf, "smtp_tls_CApath", JT_SVC_DIR, false);
	/* myorigin = /etc/mailname: the file's first line */
	if (pf_get(&pf, "myorigin", v, sizeof(v)) != NULL && v[0] == '/')
		pf_path_param(&pf, conf, "myorigin", JT_SVC_FILE, false);
	/* lookup tables: every *_maps, the alias database, access checks */
	for (size_t i = 0; i < pf.vars.cap && x->rc == 0; i++) {
		const char *k = pf.vars.slots[i].key;

		if (k != NULL && (str_ends(k, "_maps") ||
		    str_ends(k, "_database") || str_ends(k, "_restrictions") ||
		    str_ends(k, "_checks")))
			pf_tables(&pf, conf, k);
	}
	if (pf_get(&pf, "queue_directory", qdir, sizeof(qdir)) == NULL ||
	    qdir[0] != '/') {
		scx_problem(x, conf, 0, "queue_directory: not an absolute "
		    "path");
		goto out;
	}
	snprintf(why, sizeof(why), "queue_directory of %s", conf);
	(void)scx_need(x, qdir, JT_SVC_PLACE, why, conf, 0);
	for (size_t i = 0; i < sizeof(queue) / sizeof(queue[0]); i++)
		if (path_join(path, sizeof(path), qdir, queue[i]) &&
		    scx_exists(x, path, JT_FT_DIR))
			scx_add(x, path, JT_SVC_PLACE, why);
	if (pf_get(&pf, "data_directory", v, sizeof(v)) != NULL &&
	    v[0] == '/') {
		snprintf(why, sizeof(why), "data_directory of %s", conf);
		(void)scx_need(x, v, JT_SVC_PLACE, why, conf, 0);
	}
	/* local(8) delivers there; no mailbox there until it does */
	if (pf_get(&pf, "mail_spool_directory", v, sizeof(v)) != NULL &&
	    v[0] == '/' && scx_exists(x, v, JT_FT_DIR)) {
		snprintf(why, sizeof(why), "mail_spool_directory of %s", conf);
		scx_add(x, v, JT_SVC_PLACE, why);
	}
	if (path_join(path, sizeof(path), cdir, "master.cf"))
		pf_read_master(&pf, path, daemon);
	if (pf.chroot && x->rc == 0)
		pf_chroot(&pf, qdir);
out:
	map_each(&pf.vars, free);
	map_free(&pf.vars);
	strv_free(&pf.dyn);
}
