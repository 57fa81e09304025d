/*
 * FreeBSD rtld-elf, emulated.  References are to freebsd-src (stable/10)
 * and to ../shared/docs/freebsd-runtime.md, which checked them against the
 * 10.1 binaries:
 *   libexec/rtld-elf/rtld.c    find_library(), search_library_path(),
 *                              origin_subst(), gethints()
 *   libexec/rtld-elf/libmap.c  lm_find(), lmp_find(), lmc_parse()
 *   include/elf-hints.h, sbin/ldconfig/elfhints.c   the hints file
 *   etc/rc.d/ldconfig, etc/defaults/rc.conf         the hints at boot
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rtld.h"

#define ELFHINTS_MAGIC		0x746e6845	/* "Ehnt" */
#define ELFHINTS_HDRSIZE	128
#define DF_ORIGIN_		0x1
#define DF_1_ORIGIN_		0x80
#define DF_1_NODEFLIB_		0x800
/* rtld.h: STANDARD_LIBRARY_PATH, and COMPAT_32BIT's "/lib32:/usr/lib32". */
static const char *const stdpath[2] = { "/lib:/usr/lib", "/lib32:/usr/lib32" };
static const char *const hintsfile[2] = {
	"/var/run/ld-elf.so.hints", "/var/run/ld-elf32.so.hints" };
static const char *const libmapfile[2] = {
	"/etc/libmap.conf", "/etc/libmap32.conf" };

/* --- libmap.conf --- */

enum lmp_type { T_EXACT, T_BASENAME, T_DIRECTORY };

struct lm_entry {
	char		*from;
	char		*to;
};

struct lm_scope {			/* one [constraint] (lmp) */
	char		*key;		/* "$DEFAULT$" for no constraint */
	enum lmp_type	 type;
	struct lm_entry	*ent;
	size_t		 n, cap;
};

struct libmap {
	struct lm_scope	*scope;
	size_t		 n, cap;
	struct jt_strv	 parsed;	/* files already read */
};

struct libmap *
libmap_new(void)
{
	return (calloc(1, sizeof(struct libmap)));
}

void
libmap_free(struct libmap *lm)
{
	if (lm == NULL)
		return;
	for (size_t i = 0; i < lm->n; i++) {
		for (size_t j = 0; j < lm->scope[i].n; j++) {
			free(lm->scope[i].ent[j].from);
			free(lm->scope[i].ent[j].to);
		}
		free(lm->scope[i].ent);
		free(lm->scope[i].key);
	}
	free(lm->scope);
	strv_free(&lm->parsed);
	free(lm);
}

/* lmp_init(): the scope of that key, created on first use. */
static struct lm_scope *
lm_scope(struct libmap *lm, const char *key)
{
	struct lm_scope *s, *ns;
	size_t klen = strlen(key);

	for (size_t i = 0; i < lm->n; i++)
		if (strcmp(lm->scope[i].key, key) == 0)
			return (&lm->scope[i]);
	if (lm->n == lm->cap) {
		size_t ncap = lm->cap ? lm->cap * 2 : 4;

		if ((ns = reallocarray(lm->scope, ncap, sizeof(*ns))) == NULL)
			return (NULL);
		lm->scope = ns;
		lm->cap = ncap;
	}
	s = &lm->scope[lm->n];
	memset(s, 0, sizeof(*s));
	if ((s->key = strdup(key)) == NULL)
		return (NULL);
	/* libmap.c: a "/" makes it a path, a trailing "/" a directory. */
	if (strchr(key, '/') == NULL)
		s->type = T_BASENAME;
	else
		s->type = key[klen - 1] == '/' ? T_DIRECTORY : T_EXACT;
	lm->n++;
	return (s);
}

static int
lm_add(struct libmap *lm, const char *key, const char *from, const char *to)
{
	struct lm_scope *s = lm_scope(lm, key != NULL ? key : "$DEFAULT$");
	struct lm_entry *ne;

	if (s == NULL)
		return (JT_ENOMEM);
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 8;

		if ((ne = reallocarray(s->ent, ncap, sizeof(*ne))) == NULL)
			return (JT_ENOMEM);
		s->ent = ne;
		s->cap = ncap;
	}
	s->ent[s->n].from = strdup(from);
	s->ent[s->n].to = strdup(to);
	if (s->ent[s->n].from == NULL || s->ent[s->n].to == NULL) {
		free(s->ent[s->n].from);
		free(s->ent[s->n].to);
		return (JT_ENOMEM);
	}
	s->n++;
	return (0);
}

/* Directives found while parsing, for the caller to follow. */
struct lm_parse {
	struct libmap	*lm;
	char		 key[1024];	/* current constraint, "" for none */
	struct jt_strv	*includes;	/* "f:PATH" or "d:PATH" */
	int		 rc;
};

static void
lm_line(void *arg, const char *line, size_t n)
{
	struct lm_parse *p = arg;
	char buf[2048], *s, *w1, *w2, *end, *save = NULL;

	if (n >= sizeof(buf) || p->rc != 0)
		return;			/* rtld's lines are bounded too */
	memcpy(buf, line, n);
	buf[n] = '\0';
	if ((s = strchr(buf, '#')) != NULL)
		*s = '\0';
	s = buf;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '[') {
		s++;
		while (isspace((unsigned char)*s))
			s++;
		if ((end = strchr(s, ']')) == NULL)
			return;		/* "Parse error", line ignored */
		while (end > s && isspace((unsigned char)end[-1]))
			end--;
		*end = '\0';
		snprintf(p->key, sizeof(p->key), "%s", s);
		return;
	}
	if ((w1 = strtok_r(s, " \t\r", &save)) == NULL ||
	    (w2 = strtok_r(NULL, " \t\r", &save)) == NULL)
		return;
	if (strcmp(w1, "include") == 0) {
		snprintf(buf, sizeof(buf), "f:%s", w2);
		p->rc = strv_push(p->includes, buf);
	} else if (strcmp(w1, "includedir") == 0) {
		snprintf(buf, sizeof(buf), "d:%s", w2);
		p->rc = strv_push(p->includes, buf);
	} else {
		p->rc = lm_add(p->lm, p->key[0] ? p->key : NULL, w1, w2);
	}
}

static int
libmap_parse(struct libmap *lm, const char *buf, size_t len,
    struct jt_strv *includes)
{
	/* A constraint lasts to the end of its file (lmc_parse's "p"). */
	struct lm_parse p = { .lm = lm, .includes = includes };

	each_line(buf, len, lm_line, &p);
	return (p.rc);
}

int
libmap_parse_buf(struct libmap *lm, const char *buf, size_t len)
{
	struct jt_strv inc = { 0 };
	int rc = libmap_parse(lm, buf, len, &inc);

	strv_free(&inc);
	return (rc);
}

static int libmap_file(struct libmap *lm, struct jt_source *src,
    const char *path, int depth);

struct conf_dir {
	struct libmap	*lm;
	struct jt_source *src;
	const char	*dir;
	int		 depth;
};

/* includedir reads only regular files named *.conf (lmc_parse_dir). */
static int
libmap_dirent(void *arg, const char *name, const struct jt_stat *st)
{
	struct conf_dir *cd = arg;
	char path[PATH_MAX];
	size_t n = strlen(name);

	if (st->type != JT_FT_REG || n < 6 || strcmp(name + n - 5, ".conf"))
		return (0);
	if (!path_join(path, sizeof(path), cd->dir, name))
		return (0);
	return (libmap_file(cd->lm, cd->src, path, cd->depth + 1));
}

static int
libmap_file(struct libmap *lm, struct jt_source *src, const char *path,
    int depth)
{
	struct jt_strv inc = { 0 };
	struct jt_err e;
	void *buf;
	size_t len;
	int rc;

	if (depth > 16 || strv_has(&lm->parsed, path))
		return (0);		/* each file is parsed once */
	if ((rc = strv_push(&lm->parsed, path)) != 0)
		return (rc);
	if (jt_source_read_file(src, path, &buf, &len, &e) != 0)
		return (0);		/* rtld: a missing file is no error */
	if ((rc = libmap_parse(lm, buf, len, &inc)) != 0)
		goto out;
	for (size_t i = 0; i < inc.n && rc == 0; i++) {
		const char *target = inc.v[i] + 2;
		char real[PATH_MAX];

		if (inc.v[i][0] == 'f') {
			rc = libmap_file(lm, src, target, depth + 1);
		} else if (jt_source_resolve(src, target, true, real,
		    sizeof(real), NULL, NULL, &e) == 0) {
			struct conf_dir cd = { lm, src, real, depth };

			rc = jt_source_readdir(src, real, libmap_dirent, &cd, &e);
			if (rc != JT_ENOMEM)
				rc = 0;
		}
	}
out:
	strv_free(&inc);
	return (rc);
}

/* lmp_find(): the first scope whose constraint matches the object path. */
static const struct lm_scope *
lmp_find(const struct libmap *lm, const char *objpath)
{
	for (size_t i = 0; i < lm->n; i++) {
		const struct lm_scope *s = &lm->scope[i];

		if (strcmp(s->key, "$DEFAULT$") == 0)
			continue;
		if ((s->type == T_EXACT && strcmp(objpath, s->key) == 0) ||
		    (s->type == T_DIRECTORY &&
		    strncmp(objpath, s->key, strlen(s->key)) == 0) ||
		    (s->type == T_BASENAME &&
		    strcmp(path_basename(objpath), s->key) == 0))
			return (s);
	}
	return (NULL);
}

static const char *
lml_find(const struct lm_scope *s, const char *name)
{
	if (s == NULL)
		return (NULL);
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->ent[i].from, name) == 0)
			return (s->ent[i].to);
	return (NULL);
}

static const struct lm_scope *
lm_default(const struct libmap *lm)
{
	for (size_t i = 0; i < lm->n; i++)
		if (strcmp(lm->scope[i].key, "$DEFAULT$") == 0)
			return (&lm->scope[i]);
	return (NULL);
}

/*
 * lm_find(): a constrained match wins and is then added as a global
 * mapping for the rest of the process (so later objects see it too).
 */
static const char *
lm_find(const struct libmap *lm, struct fbsd_state *st, const char *objpath,
    const char *name)
{
	const char *t;

	if (lm == NULL)
		return (NULL);
	if (objpath != NULL &&
	    (t = lml_find(lmp_find(lm, objpath), name)) != NULL) {
		if (st != NULL && map_get(&st->learned, name) == NULL)
			(void)map_put(&st->learned, name, (void *)(uintptr_t)t);
		return (t);
	}
	if ((t = lml_find(lm_default(lm), name)) != NULL)
		return (t);
	return (st != NULL ? map_get(&st->learned, name) : NULL);
}

const char *
libmap_find(const struct libmap *lm, const char *objpath, const char *name)
{
	return (lm_find(lm, NULL, objpath, name));
}

void
fbsd_state_free(struct fbsd_state *st)
{
	map_free(&st->learned);
}

/* --- hints --- */

static uint32_t
le32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static uint32_t
be32(const unsigned char *p)
{
	return ((uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[0] << 24);
}

/* gethints(): a bad magic or version is silently ignored. */
bool
hints_parse(const void *buf, size_t len, struct jt_strv *dirs)
{
	const unsigned char *p = buf;
	uint32_t (*rd)(const unsigned char *);
	uint32_t strtab, dirlist, dirlen;
	const char *list, *end, *colon;

	if (len < ELFHINTS_HDRSIZE)
		return (false);
	rd = le32(p) == ELFHINTS_MAGIC ? le32 :
	    be32(p) == ELFHINTS_MAGIC ? be32 : NULL;
	if (rd == NULL || rd(p + 4) != 1)
		return (false);
	strtab = rd(p + 8);
	dirlist = rd(p + 16);
	dirlen = rd(p + 20);
	if ((uint64_t)strtab + dirlist + dirlen > len)
		return (false);
	list = (const char *)p + strtab + dirlist;
	end = list + dirlen;
	while (list < end) {
		colon = memchr(list, ':', (size_t)(end - list));
		if (colon == NULL)
			colon = end;
		if (colon > list && strv_pushn(dirs, list,
		    (size_t)(colon - list)) != 0)
			return (false);
		list = colon + 1;
	}
	return (true);
}

/* --- rc.conf, for the hints /etc/rc would build --- */

struct rcvars {
	struct jt_map	vars;		/* name -> malloc'd value */
};

/* Expand $name and ${name} from what was set before; enough for rc.conf. */
static void
rc_expand(const struct rcvars *rv, const char *in, char *out, size_t len)
{
	size_t o = 0;

	while (*in != '\0' && o + 1 < len) {
		if (*in == '$') {
			const char *s = in + 1, *e, *v;
			bool brace = *s == '{';

			if (brace)
				s++;
			for (e = s; isalnum((unsigned char)*e) || *e == '_'; e++)
				;
			v = map_getn(&rv->vars, s, (size_t)(e - s));
			if (brace && *e == '}')
				e++;
			for (; v != NULL && *v != '\0' && o + 1 < len; v++)
				out[o++] = *v;
			in = e;
			continue;
		}
		if (*in != '"' && *in != '\'')
			out[o++] = *in;
		in++;
	}
	out[o] = '\0';
}

static void
rc_line(void *arg, const char *line, size_t n)
{
	struct rcvars *rv = arg;
	char buf[4096], val[4096], *eq, *name, *v, *old;

	if (n >= sizeof(buf))
		return;
	memcpy(buf, line, n);
	buf[n] = '\0';
	name = buf + strspn(buf, " \t");
	if ((eq = strchr(name, '=')) == NULL || eq == name)
		return;
	*eq = '\0';
	for (char *c = name; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return;
	v = eq + 1;
	/* Cut a trailing comment outside quotes. */
	for (char *c = v, q = 0; *c; c++) {
		if ((*c == '"' || *c == '\'') && (q == 0 || q == *c))
			q = q ? 0 : *c;
		else if (*c == '#' && q == 0 && (c == v || isspace((unsigned char)c[-1]))) {
			*c = '\0';
			break;
		}
	}
	rc_expand(rv, v, val, sizeof(val));
	old = map_get(&rv->vars, name);
	if ((v = strdup(val)) != NULL && map_put(&rv->vars, name, v) == 0)
		free(old);
	else
		free(v);
}

static void
rc_read(struct rcvars *rv, struct jt_source *src, const char *path)
{
	struct jt_err e;
	void *buf;
	size_t len;

	if (jt_source_read_file(src, path, &buf, &len, &e) == 0)
		each_line(buf, len, rc_line, rv);
}

struct ldc {
	struct jt_source *src;
	struct jt_strv	*lines;
	const char	*dir;
};

static void
ldc_line(void *arg, const char *line, size_t n)
{
	struct ldc *l = arg;

	while (n > 0 && isspace((unsigned char)line[n - 1]))
		n--;
	while (n > 0 && isspace((unsigned char)*line)) {
		line++;
		n--;
	}
	if (n > 0)
		(void)strv_pushn(l->lines, line, n);
}

static int
ldc_file(void *arg, const char *name, const struct jt_stat *st)
{
	struct ldc *l = arg;
	char path[PATH_MAX];
	struct jt_err e;
	void *buf;
	size_t len;

	(void)st;
	if (!path_join(path, sizeof(path), l->dir, name))
		return (0);
	/* find -type f: regular files, symlinks not followed. */
	if (st->type == JT_FT_REG &&
	    jt_source_read(l->src, path, &buf, &len, &e) == 0)
		each_line(buf, len, ldc_line, l);
	return (0);
}

/*
 * What rc.d/ldconfig would hand ldconfig: "/lib /usr/lib", ldconfig_paths,
 * the sorted lines of the files in ldconfig_local_dirs, /etc/ld-elf.so.conf
 * (64-bit); ldconfig32_paths and ldconfig_local32_dirs (32-bit).  Each is
 * kept only if it exists; ldconfig then drops duplicates and, unless
 * ldconfig_insecure, directories not owned by root or writable by group or
 * others (ldconfig's add_dir()).
 */
static int
hints_from_rc(struct fbsd_rules *fr, struct jt_source *src, int w)
{
	struct rcvars rv = { 0 };
	struct jt_strv cand = { 0 }, local = { 0 };
	const char *paths, *ldirs, *insecure;
	char buf[4096], real[PATH_MAX], *tok, *save;
	struct jt_stat st;
	struct jt_err e;
	int rc = 0;

	rc_read(&rv, src, "/etc/defaults/rc.conf");
	rc_read(&rv, src, "/etc/rc.conf");
	rc_read(&rv, src, "/etc/rc.conf.local");
	paths = map_get(&rv.vars, w ? "ldconfig32_paths" : "ldconfig_paths");
	ldirs = map_get(&rv.vars, w ? "ldconfig_local32_dirs" :
	    "ldconfig_local_dirs");
	insecure = map_get(&rv.vars, "ldconfig_insecure");
	if (paths == NULL)		/* no defaults/rc.conf in the source */
		paths = w ? "/usr/lib32 /usr/lib32/compat" :
		    "/usr/lib/compat /usr/local/lib /usr/local/lib/compat/pkg";
	if (ldirs == NULL)
		ldirs = w ? "/usr/local/libdata/ldconfig32" :
		    "/usr/local/libdata/ldconfig";
	if (!w) {
		(void)strv_push(&cand, "/lib");
		(void)strv_push(&cand, "/usr/lib");
	}
	snprintf(buf, sizeof(buf), "%s", paths);
	for (tok = strtok_r(buf, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save))
		(void)strv_push(&cand, tok);
	snprintf(buf, sizeof(buf), "%s", ldirs);
	for (tok = strtok_r(buf, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		struct ldc l = { src, &local, real };

		if (jt_source_resolve(src, tok, true, real, sizeof(real), NULL,
		    NULL, &e) == 0)
			(void)jt_source_readdir(src, real, ldc_file, &l, &e);
	}
	strv_sort(&local);		/* find | cat | sort -u */
	for (size_t i = 0; i < local.n; i++)
		(void)strv_push(&cand, local.v[i]);
	if (!w) {
		void *b;
		size_t len;
		struct ldc l = { src, &cand, NULL };

		if (jt_source_read_file(src, "/etc/ld-elf.so.conf", &b, &len,
		    &e) == 0)
			each_line(b, len, ldc_line, &l);
	}
	for (size_t i = 0; i < cand.n; i++) {
		if (jt_source_resolve(src, cand.v[i], true, real, sizeof(real),
		    NULL, NULL, &e) != 0 ||
		    jt_source_lstat(src, real, &st, &e) != 0 ||
		    st.type != JT_FT_DIR)
			continue;
		if ((insecure == NULL || strcasecmp(insecure, "yes") != 0) &&
		    (st.uid != 0 || (st.mode & 022) != 0))
			continue;
		if ((rc = strv_push_uniq(&fr->hints[w], cand.v[i])) != 0)
			break;
	}
	strv_free(&cand);
	strv_free(&local);
	map_each(&rv.vars, free);
	map_free(&rv.vars);
	return (rc);
}

/* USERLAND_VERSION="10.1-RELEASE" from /bin/freebsd-version. */
static void
read_version(struct fbsd_rules *fr, struct jt_source *src)
{
	struct jt_err e;
	void *buf;
	size_t len;
	const char *p, *end;
	unsigned maj = 0, min = 0;

	if (jt_source_read_file(src, "/bin/freebsd-version", &buf, &len,
	    &e) != 0)
		return;
	p = memmem(buf, len, "USERLAND_VERSION=\"", 18);
	if (p == NULL)
		return;
	p += 18;
	end = memchr(p, '"', len - (size_t)(p - (char *)buf));
	if (end == NULL || (size_t)(end - p) >= sizeof(fr->osrel))
		return;
	memcpy(fr->osrel, p, (size_t)(end - p));
	fr->osrel[end - p] = '\0';
	if (sscanf(fr->osrel, "%u.%u", &maj, &min) == 2)
		fr->version = maj * 100000 + min * 1000;
}

int
fbsd_rules_load(struct fbsd_rules *fr, struct jt_source *src,
    struct jt_err *err)
{
	void *buf;
	size_t len;
	struct jt_err e;

	memset(fr, 0, sizeof(*fr));
	for (int w = 0; w < 2; w++) {
		if ((fr->lm[w] = libmap_new()) == NULL)
			return (jt_err_set(err, JT_ENOMEM, 0, NULL, "libmap"));
		if (libmap_file(fr->lm[w], src, libmapfile[w], 0) != 0)
			return (jt_err_set(err, JT_ENOMEM, 0, libmapfile[w],
			    "out of memory"));
		if (jt_source_read_file(src, hintsfile[w], &buf, &len, &e) == 0 &&
		    hints_parse(buf, len, &fr->hints[w]))
			fr->hints_file[w] = true;
		else if (hints_from_rc(fr, src, w) != 0)
			return (jt_err_set(err, JT_ENOMEM, 0, NULL, "hints"));
	}
	read_version(fr, src);
	/*
	 * $ORIGIN: the 10.1 rtld substitutes only under DF_ORIGIN/DF_1_ORIGIN
	 * (verified by disassembly, FreeBSD PR 187114); the 10.4 sources do
	 * it always.  Where the boundary lies in between is not pinned, so
	 * 10.1 and older (and an unknown version) get the strict rule.
	 */
	fr->origin_needs_flag = fr->version < 1002000;
	return (0);
}

void
fbsd_rules_free(struct fbsd_rules *fr)
{
	for (int w = 0; w < 2; w++) {
		libmap_free(fr->lm[w]);
		strv_free(&fr->hints[w]);
	}
}

const char *
fbsd_interp(const struct jt_elf_info *elf)
{
	/*
	 * The amd64 kernel runs 32-bit FreeBSD programs through the ia32
	 * brand, whose interp_newpath is /libexec/ld-elf32.so.1
	 * (sys/amd64/ia32/ia32_sysvec.c).
	 */
	if (elf->interp != NULL && elf->elfclass == 32 &&
	    strcmp(elf->interp, "/libexec/ld-elf.so.1") == 0)
		return ("/libexec/ld-elf32.so.1");
	return (elf->interp);
}

/* --- the search --- */

struct fsearch {
	const struct fbsd_rules	*fr;
	const struct rtld_obj	*ref;
	const char		*name;
	int			 w;
	rtld_try_fn		*try;
	void			*arg;
};

static bool
z_origin(const struct jt_elf_info *e)
{
	return ((e->flags & DF_ORIGIN_) || (e->flags_1 & DF_1_ORIGIN_));
}

static void
values(const struct fsearch *fs, struct dst_values *v, char *origin,
    size_t olen)
{
	path_dirname(origin, olen, fs->ref->path);
	memset(v, 0, sizeof(*v));
	v->origin = origin;
	v->osname = "FreeBSD";
	v->osrel = fs->fr->osrel[0] ? fs->fr->osrel : "";
	v->platform = jt_elf_machine_name(fs->ref->elf->machine,
	    fs->ref->elf->elfclass);
}

/*
 * search_library_path(): split on ":" and ";"; each directory may be
 * rewritten by libmap (lm_findn(NULL, dir)); $ORIGIN and friends are
 * substituted in RPATH/RUNPATH (origin_subst), under DF_ORIGIN in 10.1.
 */
static int
search_path(const struct fsearch *fs, const char *list, enum jt_via via,
    bool subst, bool nodeflib)
{
	char dir[PATH_MAX], xdir[PATH_MAX], path[PATH_MAX], origin[PATH_MAX];
	struct dst_values v;
	const char *p = list, *e, *m;
	size_t n;
	int rc;

	if (list == NULL)
		return (0);
	values(fs, &v, origin, sizeof(origin));
	while (*p != '\0') {
		n = strcspn(p, ":;");
		e = p + n;
		if (n > 0 && n < sizeof(dir)) {
			memcpy(dir, p, n);
			dir[n] = '\0';
			if (subst && (!fs->fr->origin_needs_flag ||
			    z_origin(fs->ref->elf)) &&
			    dst_expand(xdir, sizeof(xdir), dir, &v))
				memcpy(dir, xdir, strlen(xdir) + 1);
			if ((m = lm_find(fs->fr->lm[fs->w], NULL, NULL, dir)) != NULL)
				snprintf(dir, sizeof(dir), "%s", m);
			if (nodeflib && (strcmp(dir, "/lib") == 0 ||
			    strcmp(dir, "/usr/lib") == 0))
				goto next;
			if (snprintf(path, sizeof(path), "%s/%s", dir,
			    fs->name) < (int)sizeof(path) &&
			    (rc = fs->try(fs->arg, path, via, list)) != 0)
				return (rc);
		}
next:
		p = *e != '\0' ? e + 1 : e;
	}
	return (0);
}

static int
search_hints(const struct fsearch *fs, bool nodeflib)
{
	const struct jt_strv *h = &fs->fr->hints[fs->w];
	char path[PATH_MAX];
	int rc;

	for (size_t i = 0; i < h->n; i++) {
		/* gethints(nodeflib) drops /lib and /usr/lib from the list. */
		if (nodeflib && (strcmp(h->v[i], "/lib") == 0 ||
		    strcmp(h->v[i], "/usr/lib") == 0))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", h->v[i], fs->name) <
		    (int)sizeof(path) &&
		    (rc = fs->try(fs->arg, path, JT_VIA_HINTS, h->v[i])) != 0)
			return (rc);
	}
	return (0);
}

/*
 * find_library(), rtld.c (10.x), for a name without "/":
 *   libmap; DT_RPATH of the object (kept only when it has no DT_RUNPATH,
 *   digest_dynamic2()); DT_RPATH of the main program when the object has
 *   no DT_RUNPATH; LD_LIBRARY_PATH (unset in a jail's services); the
 *   object's DT_RUNPATH; the hints; /lib:/usr/lib unless DF_1_NODEFLIB.
 * A name with "/" is a path: no search, no libmap, $ORIGIN under
 * DF_ORIGIN; relative names are taken from "/", the jail's usual cwd.
 */
int
fbsd_search(const struct fbsd_rules *fr, struct fbsd_state *st,
    const struct rtld_obj *ref, const struct rtld_obj *main_obj,
    const char *xname, rtld_try_fn *try, void *arg, const char **mapped_from)
{
	const struct jt_elf_info *e = ref->elf;
	struct fsearch fs = { fr, ref, xname, e->elfclass == 32, try, arg };
	bool nodeflib = (e->flags_1 & DF_1_NODEFLIB_) != 0;
	const char *rpath, *mapped;
	char path[PATH_MAX], origin[PATH_MAX];
	struct dst_values v;
	int rc;

	*mapped_from = NULL;
	if (strchr(xname, '/') != NULL) {
		values(&fs, &v, origin, sizeof(origin));
		if (!(fr->origin_needs_flag && !z_origin(e)) &&
		    dst_expand(path, sizeof(path), xname, &v))
			xname = path;
		return (try(arg, xname, JT_VIA_PATHNAME, NULL));
	}
	mapped = lm_find(fr->lm[fs.w], st, ref->loadpath, xname);
	if (mapped != NULL && strcmp(mapped, xname) != 0) {
		*mapped_from = xname;
		fs.name = mapped;
	}
	rpath = e->runpath == NULL ? e->rpath : NULL;
	if ((rc = search_path(&fs, rpath, JT_VIA_RPATH, true, false)) != 0)
		return (rc);
	if (e->runpath == NULL && main_obj != NULL && main_obj != ref &&
	    main_obj->elf->runpath == NULL) {
		struct fsearch ms = fs;

		ms.ref = main_obj;	/* its $ORIGIN, its flags */
		if ((rc = search_path(&ms, main_obj->elf->rpath,
		    JT_VIA_MAIN_RPATH, true, false)) != 0)
			return (rc);
	}
	if ((rc = search_path(&fs, e->runpath, JT_VIA_RUNPATH, true,
	    false)) != 0)
		return (rc);
	if ((rc = search_hints(&fs, nodeflib)) != 0)
		return (rc);
	if (!nodeflib)
		return (search_path(&fs, stdpath[fs.w], JT_VIA_DEFAULT, false,
		    false));
	return (0);
}
