/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PAM policies and nsswitch.conf: the modules libpam and the NSS switch
 * load with dlopen(), which no ELF header names.
 *
 * FreeBSD (OpenPAM; src:contrib/openpam/lib/libpam/openpam_configure.c,
 * openpam_dynamic.c, openpam_constants.c; facts §4.1):
 *   policy: the first of /etc/pam.d/SERVICE, /etc/pam.conf,
 *   /usr/local/etc/pam.d/SERVICE, /usr/local/etc/pam.conf that has it (an
 *   empty pam.d file counts); a facility without a chain comes from the
 *   "other" policy; "FACILITY include SERVICE" reads that facility of
 *   another policy; every module listed must load, optional ones too, or
 *   the whole policy fails at login.
 * Debian (Linux-PAM, libpam/pam_handlers.c): /etc/pam.d/SERVICE, else
 *   /etc/pam.d/other for everything; "@include FILE", "include" and
 *   "substack" controls, "[value=action ...]" controls; a "-" before the
 *   type makes a missing module silent.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rtld.h"
#include "rtld.h"
#include "svcconf_int.h"

#define NFAC	4

/* OpenPAM's pam_facility_name[] and Linux-PAM's types, in OpenPAM order. */
static const char *const facility[NFAC] = {
	"auth", "account", "session", "password",
};

static int
find_facility(const char *w, bool icase)
{
	for (int i = 0; i < NFAC; i++)
		if ((icase ? strcasecmp(w, facility[i]) : strcmp(w,
		    facility[i])) == 0)
			return (i);
	return (-1);
}

/* Try candidate paths in order; the first regular file wins. */
struct tries {
	char	list[1024];		/* "a, b, c" for the problem */
};

static bool
try_path(struct scx *x, struct tries *t, const char *path)
{
	size_t n = strlen(t->list);

	/* only for a message: a list cut short is fine */
	if (n < sizeof(t->list) - 1) {
		if (n > 0)
			(void)strlcat(t->list, ", ", sizeof(t->list));
		(void)strlcat(t->list, path, sizeof(t->list));
	}
	return (scx_exists(x, path, JT_FT_REG));
}

/* ------------------------------------------------------------------ */
/* OpenPAM */

enum pstyle { PAM_D, PAM_CONF };

struct opam {
	struct scx	*x;
	const char	*topwhy;	/* why of a policy read for itself */
	int		 libmaj;	/* LIB_MAJ, -1 when unknown */
	bool		 chain[NFAC];	/* facilities that have a chain */
};

static int opam_chain(struct opam *o, const char *service, int fac,
    const char *from, int fromline);

/* OpenPAM refuses a module that root does not own or others can write. */
static void
opam_perms(struct opam *o, const char *path, const char *file, int line)
{
	char real[PATH_MAX];
	struct jt_stat st;
	struct jt_err e;

	if (scx_resolve(o->x, path, true, real, sizeof(real), &e) != 0 ||
	    jt_source_lstat(o->x->src, real, &st, &e) != 0)
		return;
	if (st.uid != 0 || (st.mode & 022) != 0)
		scx_problem(o->x, file, line, "%s: OpenPAM refuses it: owned "
		    "by uid %u, mode %04o (it must be root's and not writable "
		    "by group or others; openpam_check_owner_perms.c)", path,
		    (unsigned)st.uid, (unsigned)(st.mode & 07777));
}

/*
 * openpam_dynamic(): a name with "/" must be absolute and is used as it
 * is.  Otherwise, in /usr/lib then /usr/local/lib (openpam_module_path):
 * "pam_x.so" is tried as pam_x.so.LIB_MAJ then pam_x.so, "pam_x" as
 * pam_x.so.LIB_MAJ then pam_x.so, and a name with a numeric suffix as it
 * is.  (The 2013 openpam_dynamic.c starts its digit scan at the NUL and so
 * never sees a suffix; we follow the evident intent.)  LIB_MAJ is libpam's
 * own SHLIB_MAJOR (src:lib/libpam/libpam/Makefile: -DLIB_MAJ), taken from
 * the root: 5 in 10.x, 6 later.
 */
static void
opam_module(struct opam *o, const char *mod, const char *file, int line)
{
	static const char *const dirs[] = { "/usr/lib", "/usr/local/lib" };
	char why[PATH_MAX + 64], path[PATH_MAX], base[NAME_MAX + 8];
	const char *end = mod + strlen(mod), *p = end;
	struct tries t = { "" };
	bool has_ver, has_so;

	snprintf(why, sizeof(why), "%s in %s line %d", mod, file, line);
	if (strchr(mod, '/') != NULL) {
		if (mod[0] != '/')
			scx_problem(o->x, file, line, "%s: OpenPAM refuses a "
			    "relative module path", mod);
		else if (scx_need(o->x, mod, JT_SVC_OBJECT, why, file, line))
			opam_perms(o, mod, file, line);
		return;
	}
	while (p > mod && isdigit((unsigned char)p[-1]))
		p--;
	has_ver = p < end && p > mod && p[-1] == '.';
	has_so = has_ver || (end - mod > 3 && strcmp(end - 3, ".so") == 0);
	snprintf(base, sizeof(base), "%s%s", mod, has_so ? "" : ".so");
	for (size_t i = 0; i < 2; i++) {
		if (!has_ver && o->libmaj >= 0 &&
		    snprintf(path, sizeof(path), "%s/%s.%d", dirs[i], base,
		    o->libmaj) < (int)sizeof(path) && try_path(o->x, &t, path))
			goto found;
		if (snprintf(path, sizeof(path), "%s/%s", dirs[i], base) <
		    (int)sizeof(path) && try_path(o->x, &t, path))
			goto found;
	}
	if (o->x->rc == 0)
		scx_problem(o->x, file, line, "PAM module %s not found (tried "
		    "%s); the whole policy fails", mod, t.list);
	return;
found:
	scx_add(o->x, path, JT_SVC_OBJECT, why);
	opam_perms(o, path, file, line);
}

/* One policy line (words w[0..n-1]); counts module entries in *count. */
static void
opam_line(struct opam *o, char **w, size_t n, int fac, const char *path,
    int line, int *count)
{
	static const char *const ctl[] = { "required", "requisite",
	    "sufficient", "binding", "optional" };
	size_t i = 0;
	int f, c;

	if (i >= n || (f = find_facility(w[i], false)) < 0) {
		scx_problem(o->x, path, line, "missing or invalid facility "
		    "'%s'; OpenPAM rejects the policy", i < n ? w[i] : "");
		return;
	}
	if (fac >= 0 && f != fac)
		return;
	if (++i < n && strcmp(w[i], "include") == 0) {
		if (++i >= n) {
			scx_problem(o->x, path, line, "include without a "
			    "policy name");
			return;
		}
		/* -2: already told (a loop, an unreadable file). */
		if (opam_chain(o, w[i], f, path, line) == -1 && o->x->rc == 0)
			scx_problem(o->x, path, line, "included policy '%s' "
			    "not found (/etc/pam.d, /etc/pam.conf, "
			    "/usr/local/etc/pam.d, /usr/local/etc/pam.conf); "
			    "OpenPAM rejects the policy", w[i]);
		return;
	}
	c = -1;
	for (size_t k = 0; i < n && k < sizeof(ctl) / sizeof(ctl[0]); k++)
		if (strcmp(w[i], ctl[k]) == 0)
			c = (int)k;
	if (c < 0 || i + 1 >= n) {
		scx_problem(o->x, path, line, "missing or invalid control "
		    "flag or module; OpenPAM rejects the policy");
		return;
	}
	opam_module(o, w[i + 1], path, line);
	o->chain[f] = true;
	(*count)++;
}

/*
 * openpam_load_file() + openpam_parse_chain(): the entries of fac (-1:
 * any) in one policy file.  -1 when the file is missing, -2 when it could
 * not be read, else the number of module entries.
 */
static int
opam_file(struct opam *o, const char *path, const char *service, int fac,
    enum pstyle style, const char *from, int fromline)
{
	char why[PATH_MAX + 64], line[SC_MAX_LINE], *w[16];
	const char *buf;
	struct lines l;
	int rc, lineno, count = 0;
	size_t len, n;

	if (from != NULL)
		snprintf(why, sizeof(why), "PAM policy included from %s line "
		    "%d", from, fromline);
	else
		snprintf(why, sizeof(why), "%s", o->topwhy);
	rc = scx_open(o->x, path, why, from, fromline, true, &buf, &len);
	if (rc == JT_ENOENT)
		return (-1);
	if (rc != 0)
		return (-2);
	lines_init(&l, buf, len);
	while (o->x->rc == 0 && (rc = lines_next(&l, line, sizeof(line), true,
	    &lineno)) != 0) {
		if (rc < 0) {
			scx_problem(o->x, path, lineno, "line longer than %d "
			    "bytes; not read", SC_MAX_LINE);
			continue;
		}
		if ((n = split_words(line, w, 16, W_HASH | W_QUOTES)) == 0)
			continue;
		/* pam.conf lines start with the service name. */
		if (style == PAM_CONF) {
			if (strcmp(w[0], service) != 0)
				continue;
			opam_line(o, w + 1, n - 1, fac, path, lineno, &count);
		} else
			opam_line(o, w, n, fac, path, lineno, &count);
	}
	scx_close(o->x);
	return (count);
}

/* openpam_load_chain(): search the policy path; -1 when nothing has it. */
static int
opam_chain(struct opam *o, const char *service, int fac, const char *from,
    int fromline)
{
	static const char *const policy[] = { "/etc/pam.d/", "/etc/pam.conf",
	    "/usr/local/etc/pam.d/", "/usr/local/etc/pam.conf" };
	char path[PATH_MAX];
	size_t n = strlen(service);
	int r;

	if (strchr(service, '/') != NULL) {
		/* "either absolute or relative to cwd": only absolute here. */
		if (service[0] != '/') {
			scx_problem(o->x, from, fromline, "policy '%s': a "
			    "relative path depends on the service's working "
			    "directory; not followed", service);
			return (-2);
		}
		return (opam_file(o, service, service, fac, n > 5 &&
		    strcmp(service + n - 5, ".conf") == 0 ? PAM_CONF : PAM_D,
		    from, fromline));
	}
	for (size_t i = 0; i < 4 && o->x->rc == 0; i++) {
		bool dir = policy[i][strlen(policy[i]) - 1] == '/';

		snprintf(path, sizeof(path), "%s%s", policy[i],
		    dir ? service : "");
		r = opam_file(o, path, service, fac, dir ? PAM_D : PAM_CONF,
		    from, fromline);
		if (r > 0 || r == -2 || (r == 0 && dir))
			return (r);
	}
	return (-1);
}

static void
openpam(struct scx *x, const char *service)
{
	struct opam o = { .x = x };
	char why[NAME_MAX + 64];

	if ((o.libmaj = scx_highest_version(x, "/usr/lib", "libpam.so.")) < 0)
		o.libmaj = scx_highest_version(x, "/usr/lib", "pam_*.so.");
	if (o.libmaj < 0)
		scx_problem(x, NULL, 0, "no /usr/lib/libpam.so.N in the "
		    "source: module versions unknown, only unversioned names "
		    "tried");
	/* A missing service policy is no error: "other" covers it. */
	snprintf(why, sizeof(why), "PAM policy for %s", service);
	o.topwhy = why;
	(void)opam_chain(&o, service, -1, NULL, 0);
	for (int f = 0; f < NFAC && x->rc == 0; f++) {
		if (o.chain[f])
			continue;
		snprintf(why, sizeof(why), "PAM 'other' policy (%s has no %s "
		    "chain)", service, facility[f]);
		if (opam_chain(&o, "other", f, NULL, 0) == -1 && x->rc == 0)
			scx_problem(x, NULL, 0, "PAM service %s: no %s chain "
			    "and no 'other' policy; pam_start() fails",
			    service, facility[f]);
	}
}

/* ------------------------------------------------------------------ */
/* Linux-PAM */

struct lpam {
	struct scx	*x;
	char		 secdir[8][128];	/* module directories, in order */
	size_t		 nsec;
};

/*
 * _pam_add_handler(): an absolute module path as it is, else the
 * compiled-in DEFAULT_MODULE_PATH, on Debian /lib/TRIPLET/security/;
 * /usr/lib/TRIPLET/security is the same directory on a merged-/usr root,
 * and the plain lib directories serve roots without multiarch.
 */
static void
lpam_module(struct lpam *lp, const char *mod, bool quiet, const char *file,
    int line)
{
	char why[PATH_MAX + 64], path[PATH_MAX];
	struct tries t = { "" };

	snprintf(why, sizeof(why), "%s in %s line %d", mod, file, line);
	if (mod[0] == '/') {
		if (try_path(lp->x, &t, mod)) {
			scx_add(lp->x, mod, JT_SVC_OBJECT, why);
			return;
		}
	} else {
		for (size_t i = 0; i < lp->nsec; i++)
			if (snprintf(path, sizeof(path), "%s/%s", lp->secdir[i],
			    mod) < (int)sizeof(path) &&
			    try_path(lp->x, &t, path)) {
				scx_add(lp->x, path, JT_SVC_OBJECT, why);
				return;
			}
	}
	/* "-type": Linux-PAM skips a module missing from the system. */
	if (!quiet && lp->x->rc == 0)
		scx_problem(lp->x, file, line, "PAM module %s not found "
		    "(tried %s)", mod, t.list);
}

static void lpam_file(struct lpam *lp, const char *name, int fac,
    const char *why, const char *from, int fromline);

static void
lpam_line(struct lpam *lp, char **w, size_t n, int fac, const char *path,
    int line)
{
	const char *type = w[0];
	bool quiet = false;
	char why[PATH_MAX + 64];
	int f;

	if (strcmp(type, "@include") == 0) {
		snprintf(why, sizeof(why), "PAM policy included from %s line "
		    "%d", path, line);
		if (n < 2)
			scx_problem(lp->x, path, line, "@include without a "
			    "file");
		else
			lpam_file(lp, w[1], fac, why, path, line);
		return;
	}
	if (type[0] == '-') {
		quiet = true;
		type++;
	}
	if ((f = find_facility(type, true)) < 0) {
		scx_problem(lp->x, path, line, "unknown module type '%s'; "
		    "Linux-PAM ignores the line", w[0]);
		return;
	}
	if (fac >= 0 && f != fac)
		return;
	if (n < 3) {
		scx_problem(lp->x, path, line, "%s line without a control "
		    "and a module", type);
		return;
	}
	if (strcmp(w[1], "include") == 0 || strcmp(w[1], "substack") == 0) {
		snprintf(why, sizeof(why), "PAM policy (%s %s) from %s line "
		    "%d", type, w[1], path, line);
		lpam_file(lp, w[2], f, why, path, line);
		return;
	}
	/* A "[value=action ...]" control is one word: w[2] is the module. */
	lpam_module(lp, w[2], quiet, path, line);
}

/* _pam_open_config_file(): an absolute name, else in /etc/pam.d. */
static void
lpam_file(struct lpam *lp, const char *name, int fac, const char *why,
    const char *from, int fromline)
{
	char path[PATH_MAX], line[SC_MAX_LINE], *w[16];
	const char *buf;
	struct lines l;
	size_t len, n;
	int rc, lineno;

	if (!abs_join(path, sizeof(path), "/etc/pam.d", name))
		return;
	if (scx_open(lp->x, path, why, from, fromline, false, &buf, &len) !=
	    0)
		return;
	lines_init(&l, buf, len);
	while (lp->x->rc == 0 && (rc = lines_next(&l, line, sizeof(line), true,
	    &lineno)) != 0) {
		if (rc < 0)
			scx_problem(lp->x, path, lineno, "line longer than %d "
			    "bytes; not read", SC_MAX_LINE);
		else if ((n = split_words(line, w, 16, W_HASH |
		    W_BRACKETS)) > 0)
			lpam_line(lp, w, n, fac, path, lineno);
	}
	scx_close(lp->x);
}

static void
linuxpam(struct scx *x, const char *service)
{
	static const char *const plain[] = { "/lib/security",
	    "/usr/lib/security", "/lib64/security", "/usr/lib64/security" };
	struct lpam lp = { .x = x };
	const char *t = scx_triplet(x);
	char path[PATH_MAX], why[NAME_MAX + 64];

	if (t[0] != '\0') {
		snprintf(lp.secdir[lp.nsec++], sizeof(lp.secdir[0]),
		    "/lib/%s/security", t);
		snprintf(lp.secdir[lp.nsec++], sizeof(lp.secdir[0]),
		    "/usr/lib/%s/security", t);
	}
	for (size_t i = 0; i < 4; i++)
		snprintf(lp.secdir[lp.nsec++], sizeof(lp.secdir[0]), "%s",
		    plain[i]);
	/*
	 * The "other" policy replaces a missing service file as a whole
	 * (Linux-PAM reads /etc/pam.conf only without /etc/pam.d; Debian
	 * configures no vendor directory).
	 */
	snprintf(path, sizeof(path), "/etc/pam.d/%s", service);
	snprintf(why, sizeof(why), "PAM policy for %s", service);
	if (scx_exists(x, path, JT_FT_NONE)) {
		lpam_file(&lp, service, -1, why, NULL, 0);
		return;
	}
	snprintf(why, sizeof(why), "PAM 'other' policy (no /etc/pam.d/%s)",
	    service);
	if (scx_exists(x, "/etc/pam.d/other", JT_FT_NONE))
		lpam_file(&lp, "other", -1, why, NULL, 0);
	else if (x->rc == 0)
		scx_problem(x, NULL, 0, "PAM service %s: neither "
		    "/etc/pam.d/%s nor /etc/pam.d/other; pam_start() fails",
		    service, service);
}

void
sc_pam(struct scx *x, const char *service)
{
	if (x->plat == JT_PLAT_FREEBSD)
		openpam(x, service);
	else
		linuxpam(x, service);
}

/* ------------------------------------------------------------------ */
/* NSS */

struct nss {
	struct scx	*x;
	struct jt_platform_info plat;	/* FreeBSD: for the linker's search */
	struct jt_strv	 dirs;		/* where dlopen() finds modules */
	struct jt_strv	 seen;		/* sources already handled */
	bool		 builtin_files_dns; /* glibc >= 2.34 */
};

/*
 * glibc 2.34 moved the files and dns services into libc.so.6 (upstream
 * commits 6212bb67, e1fcf214; libnss_files.so.2 and libnss_dns.so.2 stay
 * as empty stubs).  libc.so.6 defines the version GLIBC_2.34 from then on.
 */
static bool
glibc_234(struct scx *x, const struct jt_strv *dirs)
{
	static const char tag[] = "GLIBC_2.34";
	char path[PATH_MAX], real[PATH_MAX];
	struct jt_err e;
	void *data;
	size_t len;

	for (size_t i = 0; i < dirs->n; i++) {
		if (snprintf(path, sizeof(path), "%s/libc.so.6", dirs->v[i]) >=
		    (int)sizeof(path) || !scx_exists(x, path, JT_FT_REG))
			continue;
		if (scx_resolve(x, path, true, real, sizeof(real), &e) != 0 ||
		    jt_source_read(x->src, real, &data, &len, &e) != 0)
			return (false);
		return (memmem(data, len, tag, sizeof(tag)) != NULL);
	}
	return (false);
}

static void
nss_dirs(struct nss *n)
{
	struct glibc_rules gr;
	const char *t;
	char d[PATH_MAX];
	struct jt_err e;

	if (n->x->plat == JT_PLAT_FREEBSD) {
		/*
		 * nsdispatch dlopen()s "nss_NAME.so.1" by name: rtld's own
		 * search (libmap.conf, the hints, /lib:/usr/lib; facts
		 * §1.9), per name in nss_source().  The root's class and
		 * release choose the rules (platform.h).
		 */
		int rc = jt_platform_detect(&n->plat, n->x->src,
		    JT_PLAT_FREEBSD, NULL, &e);

		if (rc != 0 && n->x->rc == 0) {
			if (n->x->err != NULL)
				*n->x->err = e;
			n->x->rc = rc;
		}
		return;
	}
	/* glibc's dlopen() by name: ld.so.cache (ld.so.conf), then
	 * Debian's system directories (see rtld_glibc.c). */
	if (glibc_rules_load(&gr, n->x->src, "", &e) != 0) {
		scx_oom(n->x);
		return;
	}
	for (size_t i = 0; i < gr.ldconf.n; i++)
		if (strv_push_uniq(&n->dirs, gr.ldconf.v[i]) != 0)
			scx_oom(n->x);
	glibc_rules_free(&gr);
	t = scx_triplet(n->x);
	for (int i = 0; i < 4; i++) {
		if (i < 2 && t[0] == '\0')
			continue;
		snprintf(d, sizeof(d), "%s%s%s", i % 2 == 0 ? "/lib" :
		    "/usr/lib", i < 2 ? "/" : "", i < 2 ? t : "");
		if (strv_push_uniq(&n->dirs, d) != 0)
			scx_oom(n->x);
	}
	n->builtin_files_dns = glibc_234(n->x, &n->dirs);
}

static bool
nss_builtin(const struct nss *n, const char *s)
{
	/* src:lib/libc/net/nsdispatch.c: nss_load_module() loads nothing
	 * for these; the callers' dispatch tables have them. */
	static const char *const fbsd[] = { "files", "db", "compat", "dns",
	    "nis", "cache" };

	if (n->x->plat == JT_PLAT_FREEBSD) {
		for (size_t i = 0; i < sizeof(fbsd) / sizeof(fbsd[0]); i++)
			if (strcmp(s, fbsd[i]) == 0)
				return (true);
		return (false);
	}
	return (n->builtin_files_dns && (strcmp(s, "files") == 0 ||
	    strcmp(s, "dns") == 0));
}

static void
nss_source(struct nss *n, const char *s, const char *file, int line)
{
	char name[NAME_MAX + 1], path[PATH_MAX], why[PATH_MAX + 64];
	struct tries t = { "" };
	bool builtin;

	if (strv_has(&n->seen, s))
		return;
	if (strv_push(&n->seen, s) != 0) {
		scx_oom(n->x);
		return;
	}
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-') {
			scx_problem(n->x, file, line, "'%s' is not an NSS "
			    "source name", s);
			return;
		}
	builtin = nss_builtin(n, s);
	if (builtin && n->x->plat == JT_PLAT_FREEBSD)
		return;
	/* NSS_MODULE_INTERFACE_VERSION 1; glibc's NSS_SHLIB_REVISION .so.2 */
	snprintf(name, sizeof(name), n->x->plat == JT_PLAT_FREEBSD ?
	    "nss_%s.so.1" : "libnss_%s.so.2", s);
	snprintf(why, sizeof(why), "NSS source %s in %s line %d", s, file,
	    line);
	if (n->x->plat == JT_PLAT_FREEBSD) {
		struct jt_strv cand = { 0 };
		struct jt_err e;
		int rc;

		if ((rc = rtld_dlopen_paths(n->x->src, &n->plat, name, &cand,
		    &e)) != 0) {
			if (n->x->rc == 0) {
				if (n->x->err != NULL)
					*n->x->err = e;
				n->x->rc = rc;
			}
			strv_free(&cand);
			return;
		}
		for (size_t i = 0; i < cand.n; i++)
			if (try_path(n->x, &t, cand.v[i])) {
				scx_add(n->x, cand.v[i], JT_SVC_OBJECT, why);
				strv_free(&cand);
				return;
			}
		strv_free(&cand);
		if (n->x->rc == 0)
			scx_problem(n->x, file, line, "NSS module %s for "
			    "source '%s' not found (tried %s)", name, s,
			    t.list);
		return;
	}
	for (size_t i = 0; i < n->dirs.n; i++)
		if (snprintf(path, sizeof(path), "%s/%s", n->dirs.v[i], name) <
		    (int)sizeof(path) && try_path(n->x, &t, path)) {
			scx_add(n->x, path, JT_SVC_OBJECT, why);
			return;
		}
	if (!builtin && n->x->rc == 0)
		scx_problem(n->x, file, line, "NSS module %s for source '%s' "
		    "not found (tried %s)", name, s, t.list);
}

/* "database: source [STATUS=action] source ..." */
static void
nss_line(struct nss *n, char *line, const char *file, int lineno)
{
	char *colon, *w[64];
	size_t nw;
	bool in_crit = false;

	if ((colon = strchr(line, '#')) != NULL)
		*colon = '\0';
	if ((colon = strchr(line, ':')) == NULL)
		return;		/* glibc and nsparser.y skip such lines */
	nw = split_words(colon + 1, w, 64, 0);
	for (size_t i = 0; i < nw && n->x->rc == 0; i++) {
		char *s = w[i], *br;

		/* Criteria: "[NOTFOUND=return]", maybe spread over words. */
		if (in_crit) {
			in_crit = strchr(s, ']') == NULL;
			continue;
		}
		if ((br = strchr(s, '[')) != NULL) {
			in_crit = strchr(br, ']') == NULL;
			*br = '\0';
		}
		if (s[0] != '\0')
			nss_source(n, s, file, lineno);
	}
}

void
sc_nss(struct scx *x, const char *unused)
{
	static const char conf[] = "/etc/nsswitch.conf";
	struct nss n = { .x = x };
	char line[SC_MAX_LINE];
	const char *buf;
	struct lines l;
	size_t len;
	int rc, lineno;

	(void)unused;
	nss_dirs(&n);
	rc = scx_open(x, conf, "NSS configuration", NULL, 0, true, &buf, &len);
	if (rc == JT_ENOENT) {
		/*
		 * No file: FreeBSD's defaults are all built in (compat,
		 * files, dns); glibc falls back to files and dns.
		 */
		if (x->plat != JT_PLAT_FREEBSD) {
			nss_source(&n, "files", conf, 0);
			nss_source(&n, "dns", conf, 0);
		}
	} else if (rc == 0) {
		lines_init(&l, buf, len);
		while (x->rc == 0 && (rc = lines_next(&l, line, sizeof(line),
		    false, &lineno)) != 0) {
			if (rc < 0)
				scx_problem(x, conf, lineno, "line longer than "
				    "%d bytes; not read", SC_MAX_LINE);
			else
				nss_line(&n, line, conf, lineno);
		}
		scx_close(x);
	}
	strv_free(&n.dirs);
	strv_free(&n.seen);
}
