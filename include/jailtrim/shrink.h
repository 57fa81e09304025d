/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shrinking an existing jail in place: what its services need is kept
 * (the build stage's plan, with the jail as its own source, plus the
 * jail's user data), and so is whatever is not provably the reference
 * base's (provenance first); the rest is removed, but only after it was
 * saved in a backup archive that jt_restore() puts back exactly.
 *
 *	jt_shrink_new(&s, "/jails/www"); jt_shrink_add_base(s, "base.txz")
 *	jt_shrink_keep_userdata(s); jt_shrink_classify(s)
 *	(feed a jt_build on jt_shrink_source(s), with
 *	 jt_shrink_kept_objects(), jt_build_finish)
 *	jt_shrink_keep_plan(s, jt_build_plan(b))
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
	/* what removing it frees: each inode once, 0 with a kept name */
	int64_t			 bytes;
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
 * path (absolute, canonical), a file that is kept but that the apply
 * changes or deletes besides the removals (the package database a
 * deregistration rewrites): the backup holds it as it is, and a
 * restore writes it back whatever it became since.  Before
 * jt_shrink_backup().
 */
int	jt_shrink_save(struct jt_shrink *s, const char *path,
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

/*
 * Provenance (shrink_prov.c): every entry of the jail is classified
 * before anything is decided, and only what is provably the base's (or
 * a whole package a caller drops) may go.
 */
enum jt_shrink_prov {
	JT_PROV_BASE = 0,	/* same path, type and content as the base */
	JT_PROV_CHANGED,	/* in the base, different here: kept */
	JT_PROV_PACKAGE,	/* a package's file (jt_shrink_mark_package) */
	JT_PROV_PACKAGE_CHANGED,/* a package's file not as installed: kept */
	JT_PROV_UNKNOWN,	/* none of these: the admin's, kept */
	JT_PROV_COUNT
};
/*
 * The reference base (repeatable, layered like -s): any source jailtrim
 * reads.  Without one, only the jail's own evidence counts: etcupdate's
 * /var/db/etcupdate/current for /etc, freebsd-update's INDEX files.
 */
int	jt_shrink_add_base(struct jt_shrink *s, const char *spec,
	    struct jt_err *err);
/* path (canonical) belongs to package pkg; changed: not as installed. */
int	jt_shrink_mark_package(struct jt_shrink *s, const char *path,
	    const char *pkg, bool changed, struct jt_err *err);
/* The unchanged files of package pkg may go (it is removed whole). */
int	jt_shrink_drop_package(struct jt_shrink *s, const char *pkg,
	    struct jt_err *err);
/*
 * Classification leaves every unchanged package file undecided, as it
 * does the base's: a later stage keeps or drops each package whole
 * (jt_shrink_pkgs), knowing what the kept services need.
 */
void	jt_shrink_defer_packages(struct jt_shrink *s);
/*
 * Classify every entry not kept yet, keeping what is not provably the
 * base's; after the keep calls, before jt_shrink_kept_objects() (whose
 * objects then include those kept for their provenance).  Called by
 * jt_shrink_finish() when not called before.
 */
int	jt_shrink_classify(struct jt_shrink *s, struct jt_err *err);
/* Entries (not directories) and bytes, each inode once, per class. */
struct jt_shrink_prov_stats {
	size_t		n[JT_PROV_COUNT];
	int64_t		bytes[JT_PROV_COUNT];
	bool		have_base;	/* --base given */
};
void	jt_shrink_prov_stats(const struct jt_shrink *s,
	    struct jt_shrink_prov_stats *out);
const char *jt_shrink_prov_name(enum jt_shrink_prov p);

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
 * --detect: what the jail's rc system runs (rcsys.h: rc.conf as rc.subr
 * reads it, defaults included; scripts with KEYWORD nojail skipped).
 * ops->service is called for each service /etc/rc starts (script true),
 * and for each NAME_enable=YES an rc.conf sets for a NAME without an rc.d
 * script (script false: a profile may know it).  A jail that starts any
 * service boots /etc/rc, and so does one when boot (rc mode, --rc):
 * *boots says so, and then ops->need is called with everything booting
 * needs (jt_rcsys_needs(rs, NULL)): /etc/rc, /bin/sh, the commands /etc/rc
 * and rc.subr run, every running service's script, command, real program
 * behind daemon(8), configs, required files and directories; optional
 * marks the script of a service that does not run, which /etc/rc only
 * orders: needed only while the package it belongs to stays.  Every
 * warning rcsys gives (an eval, a computed command, a command not on
 * /etc/rc's PATH) goes to ops->warning, never dropped.
 */
struct jt_rcneed;
struct jt_shrink_rc_ops {
	int	(*service)(void *arg, const char *name, bool script);
	int	(*need)(void *arg, const struct jt_rcneed *need,
		    bool optional);
	void	(*warning)(void *arg, const char *file, int line,
		    const char *message);
};
int	jt_shrink_rc(struct jt_source *src, bool boot,
	    const struct jt_shrink_rc_ops *ops, void *arg, bool *boots,
	    struct jt_err *err);
/*
 * What makes the root what it is, for fn to keep (with its closure): a
 * FreeBSD root's /libexec/ld-elf.so.1 and /lib/libc.so.N, and the files
 * that tell its machine and release (jt_platform_detect()).
 */
int	jt_shrink_platform_paths(struct jt_shrink *s,
	    int (*fn)(void *arg, const char *path, const char *why),
	    void *arg, struct jt_err *err);
/*
 * What the jail's jail.conf stanza runs in it: for each exec.start and
 * exec.stop command, the program jail(8) runs (found on its default
 * PATH in the jail) and every absolute path the command names that the
 * jail has go to fn with a why naming the parameter; *boots is set when
 * exec.start runs /etc/rc.  A program the jail lacks is JT_ENOENT.
 */
struct jt_jailconf_stanza;
int	jt_shrink_jailconf(struct jt_source *src,
	    const struct jt_jailconf_stanza *jc,
	    int (*fn)(void *arg, const char *path, const char *why),
	    void *arg, bool *boots, struct jt_err *err);
/*
 * Packages are units.  jt_shrink_pkgs_open(), before jt_shrink_classify():
 * the jail's package database (pkgdb.h) is read and every registered
 * file marked as its package's (jt_shrink_mark_package), its fate left
 * to jt_shrink_pkgs() (jt_shrink_defer_packages).  jt_shrink_pkgs(),
 * after jt_shrink_keep_plan, before jt_shrink_finish: a package holding a
 * path of plan (a kept service's program, an object's closure, a kept
 * script, a program found in user data), and every package a kept one
 * depends on, is kept whole; with keep_all every package is.  The others
 * are to go whole: their files are left to the removal list, except a
 * file whose content differs from the recorded sha256 (the admin's
 * change, kept).  A root without a database has no packages.
 */
struct jt_shrink_pkgs;
struct jt_shrink_pkg {			/* a package to remove */
	const char	*name, *version;
	size_t		 files;		/* its files that go */
	int64_t		 bytes;		/* their size */
	size_t		 changed;	/* its changed files, kept */
};
int	jt_shrink_pkgs_open(struct jt_shrink_pkgs **out, struct jt_shrink *s,
	    struct jt_err *err);
int	jt_shrink_pkgs(struct jt_shrink_pkgs *ps, struct jt_shrink *s,
	    struct jt_plan *plan, bool keep_all, struct jt_err *err);
size_t	jt_shrink_pkgs_nremove(const struct jt_shrink_pkgs *ps);
const struct jt_shrink_pkg *jt_shrink_pkgs_remove(
	    const struct jt_shrink_pkgs *ps, size_t i);
/* Whether the package owning path goes. */
bool	jt_shrink_pkgs_goes(const struct jt_shrink_pkgs *ps, const char *path);
/* The database file in the jail ("/var/db/pkg/local.sqlite"), or "". */
const char *jt_shrink_pkgs_db(const struct jt_shrink_pkgs *ps);
/*
 * The apply's last step: the packages that went are deregistered from
 * the jail's database file (jt_pkgdb_deregister), reached through no
 * symbolic link.  jt_shrink_pkgs() has marked what that changes
 * (the database; dpkg's status and the packages' info files) with
 * jt_shrink_save(), so the backup holds the database as it was.
 */
int	jt_shrink_pkgs_deregister(struct jt_shrink_pkgs *ps,
	    struct jt_shrink *s, struct jt_err *err);
void	jt_shrink_pkgs_free(struct jt_shrink_pkgs *ps);

/*
 * The key that signs a shrink's backups: JT_BACKUP_KEY_LEN random bytes in
 * a file of the caller's only (mode 0600), made with its directory (0700)
 * when create and missing.  jt_shrink_set_key() before jt_shrink_backup()
 * signs the backup's index with it; without, the index is unsigned.
 */
#define JT_BACKUP_KEY_LEN	32
int	jt_backup_key(const char *path, bool create,
	    unsigned char key[JT_BACKUP_KEY_LEN], struct jt_err *err);
void	jt_shrink_set_key(struct jt_shrink *s,
	    const unsigned char key[JT_BACKUP_KEY_LEN]);

/* What a restore found changed in the jail since the shrink. */
enum jt_restore_conflict_kind {
	JT_RC_DIFFERS = 0,	/* an entry the backup has is there, not as
				   the backup has it */
	JT_RC_NOTDIR,		/* a path above an entry is no directory */
	JT_RC_DIR_CHANGED,	/* a kept directory above removed entries */
	JT_RC_LINK_TARGET	/* the kept file a removed hard link joins */
};
/* What differs, for each kind. */
#define JT_RC_TYPE	0x01
#define JT_RC_MODE	0x02
#define JT_RC_OWNER	0x04
#define JT_RC_CONTENT	0x08	/* content, symlink target or device */
#define JT_RC_GONE	0x10	/* (LINK_TARGET) no longer there */

struct jt_restore_conflict {
	char				*path;	/* absolute, in the jail */
	enum jt_restore_conflict_kind	 kind;
	unsigned			 what;	/* JT_RC_* bits */
	char				*link;	/* LINK_TARGET: the link */
};

struct jt_restore_opts {
	/*
	 * The host's backup key: the backup's index must be signed with it,
	 * unless unsigned_ok (then the archive's own index is believed).
	 * Members must match the index either way.
	 */
	const unsigned char	*key;		/* JT_BACKUP_KEY_LEN, or NULL */
	bool			 unsigned_ok;
	bool			 force;		/* restore over conflicts */
};

/*
 * Put a backup back into the jail at dir: every entry with its owner,
 * mode, mtime, flags and hard links; nothing outside dir is written
 * (no "..", no absolute names, no path through a symlink).
 *
 * First the whole backup is read and checked against its index (see
 * jt_restore_opts); a member it does not record exactly is refused
 * (JT_EFORMAT, JT_EESCAPE for names that would leave dir) and nothing is
 * written.  Then the jail is compared with what the index recorded at the
 * shrink: each conflict (a file there now that differs from the backup's,
 * a kept directory whose mode or owner changed, a kept file a hard link
 * joins that changed) is returned in *conf (*nconf of them, freed with
 * jt_restore_conflicts_free()); unless o->force the restore stops there,
 * JT_EINVAL, nothing written.  conf may be NULL when not wanted.
 */
int	jt_restore(const char *archive, const char *dir,
	    const struct jt_restore_opts *o, struct jt_restore_conflict **conf,
	    size_t *nconf, struct jt_err *err);
void	jt_restore_conflicts_free(struct jt_restore_conflict *conf, size_t n);

#endif
