/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Changes to the kept accounts before they are rendered: the service
 * accounts packages add moved into the jail's id range (so that no two
 * jails, nor a jail and its host, share a service uid), and root's
 * password.  Both edit the parsed lines, so the five rendered files
 * still agree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/accounts.h"
#include "accounts_int.h"

/*
 * The accounts of FreeBSD's base (src/etc/master.passwd and group, 10.x
 * to 14.x): they keep their ids, whatever they are (hast is 845, nobody
 * 65534), since every jail and the host agree on them.
 */
static const char *const base_users[] = {
	"root", "toor", "daemon", "operator", "bin", "tty", "kmem", "games",
	"news", "man", "sshd", "smmsp", "mailnull", "bind", "unbound",
	"proxy", "_pflogd", "_dhcp", "uucp", "pop", "auditdistd", "www",
	"ntpd", "_ypldap", "hast", "tests", "_tss", "nobody",
};
static const char *const base_groups[] = {
	"wheel", "daemon", "kmem", "sys", "tty", "operator", "mail", "bin",
	"news", "man", "games", "ftp", "staff", "sshd", "smmsp", "mailnull",
	"guest", "video", "realtime", "bind", "unbound", "proxy", "authpf",
	"_pflogd", "_dhcp", "uucp", "dialer", "network", "audit", "www",
	"ntpd", "_ypldap", "hast", "tests", "_tss", "nogroup", "nobody",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define BASE_BELOW	100	/* ids under it are the system's own */

bool
jt_accounts_is_base(const char *name, bool group)
{
	const char *const *v = group ? base_groups : base_users;
	size_t n = group ? NELEM(base_groups) : NELEM(base_users);

	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return (true);
	return (false);
}

static bool
in_range(uint32_t id, uint32_t first, uint32_t count)
{
	return (id >= first && id - first < count);
}

/* The lowest id of the range no kept user (group) has, or false. */
static bool
lowest_free(const struct jt_accounts *a, bool group, uint32_t first,
    uint32_t count, uint32_t *out)
{
	for (uint32_t k = 0; k < count; k++) {
		uint32_t id = first + k;
		bool used = false;

		if (group)
			for (size_t i = 0; i < a->ngr && !used; i++)
				used = a->gr[i].keep && is_group(&a->gr[i]) &&
				    a->gr[i].gid == id;
		else
			for (size_t i = 0; i < a->npw && !used; i++)
				used = a->pw[i].keep && is_user(&a->pw[i]) &&
				    a->pw[i].uid == id;
		if (!used) {
			*out = id;
			return (true);
		}
	}
	return (false);
}

/* p->text again from its fields, after one of them changed. */
static int
user_text(struct jt_accounts *a, struct pwline *p)
{
	size_t len = 0;
	char *t;

	for (int f = 0; f < NPWFIELDS; f++)
		len += strlen(p->f[f]) + 1;
	if ((t = arena_alloc(&a->arena, len)) == NULL)
		return (JT_ENOMEM);
	t[0] = '\0';
	for (int f = 0; f < NPWFIELDS; f++) {
		strcat(t, p->f[f]);
		if (f + 1 < NPWFIELDS)
			strcat(t, ":");
	}
	p->text = t;
	return (0);
}

static char *
id_str(struct jt_accounts *a, uint32_t id)
{
	char buf[16];

	(void)snprintf(buf, sizeof(buf), "%u", id);
	return (arena_strdup(&a->arena, buf));
}

static int
push_move(struct jt_acct_moves *m, const char *name, bool group,
    uint32_t from, uint32_t to)
{
	struct jt_acct_move *v;

	if ((v = realloc(m->v, (m->n + 1) * sizeof(*v))) == NULL)
		return (JT_ENOMEM);
	m->v = v;
	if ((v[m->n].name = strdup(name)) == NULL)
		return (JT_ENOMEM);
	v[m->n].group = group;
	v[m->n].from = from;
	v[m->n].to = to;
	m->n++;
	return (0);
}

void
jt_acct_moves_free(struct jt_acct_moves *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].name);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* Groups first: the users' primary gids follow them. */
static int
move_groups(struct jt_accounts *a, uint32_t first, uint32_t count,
    struct jt_acct_moves *m, struct jt_err *err)
{
	for (size_t i = 0; i < a->ngr; i++) {
		struct grline *g = &a->gr[i];
		uint32_t to, from = g->gid;
		size_t len;
		char *t;

		if (!g->keep || !is_group(g) || from < BASE_BELOW ||
		    jt_accounts_is_base(g->name, true) ||
		    in_range(from, first, count))
			continue;
		if (!lowest_free(a, true, first, count, &to))
			return (jt_err_set(err, JT_EINVAL, 0, GROUP_PATH, "no free "
			    "gid for group %s (%u) in the range %u-%u: give a "
			    "larger range", g->name, from, first,
			    first + count - 1));
		if ((g->gidstr = id_str(a, to)) == NULL)
			goto nomem;
		g->gid = to;
		/* the text line again, as render_group writes it whole */
		len = strlen(g->name) + strlen(g->passwd) + strlen(g->gidstr) +
		    4;
		for (size_t j = 0; j < g->mem.n; j++)
			len += strlen(g->mem.v[j]) + 1;
		if ((t = arena_alloc(&a->arena, len)) == NULL)
			goto nomem;
		(void)snprintf(t, len, "%s:%s:%s:", g->name, g->passwd,
		    g->gidstr);
		for (size_t j = 0; j < g->mem.n; j++) {
			if (j > 0)
				strcat(t, ",");
			strcat(t, g->mem.v[j]);
		}
		g->text = t;
		for (size_t k = 0; k < a->npw; k++) {
			struct pwline *p = &a->pw[k];

			if (!p->keep || !is_user(p) || p->gid != from ||
			    !(p->fields & PWF_GID))
				continue;
			p->gid = to;
			if ((p->f[F_GID] = id_str(a, to)) == NULL ||
			    user_text(a, p) != 0)
				goto nomem;
		}
		if (push_move(m, g->name, true, from, to) != 0)
			goto nomem;
	}
	return (0);
nomem:
	return (jt_err_set(err, JT_ENOMEM, errno, GROUP_PATH, "renumber"));
}

int
jt_accounts_renumber(struct jt_accounts *a, uint32_t first, uint32_t count,
    struct jt_acct_moves *m, struct jt_err *err)
{
	int rc;

	m->v = NULL;
	m->n = 0;
	if (count == 0 || first > UID_MAX - 1 || count - 1 > UID_MAX - 1 - first)
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "bad id range %u "
		    "(%u ids)", first, count));
	if ((rc = move_groups(a, first, count, m, err)) != 0)
		goto fail;
	for (size_t i = 0; i < a->npw; i++) {
		struct pwline *p = &a->pw[i];
		uint32_t to, from = p->uid;

		if (!p->keep || !is_user(p) || !(p->fields & PWF_UID) ||
		    from < BASE_BELOW || jt_accounts_is_base(p->f[F_NAME],
		    false) || in_range(from, first, count))
			continue;
		if (!lowest_free(a, false, first, count, &to)) {
			rc = jt_err_set(err, JT_EINVAL, 0, MASTER_PATH, "no free "
			    "uid for user %s (%u) in the range %u-%u: give a "
			    "larger range", p->f[F_NAME], from, first,
			    first + count - 1);
			goto fail;
		}
		p->uid = to;
		if ((p->f[F_UID] = id_str(a, to)) == NULL ||
		    user_text(a, p) != 0 ||
		    push_move(m, p->f[F_NAME], false, from, to) != 0) {
			rc = jt_err_set(err, JT_ENOMEM, errno, MASTER_PATH,
			    "renumber");
			goto fail;
		}
	}
	return (0);
fail:
	jt_acct_moves_free(m);
	return (rc);
}

int
jt_accounts_set_rootpw(struct jt_accounts *a, const char *hash,
    struct jt_err *err)
{
	for (size_t i = 0; i < a->npw; i++) {
		struct pwline *p = &a->pw[i];

		if (!is_user(p) || strcmp(p->f[F_NAME], "root") != 0)
			continue;
		if ((p->f[F_PASSWD] = arena_strdup(&a->arena, hash)) == NULL ||
		    user_text(a, p) != 0)
			return (jt_err_set(err, JT_ENOMEM, errno, MASTER_PATH,
			    "root's password"));
		if (hash[0] != '\0')
			p->fields |= PWF_PASSWD;
		else
			p->fields &= ~PWF_PASSWD;
	}
	return (0);
}
