/* SPDX-License-Identifier: BSD-2-Clause */
/* Between jailtrim build (cmd_build.c) and its fleets (cmd_build_fleet.c). */
#ifndef JT_CMD_BUILD_INT_H
#define JT_CMD_BUILD_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "jailtrim/build.h"
#include "jailtrim/jailconf.h"
#include "jailtrim/manifest.h"
#include "jailtrim/write.h"
#include "cli.h"
#include "cli_ids.h"

/* What the user asked for: the flags, merged with a manifest's. */
struct build_opts {
	struct jt_strv	 sources, paths, profiles, pdirs;
	struct jt_strv	 pkgs;			/* --pkg */
	bool		 docs;			/* --docs */
	struct jt_strv	 ip4, ip6, params;	/* --ip4 --ip6 --param */
	struct jt_strv	 defines;		/* -D NAME=VALUE */
	const char	*name, *outdir, *tarball, *mtree, *jailconf, *command;
	const char	*hostname;		/* --hostname */
	bool		 rc, rc_set, epoch_set;
	struct jt_write_opts wo;
	bool		 dry_run, why, json, quiet;
	bool		 source_size;	/* --source-size */
	bool		 no_ca;		/* --no-ca */
	bool		 bare;		/* --bare: no skeleton */
	bool		 incomplete;	/* --allow-incomplete */
	size_t		 nproblems;	/* written anyway (--allow-incomplete) */
	const struct jt_manifest *m;	/* build MANIFEST's jail, or NULL */
	struct cli_ids	 ids;		/* --uid-range ... (cli_ids.c) */
	bool		 shared_conf;	/* a fleet's jail.conf has its stanza */
	bool		 usage;		/* the refusal calls for the usage */
	/* The jail.conf stanza write_outputs() made, for a fleet's file. */
	struct jt_jailconf stanza;
	struct jt_strv	 jc_params, jc_ip4, jc_ip6;
	char		 defpath[PATH_MAX];
	struct jt_output out;
	struct jt_jailspec spec;	/* the finished build's */
};

/* The manifest's jail under the flags (m is borrowed: it outlives b). */
void	build_merge(struct build_opts *b, const struct jt_manifest *m);
int	build_prepare(struct build_opts *b);
int	build_run(struct build_opts *b, struct jt_source *src,
	    struct jt_resolver *r, struct jt_build **jbp);
void	build_opts_free(struct build_opts *b);

/* What a build prints (cmd_build_report.c): the report of a written jail */
void	build_report(struct build_opts *b, struct jt_source *src,
	    struct jt_build *jb);
/* and the plan of a dry run, as text or JSON, with the problems it would
   be written with (--allow-incomplete), if any. */
void	build_print_plan(const struct jt_plan_entry *e, size_t n, bool json,
	    size_t nproblems);

/* jailtrim build FLEET (cmd_build_fleet.c): flags are the command's. */
int	build_fleet(struct build_opts *flags, const struct jt_fleet *f);
/* The host's rc.conf lines for jails, to path (atomically). */
int	build_rcconf(const struct jt_manifest *const *jails, size_t n,
	    const char *path, const char *file);

#endif
