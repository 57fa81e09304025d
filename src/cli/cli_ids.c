/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * build's per-jail settings the handbook makes by hand: the id range
 * (pw.conf) and the service accounts moved into it, the time zone, and
 * root's password.  The password is only ever read from a file: a clear
 * password on a command line is in every ps(1) listing and shell history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_ids.h"
#include "json.h"

/* "FIRST:COUNT", the two numbers of the manifest's "uid-range". */
static int
check_range(struct cli_ids *o, const struct jt_manifest *m,
    struct jt_err *err)
{
	bool renumber = o->renumber || (m != NULL && m->renumber);
	char buf[64], *colon;

	if (o->range != NULL) {
		if (strlen(o->range) >= sizeof(buf) ||
		    (colon = strchr(strcpy(buf, o->range), ':')) == NULL)
			return (jt_err_set(err, JT_EINVAL, 0, NULL, "bad "
			    "--uid-range '%s' (FIRST:COUNT, as 10000:10000)",
			    o->range));
		*colon = '\0';
		if (jt_uid_range_parse(buf, colon + 1, &o->first, &o->count,
		    err) != 0)
			return (JT_EINVAL);
		o->has_range = true;
	} else if (m != NULL && m->has_uid_range) {
		o->first = m->uid_first;
		o->count = m->uid_count;
		o->has_range = true;
	} else if (renumber) {
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "--renumber needs "
		    "--uid-range FIRST:COUNT to move the accounts into"));
	}
	o->renumber = renumber;
	return (0);
}

int
cli_ids_check(struct cli_ids *o, const struct jt_manifest *m)
{
	const char *pwf = o->rootpw_file != NULL ? o->rootpw_file :
	    m != NULL ? m->rootpw_file : NULL;
	struct jt_err err;
	int rc;

	if ((rc = check_range(o, m, &err)) != 0 ||
	    (pwf != NULL && (rc = jt_rootpw_read(pwf, &o->hash, &err)) != 0)) {
		cli_err(&err);
		return (rc == JT_EINVAL || rc == JT_EFORMAT ? EXIT_USAGE :
		    EXIT_ERROR);
	}
	return (EXIT_OK);
}

int
cli_build_ids(struct jt_build *jb, const struct jt_manifest *m,
    const struct cli_ids *o)
{
	const char *tz = o->tz != NULL ? o->tz : m != NULL ? m->timezone : NULL;
	bool cmos = o->wall_cmos || (m != NULL && m->wall_cmos_clock);
	struct jt_err err;
	int rc;

	if ((o->has_range && (rc = jt_build_set_ids(jb, o->first, o->count,
	    o->renumber, &err)) != 0) ||
	    ((tz != NULL || cmos) &&
	    (rc = jt_build_set_timezone(jb, tz, cmos, &err)) != 0) ||
	    (o->hash != NULL && (rc = jt_build_set_rootpw(jb, o->hash,
	    &err)) != 0)) {
		cli_err(&err);
		return (rc == JT_EINVAL || rc == JT_EFORMAT || rc ==
		    JT_EUNSUPP || rc == JT_ENOENT ? EXIT_USAGE : EXIT_ERROR);
	}
	return (EXIT_OK);
}

void
cli_ids_free(struct cli_ids *o)
{
	if (o->hash != NULL)
		explicit_bzero(o->hash, strlen(o->hash));
	free(o->hash);
	o->hash = NULL;
}

void
cli_report_renumbered(struct jt_build *jb, bool json)
{
	const struct jt_acct_move *v = NULL;
	size_t n;

	v = jt_build_renumbered(jb, &n);
	if (n == 0)
		return;
	if (json) {
		printf("\"renumbered\":[");
		for (size_t i = 0; i < n; i++) {
			printf("%s{\"name\":", i ? "," : "");
			json_str(stdout, v[i].name);
			printf(",\"kind\":\"%s\",\"from\":%u,\"to\":%u}",
			    v[i].group ? "group" : "user", v[i].from, v[i].to);
		}
		printf("],");
		return;
	}
	printf("renumbered: %zu account%s into the jail's range\n", n,
	    n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		printf("  %s %s: %u -> %u\n", v[i].group ? "group" : "user",
		    v[i].name, v[i].from, v[i].to);
}
