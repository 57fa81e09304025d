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
set_range(struct jt_build *jb, const struct jt_manifest *m,
    const struct cli_ids *o, struct jt_err *err)
{
	bool renumber = o->renumber || (m != NULL && m->renumber);
	uint32_t first, count;
	char buf[64], *colon;

	if (o->range != NULL) {
		if (strlen(o->range) >= sizeof(buf) ||
		    (colon = strchr(strcpy(buf, o->range), ':')) == NULL)
			return (jt_err_set(err, JT_EINVAL, 0, NULL, "bad "
			    "--uid-range '%s' (FIRST:COUNT, as 10000:10000)",
			    o->range));
		*colon = '\0';
		if (jt_uid_range_parse(buf, colon + 1, &first, &count,
		    err) != 0)
			return (JT_EINVAL);
	} else if (m != NULL && m->has_uid_range) {
		first = m->uid_first;
		count = m->uid_count;
	} else if (renumber) {
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "--renumber needs "
		    "--uid-range FIRST:COUNT to move the accounts into"));
	} else {
		return (0);
	}
	return (jt_build_set_ids(jb, first, count, renumber, err));
}

int
cli_build_ids(struct jt_build *jb, const struct jt_manifest *m,
    const struct cli_ids *o)
{
	const char *tz = o->tz != NULL ? o->tz : m != NULL ? m->timezone : NULL;
	const char *pwf = o->rootpw_file != NULL ? o->rootpw_file :
	    m != NULL ? m->rootpw_file : NULL;
	bool cmos = o->wall_cmos || (m != NULL && m->wall_cmos_clock);
	struct jt_err err;
	char *hash = NULL;
	int rc;

	if ((rc = set_range(jb, m, o, &err)) != 0 ||
	    ((tz != NULL || cmos) &&
	    (rc = jt_build_set_timezone(jb, tz, cmos, &err)) != 0))
		goto fail;
	if (pwf != NULL) {
		if ((rc = jt_rootpw_read(pwf, &hash, &err)) == 0)
			rc = jt_build_set_rootpw(jb, hash, &err);
		if (hash != NULL)
			explicit_bzero(hash, strlen(hash));
		free(hash);
		if (rc != 0)
			goto fail;
	}
	return (EXIT_OK);
fail:
	cli_err(&err);
	return (rc == JT_EINVAL || rc == JT_EFORMAT || rc == JT_EUNSUPP ||
	    rc == JT_ENOENT ? EXIT_USAGE : EXIT_ERROR);
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
