/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * build: the profiles a script's interpreter brings, and the notes on
 * what the library added because a program needs it (a CA bundle, git's
 * helpers).
 */
#include <stdio.h>
#include <string.h>

#include "jailtrim/interp.h"
#include "cli.h"
#include "cli_interp.h"

void
cli_script_profiles(struct jt_source *src, const struct jt_strv *paths,
    struct jt_strv *profiles, const struct jt_strv *pdirs,
    enum jt_platform plat)
{
	char prog[1024];
	const char *kind;
	struct jt_err err;

	for (size_t i = 0; i < paths->n; i++) {
		if (jt_interp_script(src, paths->v[i], prog, sizeof(prog),
		    &kind, &err) != 0 || kind == NULL ||
		    strv_has(profiles, kind) ||
		    !cli_have_profile(kind, pdirs, plat))
			continue;
		(void)strv_push(profiles, kind);
		cli_warnx("note: -i %s: its #! names %s: profile %s applied",
		    paths->v[i], prog, kind);
	}
}

void
cli_build_notes(const struct jt_build *b)
{
	const char *const *v;
	size_t n;

	v = jt_build_notes(b, &n);
	for (size_t i = 0; i < n; i++)
		cli_warnx("note: %s", v[i]);
}
