/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PHP as a web server runs it (php-cgi, php-fpm): the php.ini files it
 * reads at start-up and the extensions they load (php-src main/php_ini.c
 * php_init_config(), ext/standard/dl.c php_load_extension(); facts §4.5):
 *   php.ini from PHP_CONFIG_FILE_PATH, then every "*.ini" of
 *   PHP_CONFIG_FILE_SCAN_DIR in name order, both compiled in: Debian's
 *   /etc/php/V/SAPI and /etc/php/V/SAPI/conf.d (V from the program's
 *   name, php-cgi8.2, else the highest /etc/php/V), FreeBSD ports'
 *   /usr/local/etc/php.ini and /usr/local/etc/php/;
 *   INI lines "key = value", ";" comments, "[section]" headers (all
 *   taken: [PATH=...] and [HOST=...] apply per request);
 *   "extension=" and "zend_extension=" a file name in extension_dir (its
 *   last setting; else the compiled-in /usr/lib/php/API or
 *   /usr/local/lib/php/API, API the highest there), tried as NAME then
 *   NAME.so, or an absolute path.
 * PHPRC and PHP_INI_SCAN_DIR (the environment at start-up) are not read.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svcconf_int.h"

struct php {
	struct scx	*x;
	char		 extdir[PATH_MAX];	/* "" until set */
	struct jt_strv	 exts, files;		/* extension names, where named */
	struct jt_ptrv	 lines;			/* (int) line of each */
};

/* An INI value: quotes dropped, a ";" comment after it cut. */
static char *
ini_value(char *v)
{
	char *e;

	v += strspn(v, " \t");
	if (*v == '"' || *v == '\'') {
		char q = *v++;

		if ((e = strchr(v, q)) != NULL)
			*e = '\0';
		return (v);
	}
	if ((e = strchr(v, ';')) != NULL)
		*e = '\0';
	for (e = v + strlen(v); e > v && isspace((unsigned char)e[-1]); e--)
		e[-1] = '\0';
	return (v);
}

static void
php_ini(struct php *ph, const char *path, const char *why, bool optional)
{
	char buf[SC_MAX_LINE], *k, *v, *eq;
	const char *text;
	struct lines l;
	size_t len;
	int line, r;

	if (scx_open(ph->x, path, why, NULL, 0, optional, &text, &len) != 0)
		return;
	lines_init(&l, text, len);
	while (ph->x->rc == 0 && (r = lines_next(&l, buf, sizeof(buf), false,
	    &line)) != 0) {
		if (r < 0)
			continue;
		k = buf + strspn(buf, " \t");
		if (*k == ';' || *k == '[' || *k == '#' ||
		    (eq = strchr(k, '=')) == NULL)
			continue;
		*eq = '\0';
		v = ini_value(eq + 1);
		for (char *e = eq; e > k && isspace((unsigned char)e[-1]); e--)
			e[-1] = '\0';
		if (strcmp(k, "extension_dir") == 0) {
			snprintf(ph->extdir, sizeof(ph->extdir), "%s", v);
		} else if ((strcmp(k, "extension") == 0 ||
		    strcmp(k, "zend_extension") == 0) && *v != '\0') {
			if (strv_push(&ph->exts, v) != 0 ||
			    strv_push(&ph->files, path) != 0 ||
			    ptrv_push(&ph->lines, (void *)(intptr_t)line) != 0)
				scx_oom(ph->x);
		}
	}
	scx_close(ph->x);
}

/* One extension: extension_dir/NAME, else NAME.so, or an absolute path. */
static void
php_ext(struct php *ph, size_t i)
{
	const char *name = ph->exts.v[i], *file = ph->files.v[i];
	int line = (int)(intptr_t)ph->lines.v[i];
	char path[PATH_MAX], why[PATH_MAX + 64];

	snprintf(why, sizeof(why), "PHP extension %s in %s line %d", name,
	    file, line);
	if (name[0] == '/') {
		(void)scx_need(ph->x, name, JT_SVC_OBJECT, why, file, line);
		return;
	}
	if (strchr(name, '/') != NULL || ph->extdir[0] != '/' ||
	    snprintf(path, sizeof(path), "%s/%s", ph->extdir, name) >=
	    (int)sizeof(path)) {
		scx_problem(ph->x, file, line, "extension %s: not a file name "
		    "in an absolute extension_dir (%s)", name, ph->extdir);
		return;
	}
	if (!scx_exists(ph->x, path, JT_FT_REG) && !str_ends(name, ".so") &&
	    strlen(path) + 3 < sizeof(path))
		strcat(path, ".so");
	(void)scx_need(ph->x, path, JT_SVC_OBJECT, why, file, line);
}

/*
 * "php-cgi8.2" -> "8.2" and "cgi"; "php-fpm" -> "" and "fpm".  False for
 * a program that is not PHP's CGI or FPM.
 */
static bool
sapi_of(const char *base, char *ver, size_t vlen, char *sapi, size_t slen)
{
	const char *v;

	if (strncmp(base, "php-cgi", 7) == 0)
		snprintf(sapi, slen, "cgi");
	else if (strncmp(base, "php-fpm", 7) == 0)
		snprintf(sapi, slen, "fpm");
	else
		return (false);
	v = base + 7;
	if (v[strspn(v, "0123456789.")] != '\0')
		return (false);
	snprintf(ver, vlen, "%s", v);
	return (true);
}

/* Debian's /etc/php/V: V from the name, else the highest there. */
static bool
debian_version(struct php *ph, char *ver, size_t len)
{
	struct jt_strv m = { 0 };

	if (ver[0] != '\0')
		return (true);
	(void)scx_glob(ph->x, "/etc/php/[0-9]*.[0-9]*", &m, NULL, 0);
	if (m.n > 0)		/* sorted: the last is the highest (8.10 aside) */
		snprintf(ver, len, "%s", path_basename(m.v[m.n - 1]));
	strv_free(&m);
	return (ver[0] != '\0');
}

bool
sc_php_program(struct scx *x, const char *prog)
{
	char real[PATH_MAX], ver[32], sapi[8];
	struct jt_err e;

	/* /usr/bin/php-cgi -> /etc/alternatives/php-cgi -> php-cgi8.2 */
	if (scx_resolve(x, prog, true, real, sizeof(real), &e) != 0)
		return (false);
	return (sapi_of(path_basename(real), ver, sizeof(ver), sapi,
	    sizeof(sapi)) || sapi_of(path_basename(prog), ver, sizeof(ver),
	    sapi, sizeof(sapi)));
}

void
sc_php(struct scx *x, const char *prog)
{
	struct php ph = { .x = x };
	char real[PATH_MAX], ver[32] = "", sapi[8] = "cgi", dir[PATH_MAX];
	char why[PATH_MAX + 32], ini[PATH_MAX + 16];
	struct jt_strv scan = { 0 };
	struct jt_err e;
	bool fbsd = x->plat == JT_PLAT_FREEBSD;

	if (prog == NULL)
		prog = fbsd ? "/usr/local/bin/php-cgi" : "/usr/bin/php-cgi";
	if (scx_resolve(x, prog, true, real, sizeof(real), &e) != 0 ||
	    (!sapi_of(path_basename(real), ver, sizeof(ver), sapi,
	    sizeof(sapi)) && !sapi_of(path_basename(prog), ver, sizeof(ver),
	    sapi, sizeof(sapi)))) {
		scx_problem(x, NULL, 0, "%s: not PHP's php-cgi or php-fpm in "
		    "the source; its php.ini was not read", prog);
		return;
	}
	snprintf(why, sizeof(why), "php.ini of %s", prog);
	if (fbsd) {
		php_ini(&ph, "/usr/local/etc/php.ini", why, true);
		snprintf(dir, sizeof(dir), "/usr/local/etc/php");
	} else if (debian_version(&ph, ver, sizeof(ver))) {
		snprintf(ini, sizeof(ini), "/etc/php/%s/%s/php.ini", ver, sapi);
		php_ini(&ph, ini, why, true);
		snprintf(dir, sizeof(dir), "/etc/php/%s/%s/conf.d", ver, sapi);
	} else {
		scx_problem(x, NULL, 0, "%s: no /etc/php/VERSION in the source; "
		    "its php.ini was not read", prog);
		return;
	}
	snprintf(why, sizeof(why), "PHP scan directory of %s", prog);
	snprintf(ini, sizeof(ini), "%s/*.ini", dir);
	if (scx_exists(x, dir, JT_FT_DIR))
		(void)scx_glob(x, ini, &scan, NULL, 0);
	for (size_t i = 0; i < scan.n && x->rc == 0; i++)
		php_ini(&ph, scan.v[i], why, false);
	strv_free(&scan);
	if (ph.extdir[0] == '\0' && ph.exts.n > 0) {
		/* the compiled-in one: the highest API date there */
		(void)scx_glob(x, fbsd ? "/usr/local/lib/php/20[0-9]*" :
		    "/usr/lib/php/20[0-9]*", &scan, NULL, 0);
		if (scan.n > 0)
			snprintf(ph.extdir, sizeof(ph.extdir), "%s",
			    scan.v[scan.n - 1]);
		strv_free(&scan);
	}
	for (size_t i = 0; i < ph.exts.n && x->rc == 0; i++)
		php_ext(&ph, i);
	strv_free(&ph.exts);
	strv_free(&ph.files);
	ptrv_free(&ph.lines);
}
