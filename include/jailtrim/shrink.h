/*
 * Shrinking an existing jail in place: what its services need is kept
 * (the build stage's plan, with the jail as its own source, plus the
 * jail's user data), everything else is removed, but only after it was
 * saved in a backup archive that jt_restore() puts back exactly.
 *
 *	jt_shrink_new(&s, "/jails/www")
 *	(feed a jt_build on jt_shrink_source(s), jt_build_finish)
 *	jt_shrink_keep_plan(s, jt_build_plan(b)); jt_shrink_keep_userdata(s)
 *	jt_shrink_finish(s)		the removal list, grouped: a dry run
 *	jt_shrink_backup(s, "www.txz")	every removed entry, fsynced
 *	jt_shrink_apply(s)		then removal, flags cleared first
 */
#ifndef JAILTRIM_SHRINK_H
#define JAILTRIM_SHRINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jailtrim/err.h"
#include "jailtrim/plan.h"
#include "jailtrim/source.h"

struct jt_shrink;

/* What a removed entry is, for the report. */
enum jt_shrink_group {
	JT_SG_INCLUDE = 0,	/* /usr/include, /usr/local/include */
	JT_SG_STATIC,		/* *.a, *_p.a */
	JT_SG_DOCS,		/* man, info, doc, examples */
	JT_SG_DEBUG,		/* /usr/lib/debug */
	JT_SG_LOCALE,		/* locale, nls, i18n */
	JT_SG_BOOT,		/* /boot: kernel and modules */
	JT_SG_LIBS,		/* shared libraries nothing kept needs */
	JT_SG_PROGRAMS,		/* programs nothing kept runs */
	JT_SG_SHARE,		/* the rest of /usr/share */
	JT_SG_OTHER,
	JT_SG_COUNT
};

/* One entry to remove, in path order (directories after their content). */
struct jt_shrink_entry {
	const char		*path;		/* absolute, in the jail */
	enum jt_ftype		 type;		/* REG, LNK, DIR (or a device,
						   fifo, socket) */
	int64_t			 size;
	enum jt_shrink_group	 group;
	/*
	 * A regular file that is a hard link of a kept file: that kept
	 * path, so that the backup records the link and not a copy.
	 */
	const char		*linkto;
};

/*
 * A shrink of the jail at dir.  A running jail's root is refused where
 * the host can tell (a process with its root there), and "/" unless
 * force.
 */
int	jt_shrink_new(struct jt_shrink **out, const char *dir, bool force,
	    struct jt_err *err);
void	jt_shrink_free(struct jt_shrink *s);

/* The jail as a source, for the build stage that decides what to keep. */
struct jt_source *jt_shrink_source(struct jt_shrink *s);

/* Keep every path the plan holds (and their parent directories). */
int	jt_shrink_keep_plan(struct jt_shrink *s, struct jt_plan *p,
	    struct jt_err *err);
/* Keep path and, for a directory, everything below it. */
int	jt_shrink_keep(struct jt_shrink *s, const char *path, const char *why,
	    struct jt_err *err);
/*
 * Keep the jail's user data: home directories (from its passwd),
 * /root, /var/db, /var/log, /var/mail, /var/cron, and the files of /etc
 * and /usr/local/etc that differ from what was installed, by the jail's
 * /var/db/etcupdate/current; without it all of /etc is kept (and
 * /usr/local/etc always).
 */
int	jt_shrink_keep_userdata(struct jt_shrink *s, struct jt_err *err);

/*
 * The ELF objects among what is kept whole (user data, -i directories):
 * fn is called with each, so that its closure can be kept too.
 */
int	jt_shrink_kept_objects(struct jt_shrink *s,
	    int (*fn)(void *arg, const char *path), void *arg,
	    struct jt_err *err);

/* Why path is kept, or NULL if it is not. */
const char *jt_shrink_why(const struct jt_shrink *s, const char *path);

/* The removal list, in path order with each directory after its content. */
int	jt_shrink_finish(struct jt_shrink *s, struct jt_err *err);
const struct jt_shrink_entry *jt_shrink_removals(const struct jt_shrink *s,
	    size_t *n);
/* Bytes and entries of the jail, and of each group removed. */
void	jt_shrink_totals(const struct jt_shrink *s, int64_t *jail_bytes,
	    size_t *jail_entries);
const char *jt_shrink_group_name(enum jt_shrink_group g);

/*
 * Save every entry of the removal list, with the metadata of the kept
 * directories above them, into a tarball (.txz/.tzst/.tgz/.tar) that
 * keeps owners, modes, mtimes, file flags and hard links; written to a
 * temporary sibling, fsynced, renamed into place, its directory fsynced.
 */
int	jt_shrink_backup(struct jt_shrink *s, const char *archive,
	    struct jt_err *err);
/*
 * Remove the removal list, deepest first: file flags that forbid it
 * (schg, sunlnk; the immutable and append-only attributes on Linux) are
 * cleared first; directories only when empty.  Call only after a backup.
 */
int	jt_shrink_apply(struct jt_shrink *s, struct jt_err *err);
/*
 * What jt_shrink_apply refuses before removing anything (mount points
 * below the jail: the walk went through them), to ask before a backup.
 */
int	jt_shrink_check_apply(struct jt_shrink *s, struct jt_err *err);

/*
 * --detect: the services the jail enables, as rc.subr's checkyesno reads
 * /etc/rc.conf, /etc/rc.conf.local and the files of /etc/rc.conf.d (later settings
 * win): fn is called once per NAME whose NAME_enable is YES/TRUE/ON/1.
 */
int	jt_rcconf_enabled(struct jt_source *src,
	    void (*fn)(void *arg, const char *name), void *arg,
	    struct jt_err *err);
/*
 * Put a backup back into the jail at dir: every entry with its owner,
 * mode, mtime, flags and hard links; nothing outside dir is written
 * (no "..", no absolute names, no path through a symlink).
 */
int	jt_restore(const char *archive, const char *dir, struct jt_err *err);

#endif
