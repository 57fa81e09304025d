/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The account lookup reader (jt_acct_*): the FreeBSD fixture's own
 * master.passwd, passwd and group read through a jt_source; this host's
 * /etc/passwd and /etc/group checked against glibc's getpwnam/getgrnam;
 * hostile lines.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/accounts.h"
#include "jailtrim/source.h"
#include "tap.h"

static struct jt_acct_table *
parse(enum jt_acct_fmt fmt, const char *text)
{
	struct jt_acct_table *t = NULL;
	struct jt_err err;

	ok(jt_acct_parse(&t, fmt, text, strlen(text), &err) == 0,
	    "parse (format %d, %zu bytes)", (int)fmt, strlen(text));
	return (t);
}

static void
fixture(const char *txz)
{
	struct jt_source *src = NULL;
	struct jt_acct_table *mp = NULL, *pw = NULL, *gr = NULL, *sh = NULL;
	const struct jt_acct *a;
	struct jt_err err;

	if (jt_source_new(&src, &err) != 0 || jt_source_add(src, txz,
	    &err) != 0) {
		ok(false, "fixture source: %s", err.msg);
		jt_source_free(src);
		return;
	}
	ok(jt_acct_read(&mp, src, JT_ACCT_MASTER, &err) == 0, "master.passwd");
	ok(jt_acct_read(&pw, src, JT_ACCT_PASSWD, &err) == 0, "passwd");
	ok(jt_acct_read(&gr, src, JT_ACCT_GROUP, &err) == 0, "group");
	ok(jt_acct_read(&sh, src, JT_ACCT_SHADOW, &err) == JT_ENOENT &&
	    sh == NULL, "a FreeBSD root has no /etc/shadow: JT_ENOENT");
	ok(jt_acct_count(mp) == 24 && jt_acct_count(pw) == 24,
	    "10.1: 24 users in master.passwd (%zu) and passwd (%zu)",
	    jt_acct_count(mp), jt_acct_count(pw));
	for (size_t i = 0; i < jt_acct_count(pw); i++) {
		const struct jt_acct *p = jt_acct_at(pw, i);

		a = jt_acct_by_name(mp, p->name);
		ok(a != NULL && a->id == p->id && a->gid == p->gid &&
		    strcmp(a->dir, p->dir) == 0 &&
		    strcmp(a->shell, p->shell) == 0 &&
		    strcmp(a->gecos, p->gecos) == 0,
		    "%s: passwd and master.passwd agree", p->name);
	}
	a = jt_acct_by_id(mp, 0);
	ok(a != NULL && strcmp(a->name, "root") == 0 &&
	    strcmp(a->dir, "/root") == 0 && strcmp(a->shell, "/bin/csh") == 0 &&
	    strcmp(a->gecos, "Charlie &") == 0 && a->passwd[0] == '\0',
	    "uid 0 is root (first of root and toor)");
	a = jt_acct_by_name(mp, "toor");
	ok(a != NULL && a->id == 0 && a->shell[0] == '\0' &&
	    strcmp(a->passwd, "*") == 0, "toor: uid 0, empty shell field");
	a = jt_acct_by_name(pw, "www");
	ok(a != NULL && a->id == 80 && a->gid == 80 &&
	    strcmp(a->dir, "/nonexistent") == 0, "www in passwd");
	a = jt_acct_by_id(pw, 65534);
	ok(a != NULL && strcmp(a->name, "nobody") == 0, "uid 65534 nobody");
	ok(jt_acct_by_name(pw, "nosuchuser") == NULL &&
	    jt_acct_by_id(pw, 4242) == NULL, "absent name and id");
	a = jt_acct_by_name(gr, "operator");
	ok(a != NULL && a->id == 5 && jt_acct_has_member(a, "root") &&
	    !jt_acct_has_member(a, "toor"), "operator: gid 5, member root");
	a = jt_acct_by_id(gr, 0);
	ok(a != NULL && strcmp(a->name, "wheel") == 0 && a->nmembers == 1,
	    "gid 0 is wheel, one member");
	a = jt_acct_by_name(gr, "www");
	ok(a != NULL && a->id == 80 && a->nmembers == 0, "www: no members");
	jt_acct_free(mp);
	jt_acct_free(pw);
	jt_acct_free(gr);
	jt_source_free(src);
}

/* This host's files against glibc's reading of them. */
static void
host(void)
{
	struct jt_source *src = NULL;
	struct jt_acct_table *pw = NULL, *gr = NULL;
	struct jt_err err;
	size_t checked = 0;

	if (jt_source_new(&src, &err) != 0 || jt_source_add(src, "/",
	    &err) != 0 || jt_acct_read(&pw, src, JT_ACCT_PASSWD, &err) != 0 ||
	    jt_acct_read(&gr, src, JT_ACCT_GROUP, &err) != 0) {
		ok(false, "host /etc: %s", err.msg);
		goto out;
	}
	ok(jt_acct_count(pw) > 0 && jt_acct_count(gr) > 0, "host entries");
	for (size_t i = 0; i < jt_acct_count(pw); i++) {
		const struct jt_acct *a = jt_acct_at(pw, i);
		struct passwd *p = getpwnam(a->name);

		if (p == NULL || jt_acct_by_name(pw, a->name) != a)
			continue;	/* not from files (nsswitch) or a dup */
		checked++;
		ok(a->has_id && a->id == p->pw_uid && a->gid == p->pw_gid &&
		    strcmp(a->dir, p->pw_dir) == 0 &&
		    strcmp(a->shell, p->pw_shell) == 0,
		    "host user %s as getpwnam sees it", a->name);
	}
	for (size_t i = 0; i < jt_acct_count(gr); i++) {
		const struct jt_acct *a = jt_acct_at(gr, i);
		struct group *g = getgrnam(a->name);
		size_t n = 0;

		if (g == NULL || jt_acct_by_name(gr, a->name) != a)
			continue;
		for (; g->gr_mem[n] != NULL; n++)
			if (!jt_acct_has_member(a, g->gr_mem[n]))
				break;
		ok(a->id == g->gr_gid && g->gr_mem[n] == NULL &&
		    n == a->nmembers, "host group %s as getgrnam sees it",
		    a->name);
	}
	ok(checked > 0 && jt_acct_by_id(pw, 0) != NULL &&
	    strcmp(jt_acct_by_id(pw, 0)->name, "root") == 0,
	    "host: uid 0 is root (%zu users checked)", checked);
out:
	jt_acct_free(pw);
	jt_acct_free(gr);
	jt_source_free(src);
}

static void
hostile(void)
{
	static const char pwtext[] =
	    "# comment:x:0:0::/c:/bin/sh\n"
	    "\n"
	    "+nis:x:7:7::/nis:/bin/sh\n"
	    "-minus::8:8::/m:\n"
	    "nocolon\n"
	    ":x:9:9::/empty-name:/bin/sh\n"
	    "alpha:x:abc:1::/a:/bin/sh\n"
	    "max:x:4294967295:1::/max:/bin/sh\n"
	    "big:x:99999999999999999999:1::/big:/bin/sh\n"
	    "neg:x:-1:1::/neg:/bin/sh\n"
	    "short:x\n"
	    "dup:x:10:10::/first:/bin/sh\n"
	    "dup:x:11:11::/second:/bin/sh\n"
	    "same:x:10:12::/same:/bin/sh\n"
	    "extra:x:12:12::/e:/bin/sh:more:fields:here:and:more\n"
	    "last:x:13:13::/l:/bin/zsh";	/* no final newline */
	struct jt_acct_table *t = parse(JT_ACCT_PASSWD, pwtext);
	const struct jt_acct *a;
	char *big;
	size_t n = 1 << 17;

	ok(jt_acct_count(t) == 10, "10 entries (%zu): comments, blanks, NIS, "
	    "no colon and an empty name are not entries", jt_acct_count(t));
	a = jt_acct_by_name(t, "alpha");
	ok(a != NULL && !a->has_id && a->has_gid && a->gid == 1,
	    "a non-numeric uid is no id; the entry is found by name");
	ok(jt_acct_by_id(t, 0) == NULL, "\"abc\" is not uid 0");
	a = jt_acct_by_name(t, "max");
	ok(a != NULL && !a->has_id, "uid 2^32-1 (-1) is no id");
	a = jt_acct_by_name(t, "big");
	ok(a != NULL && !a->has_id, "an overflowing uid is no id");
	a = jt_acct_by_name(t, "neg");
	ok(a != NULL && !a->has_id, "a negative uid is no id");
	a = jt_acct_by_name(t, "short");
	ok(a != NULL && !a->has_id && a->dir[0] == '\0' &&
	    a->shell[0] == '\0', "a short line: name only");
	a = jt_acct_by_name(t, "dup");
	ok(a != NULL && strcmp(a->dir, "/first") == 0, "first dup wins");
	a = jt_acct_by_id(t, 10);
	ok(a != NULL && strcmp(a->name, "dup") == 0, "first id wins");
	a = jt_acct_by_name(t, "extra");
	ok(a != NULL && strcmp(a->shell, "/bin/sh") == 0 &&
	    strcmp(a->text, "extra:x:12:12::/e:/bin/sh:more:fields:here:and:"
	    "more") == 0, "extra fields: shell is field 7, text is whole");
	a = jt_acct_by_name(t, "last");
	ok(a != NULL && a->lineno == 16 && strcmp(a->shell, "/bin/zsh") == 0,
	    "a last line without newline, line 16");
	jt_acct_free(t);

	t = parse(JT_ACCT_GROUP, "g1:*:100:a,,b,\n"
	    "g2:*:101:\n" "g3:*:102\n" "g4:*:x:root\n");
	a = jt_acct_by_name(t, "g1");
	ok(a != NULL && a->nmembers == 2 && jt_acct_has_member(a, "a") &&
	    jt_acct_has_member(a, "b") && !jt_acct_has_member(a, ""),
	    "members: empty names dropped");
	a = jt_acct_by_name(t, "g3");
	ok(a != NULL && a->has_id && a->id == 102 && a->nmembers == 0,
	    "no member field: no members");
	a = jt_acct_by_name(t, "g4");
	ok(a != NULL && !a->has_id && jt_acct_has_member(a, "root"),
	    "a bad gid is no id, members still read");
	jt_acct_free(t);

	t = parse(JT_ACCT_MASTER, "u:*:5:6:staff:0:0:Gecos:/home/u:/bin/sh\n");
	a = jt_acct_by_id(t, 5);
	ok(a != NULL && a->gid == 6 && strcmp(a->class, "staff") == 0 &&
	    strcmp(a->gecos, "Gecos") == 0 && strcmp(a->dir, "/home/u") == 0 &&
	    strcmp(a->shell, "/bin/sh") == 0, "master.passwd's 10 fields");
	jt_acct_free(t);

	t = parse(JT_ACCT_SHADOW, "root:$6$x:19000:0:99999:7:::\n");
	a = jt_acct_by_name(t, "root");
	ok(a != NULL && strcmp(a->passwd, "$6$x") == 0 && !a->has_id,
	    "shadow: name and hash");
	jt_acct_free(t);

	/* a NUL inside a line ends it; a 128 KiB line is read whole */
	t = NULL;
	{
		struct jt_err err;
		static const char nul[] = "a:x:1:1::/a\0:junk\nb:x:2:2::/b:/s\n";

		ok(jt_acct_parse(&t, JT_ACCT_PASSWD, nul, sizeof(nul) - 1,
		    &err) == 0 && jt_acct_count(t) == 2 &&
		    strcmp(jt_acct_by_name(t, "a")->dir, "/a") == 0 &&
		    jt_acct_by_id(t, 2) != NULL, "a NUL ends its line only");
		jt_acct_free(t);
		if ((big = malloc(n + 64)) == NULL)
			return;
		memcpy(big, "long:x:3:3:", 11);
		memset(big + 11, 'g', n);
		memcpy(big + 11 + n, ":/long:/bin/sh\n", 15);
		t = NULL;
		ok(jt_acct_parse(&t, JT_ACCT_PASSWD, big, n + 26, &err) == 0 &&
		    jt_acct_by_id(t, 3) != NULL &&
		    strlen(jt_acct_by_id(t, 3)->gecos) == n &&
		    strcmp(jt_acct_by_id(t, 3)->dir, "/long") == 0,
		    "a 128 KiB gecos");
		jt_acct_free(t);
		free(big);
	}
	ok(jt_acct_count(NULL) == 0 && jt_acct_by_name(NULL, "root") == NULL,
	    "no table: no entries");
}

int
main(void)
{
	const char *txz = getenv("JT_FIXTURE_TXZ");
	FILE *f;

	if (txz == NULL || (f = fopen(txz, "r")) == NULL)
		tap_skip_all("the FreeBSD fixture (JT_FIXTURE_TXZ) is absent");
	fclose(f);
	hostile();
	host();
	fixture(txz);
	return (tap_done());
}
