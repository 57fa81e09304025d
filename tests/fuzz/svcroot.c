/* SPDX-License-Identifier: BSD-2-Clause */
/* See svcroot.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jailtrim/svcconf.h"
#include "svcroot.h"

static char root[PATH_MAX];

static void
rm_root(void)
{
	char cmd[PATH_MAX + 32];

	/* only a directory this process made with mkdtemp */
	if (root[0] != '\0' && snprintf(cmd, sizeof(cmd), "rm -rf '%s'",
	    root) < (int)sizeof(cmd) && system(cmd) != 0)
		fprintf(stderr, "svcroot: cannot remove %s\n", root);
}

static int
mkparents(char *path)
{
	for (char *s = path + strlen(root) + 1; (s = strchr(s, '/')) != NULL;
	    s++) {
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			*s = '/';
			return (-1);
		}
		*s = '/';
	}
	return (0);
}

static int
put(const char *rel, const uint8_t *data, size_t len)
{
	char path[PATH_MAX];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, rel) >=
	    sizeof(path) || mkparents(path) != 0)
		return (-1);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		return (-1);
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n <= 0) {
			close(fd);
			return (-1);
		}
		data += n;
		len -= (size_t)n;
	}
	return (close(fd));
}

static int
make_root(const char *const *fixed, size_t nfixed)
{
	const char *tmp = getenv("TMPDIR");

	if ((size_t)snprintf(root, sizeof(root), "%s/jt-fuzz-XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp") >= sizeof(root) ||
	    mkdtemp(root) == NULL) {
		root[0] = '\0';
		return (-1);
	}
	atexit(rm_root);
	for (size_t i = 0; i < nfixed; i++)
		if (put(fixed[i], (const uint8_t *)"", 0) != 0)
			return (-1);
	return (0);
}

struct jt_source *
svcroot_open(const char *const *fixed, size_t nfixed,
    const char *const *files, size_t nfiles, const uint8_t *data,
    size_t size)
{
	static int state;	/* 0 not made, 1 made, -1 failed */
	const uint8_t *p = data, *end = data + size, *nul;
	struct jt_source *src;
	struct jt_err err;
	char path[PATH_MAX];

	if (state == 0)
		state = make_root(fixed, nfixed) == 0 ? 1 : -1;
	if (state < 0)
		return (NULL);
	for (size_t i = 0; i < nfiles; i++) {
		if (p == NULL) {
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", root,
			    files[i]) < sizeof(path))
				(void)unlink(path);
			continue;
		}
		nul = memchr(p, '\0', (size_t)(end - p));
		if (put(files[i], p, (size_t)((nul != NULL ? nul : end) - p))
		    != 0)
			return (NULL);
		p = nul != NULL ? nul + 1 : NULL;
	}
	if (jt_source_new(&src, &err) != 0)
		return (NULL);
	if (jt_source_add(src, root, &err) != 0) {
		jt_source_free(src);
		return (NULL);
	}
	return (src);
}

void
svcroot_check(const struct jt_svcconf *sc, int rc)
{
	const struct jt_svc_item *it;
	const struct jt_svc_problem *pr;
	size_t n, np;

	if (rc > 0 || (rc < 0 && rc != JT_ENOMEM && rc != JT_EIO &&
	    rc != JT_EINVAL)) {
		fprintf(stderr, "svcroot: unexpected result %d\n", rc);
		abort();
	}
	it = jt_svcconf_items(sc, &n);
	for (size_t i = 0; i < n; i++) {
		if (it[i].path == NULL || it[i].path[0] != '/' ||
		    it[i].why == NULL || it[i].kind > JT_SVC_FILE_MTIME) {
			fprintf(stderr, "svcroot: a malformed item\n");
			abort();
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(it[i].path, it[j].path) == 0) {
				fprintf(stderr, "svcroot: %s twice (%s; %s)\n",
				    it[i].path, it[j].why, it[i].why);
				abort();
			}
	}
	pr = jt_svcconf_problems(sc, &np);
	for (size_t i = 0; i < np; i++)
		if (pr[i].message == NULL || pr[i].file == NULL ||
		    pr[i].line < 0) {
			fprintf(stderr, "svcroot: a malformed problem: %s:%d: %s\n", pr[i].file ? pr[i].file : "(null)", pr[i].line, pr[i].message ? pr[i].message : "(null)");
			abort();
		}
}

void
svcroot_config(const char *kind, const char *const *fixed, size_t nfixed,
    const char *const *files, size_t nfiles, const uint8_t *data,
    size_t size)
{
	static const enum jt_platform plats[] = { JT_PLAT_GLIBC,
	    JT_PLAT_FREEBSD };
	struct jt_source *src;
	struct jt_svcconf *sc;
	struct jt_err err;
	char conf[PATH_MAX];

	if ((src = svcroot_open(fixed, nfixed, files, nfiles, data, size)) ==
	    NULL)
		return;
	if ((size_t)snprintf(conf, sizeof(conf), "/%s", files[0]) >=
	    sizeof(conf)) {
		jt_source_free(src);
		return;
	}
	for (size_t i = 0; i < NELEM(plats); i++) {
		if (jt_svcconf_new(&sc, &err) != 0)
			break;
		svcroot_check(sc, jt_svcconf_config(sc, src, kind, plats[i],
		    i == 0 ? NULL : conf, &err));
		jt_svcconf_free(sc);
	}
	jt_source_free(src);
}
