/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shrink --detect: what the jail's rc system runs, as rcsys reads it
 * (defaults included, nojail scripts skipped), and what that needs.  The
 * caller keeps the needs through the build stage so that programs come
 * with their ELF closure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/rcconf.h"
#include "jailtrim/rcsys.h"
#include "jailtrim/shrink.h"
#include "util.h"

#define ENABLE_SUF	"_enable"
#define DEFAULTS	"/etc/defaults/rc.conf"

/*
 * NAME_enable=YES set by the admin (not the defaults) for a NAME that has
 * no rc.d script: a profile of that name may still know the service, as
 * --detect did before it read the scripts.
 */
struct noscript {
	const struct jt_rcsys	*rs;
	struct jt_strv		 names;
	int			 rc;
};

static int
noscript_one(void *arg, const char *var, const struct jt_rcvar *v)
{
	struct noscript *ns = arg;
	size_t n = strlen(var), sl = sizeof(ENABLE_SUF) - 1;
	char name[128];

	if (n <= sl || n - sl >= sizeof(name) ||
	    strcmp(var + n - sl, ENABLE_SUF) != 0 ||
	    !jt_rcconf_is_yes(v->value) ||
	    (v->file != NULL && strcmp(v->file, DEFAULTS) == 0))
		return (0);
	memcpy(name, var, n - sl);
	name[n - sl] = '\0';
	if (jt_rcsys_find(ns->rs, name) != NULL)
		return (0);
	if (strv_push_uniq(&ns->names, name) != 0) {
		ns->rc = JT_ENOMEM;
		return (1);
	}
	return (0);
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static int
noscript_services(struct jt_source *src, const struct jt_rcsys *rs,
    const struct jt_shrink_rc_ops *ops, void *arg, bool *any,
    struct jt_err *err)
{
	struct noscript ns = { rs, { 0 }, 0 };
	struct jt_rcconf *g = NULL;
	int rc;

	if ((rc = jt_rcconf_load(&g, src, err)) != 0)
		return (rc);
	(void)jt_rcconf_each(g, noscript_one, &ns);
	if ((rc = ns.rc) != 0)
		rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "rc.conf");
	else if (ns.names.n > 0)
		qsort(ns.names.v, ns.names.n, sizeof(ns.names.v[0]), cmp_str);
	for (size_t i = 0; rc == 0 && i < ns.names.n; i++) {
		*any = true;
		rc = ops->service(arg, ns.names.v[i], false);
	}
	strv_free(&ns.names);
	jt_rcconf_free(g);
	return (rc);
}

/*
 * The scripts of services that do not run, which /etc/rc only orders:
 * unless a running service needs them too, they are optional (needed as
 * long as their package stays).
 */
struct boot {
	struct jt_map			 idle;	/* script -> (void *)1 */
	const struct jt_shrink_rc_ops	*ops;
	void				*arg;
};

static int
not_idle(void *arg, const struct jt_rcneed *need)
{
	struct boot *bt = arg;

	if (map_get(&bt->idle, need->path) != NULL &&
	    map_put(&bt->idle, need->path, NULL) != 0)
		return (JT_ENOMEM);
	return (0);
}

static int
boot_need(void *arg, const struct jt_rcneed *need)
{
	struct boot *bt = arg;

	return (bt->ops->need(bt->arg, need,
	    map_get(&bt->idle, need->path) != NULL));
}

static int
boot_needs(struct jt_rcsys *rs, const struct jt_shrink_rc_ops *ops,
    void *arg, struct jt_err *err)
{
	struct boot bt = { { 0 }, ops, arg };
	const struct jt_rcservice *sv;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < jt_rcsys_nservices(rs); i++) {
		sv = jt_rcsys_service(rs, i);
		if (!sv->running && sv->script != NULL)
			rc = map_put(&bt.idle, sv->script, (void *)1);
	}
	for (size_t i = 0; rc == 0 && i < jt_rcsys_nservices(rs); i++) {
		sv = jt_rcsys_service(rs, i);
		if (sv->running)
			rc = jt_rcsys_needs(rs, sv->name, not_idle, &bt, err);
	}
	if (rc == JT_ENOMEM)
		rc = jt_err_set(err, JT_ENOMEM, errno, NULL, "rc.d scripts");
	if (rc == 0)
		rc = jt_rcsys_needs(rs, NULL, boot_need, &bt, err);
	map_free(&bt.idle);
	return (rc);
}

int
jt_shrink_rc(struct jt_source *src, bool boot,
    const struct jt_shrink_rc_ops *ops, void *arg, bool *boots,
    struct jt_err *err)
{
	const struct jt_rcservice *sv;
	const struct jt_rcwarning *w;
	struct jt_rcsys *rs = NULL;
	bool any = false;
	int rc;

	*boots = false;
	if ((rc = jt_rcsys_read(&rs, src, err)) != 0)
		return (rc);
	for (size_t i = 0; i < jt_rcsys_nservices(rs); i++) {
		sv = jt_rcsys_service(rs, i);
		if (sv->skipped || !sv->running)
			continue;
		any = true;
		if ((rc = ops->service(arg, sv->name, true)) != 0)
			goto out;
	}
	if ((rc = noscript_services(src, rs, ops, arg, &any, err)) != 0)
		goto out;
	/*
	 * Services are started by /etc/rc: a jail running any boots it, and
	 * then everything /etc/rc runs stays, whatever rc.conf enables.
	 */
	*boots = boot || any;
	if (*boots && (rc = boot_needs(rs, ops, arg, err)) != 0)
		goto out;
	for (size_t i = 0; i < jt_rcsys_nwarnings(rs); i++) {
		w = jt_rcsys_warning(rs, i);
		ops->warning(arg, w->file, w->line, w->message);
	}
out:
	jt_rcsys_free(rs);
	return (rc);
}
