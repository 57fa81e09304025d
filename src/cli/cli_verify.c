/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The static verification as the CLI runs it (verify.h), shared by
 * verify and by shrink --apply, which verifies the jail it shrank: the
 * profiles loaded for the jail's platform, the findings printed.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "jailtrim/hostfile.h"
#include "jailtrim/verify.h"
#include "cli.h"

static int
verify_profile(void *arg, const struct jt_profile *p, struct jt_err *err)
{
	return (jt_verify_profile(arg, p, err));
}

int
cli_verify_profiles(struct jt_verify *v, struct jt_strv *profiles,
    struct jt_strv *pdirs)
{
	return (cli_each_profile(profiles, pdirs, jt_verify_platform(v),
	    verify_profile, v));
}

void
cli_verify_report(const struct jt_verify *v, const char *target,
    size_t nprofiles)
{
	const struct jt_verify_finding *f;
	size_t n;

	f = jt_verify_findings(v, &n);
	for (size_t i = 0; i < n; i++)	/* as jt_verify_finding_str(), whole */
		cli_warnx("verify: %s%s%s", f[i].where != NULL ? f[i].where :
		    "", f[i].where != NULL ? ": " : "", f[i].detail);
	printf("%s: %zu objects, %zu profile%s: %s\n", target,
	    jt_verify_nobjects(v), nprofiles, nprofiles == 1 ? "" : "s",
	    n == 0 ? "ok" : "FAILED");
}

int
cli_verify_jail(const char *dir, const struct jt_strv *profiles,
    const struct jt_strv *pdirs, bool rc)
{
	struct jt_strv prof = { 0 }, dirs = { 0 };
	struct jt_source *src = NULL;
	struct jt_verify *v = NULL;
	struct jt_err err;
	char *spec[1];
	size_t n;
	int ret;

	for (size_t i = 0; i < profiles->n; i++)
		(void)strv_push(&prof, profiles->v[i]);
	for (size_t i = 0; i < pdirs->n; i++)
		(void)strv_push(&dirs, pdirs->v[i]);
	if (rc && !strv_has(&prof, "rc"))
		(void)strv_push(&prof, "rc");
	if ((ret = cli_check_profiles(&prof, &dirs)) != EXIT_OK)
		goto out;
	ret = EXIT_ERROR;
	spec[0] = (char *)(uintptr_t)dir;
	if (cli_open_sources(&src, spec, 1) != EXIT_OK)
		goto out;
	if (jt_verify_new(&v, src, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	jt_verify_set_rc(v, rc);
	if (cli_verify_profiles(v, &prof, &dirs) != EXIT_OK)
		goto out;
	if (jt_verify_objects(v, &err) != 0) {
		cli_err(&err);
		goto out;
	}
	cli_verify_report(v, dir, prof.n);
	(void)jt_verify_findings(v, &n);
	ret = n == 0 ? EXIT_OK : EXIT_UNRESOLVED;
out:
	jt_verify_free(v);
	jt_source_free(src);
	strv_free(&prof);
	strv_free(&dirs);
	return (ret);
}

int
cli_read_jailconf(const char *path, char **text, size_t *len)
{
	struct jt_err err;

	*text = NULL;
	if (jt_hostfile_read(path, CLI_JAILCONF_MAX, "jail.conf", text, len,
	    &err) != 0) {
		cli_err(&err);
		return (EXIT_ERROR);
	}
	if (*len > CLI_JAILCONF_MAX) {
		free(*text);
		*text = NULL;
		cli_warnx("%s: grew past %d bytes while it was read", path,
		    CLI_JAILCONF_MAX);
		return (EXIT_ERROR);
	}
	return (EXIT_OK);
}
