/* SPDX-License-Identifier: BSD-2-Clause */
/* Fixture roots for the unit tests: see unit_fs.h. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jailtrim/source.h"
#include "tap.h"
#include "unit_fs.h"

char unit_root[PATH_MAX];
unit_dbopen_fn *unit_dbopen;

void
unit_root_make(const char *tag)
{
	const char *base = getenv("JT_TEST_WORK");

	if (base == NULL || *base == '\0')
		base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	if (access(base, W_OK) != 0 && mkdir(base, 0755) != 0 && errno != EEXIST)
		tap_skip_all("no work directory");
	if ((size_t)snprintf(unit_root, sizeof(unit_root), "%s/%s.XXXXXX", base,
	    tag) >= sizeof(unit_root) || mkdtemp(unit_root) == NULL)
		tap_skip_all("mkdtemp failed");
}

void
unit_root_remove(void)
{
	char cmd[PATH_MAX + 16];

	/* unit_root is mkdtemp's: no quote in it */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", unit_root);
	if (system(cmd) != 0)
		printf("# cleanup failed: %s\n", cmd);
}

void
unit_mkdirs(const char *rel)
{
	const char *p = tap_path(unit_root, rel);
	char d[PATH_MAX];

	snprintf(d, sizeof(d), "%s", p);
	for (char *s = d + strlen(unit_root) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			(void)mkdir(d, 0755);
			*s = '/';
		}
	(void)mkdir(d, 0755);
}

bool
unit_put(const char *rel, const char *content)
{
	return (tap_put(unit_root, rel, content, 0644));
}

bool
unit_put_mode(const char *rel, const char *content, mode_t mode)
{
	return (tap_put(unit_root, rel, content, mode));
}

bool
unit_putbin(const char *rel, const char *a, const char *b)
{
	const char *p = tap_path(unit_root, rel);
	FILE *f;

	if (!unit_put(rel, ""))
		return (false);
	if ((f = fopen(p, "w")) == NULL)
		return (ok(false, "cannot write %s", p));
	fputs("\177ELF", f);
	fputc('\0', f);
	fputs(a, f);
	fputc('\0', f);
	fputs(b, f);
	fputc('\0', f);
	if (fclose(f) != 0)
		return (ok(false, "cannot write %s", p));
	return (true);
}

bool
unit_ln(const char *target, const char *rel)
{
	char d[PATH_MAX];

	snprintf(d, sizeof(d), "%s", rel);
	if (strrchr(d, '/') != NULL) {
		*strrchr(d, '/') = '\0';
		unit_mkdirs(d);
	}
	if (symlink(target, tap_path(unit_root, rel)) != 0)
		return (ok(false, "symlink %s: %s", rel, strerror(errno)));
	return (true);
}

struct jt_source *
unit_source(const char *rel)
{
	struct jt_source *s;
	struct jt_err err = { 0 };
	const char *p = tap_path(unit_root, rel);

	if (jt_source_new(&s, &err) != 0 || jt_source_add(s, p, &err) != 0) {
		printf("# cannot open %s: %s\n", p, err.msg);
		exit(1);
	}
	return (s);
}

struct jt_svcconf *
unit_svc_read(const char *rel, const char *kind, enum jt_platform plat,
    const char *conf, int *rc)
{
	struct jt_source *s = unit_source(rel);
	struct jt_svcconf *sc;
	struct jt_err err = { 0 };

	if (jt_svcconf_new(&sc, &err) != 0) {
		printf("# jt_svcconf_new: %s\n", err.msg);
		exit(1);
	}
	*rc = jt_svcconf_config(sc, s, kind, plat, conf, &err);
	if (*rc != 0)
		printf("# %s in %s: %d %s\n", kind, rel, *rc, err.msg);
	jt_source_free(s);
	return (sc);
}

void
unit_svc_dump(const struct jt_svcconf *sc)
{
	static const char *const kinds[] = { "file", "object", "dir",
	    "place", "mtime" };
	const struct jt_svc_problem *p;
	const struct jt_svc_item *it;
	size_t n;

	it = jt_svcconf_items(sc, &n);
	for (size_t i = 0; i < n; i++)
		printf("#   %-6s %s  (%s)\n", kinds[it[i].kind], it[i].path,
		    it[i].why);
	p = jt_svcconf_problems(sc, &n);
	for (size_t i = 0; i < n; i++)
		printf("#   %s %s:%d: %s\n", p[i].warning ? "warning" :
		    "problem", p[i].file, p[i].line, p[i].message);
}

const struct jt_svc_item *
unit_svc_item(const struct jt_svcconf *sc, const char *path, int kind)
{
	const struct jt_svc_item *it;
	size_t n;

	it = jt_svcconf_items(sc, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(it[i].path, path) == 0 &&
		    (kind < 0 || (int)it[i].kind == kind))
			return (&it[i]);
	return (NULL);
}

bool
unit_svc_has(const struct jt_svcconf *sc, const char *path, int kind)
{
	return (unit_svc_item(sc, path, kind) != NULL);
}

bool
unit_svc_has_like(const struct jt_svcconf *sc, const char *needle)
{
	const struct jt_svc_item *it;
	size_t n;

	it = jt_svcconf_items(sc, &n);
	for (size_t i = 0; i < n; i++)
		if (strstr(it[i].path, needle) != NULL)
			return (true);
	return (false);
}

size_t
unit_svc_nproblems(const struct jt_svcconf *sc)
{
	size_t n;

	(void)jt_svcconf_problems(sc, &n);
	return (n);
}

size_t
unit_svc_nerrors(const struct jt_svcconf *sc)
{
	const struct jt_svc_problem *p;
	size_t n, c = 0;

	p = jt_svcconf_problems(sc, &n);
	for (size_t i = 0; i < n; i++)
		c += !p[i].warning;
	return (c);
}

void
unit_db1_load(void)
{
	void *h = dlopen("libdb1.so.2", RTLD_NOW);

	if (h == NULL)
		h = dlopen("/lib/libdb1.so.2", RTLD_NOW);
	if (h != NULL)
		*(void **)&unit_dbopen = dlsym(h, "dbopen");
	if (unit_dbopen == NULL)
		printf("# libdb1 not found (apt-get install libdb1-compat): "
		    "skipping the read-back checks\n");
}

const char *
unit_save(const char *name, const void *data, size_t len)
{
	const char *path = tap_path(unit_root, name);
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		ok(false, "write %s: %s", path, strerror(errno));
		return (NULL);
	}
	return (path);
}

struct db1 *
unit_db1_open(const char *name, const struct jt_account_file *f)
{
	const char *path = unit_save(name, f->data, f->len);
	struct db1 *db = path != NULL ? unit_dbopen(path, O_RDONLY, 0,
	    DB1_HASH, NULL) : NULL;

	ok(db != NULL, "libdb1 opens %s", name);
	return (db);
}

uint32_t
unit_be32(const void *p)
{
	const unsigned char *u = p;

	return ((uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 |
	    (uint32_t)u[2] << 8 | u[3]);
}
