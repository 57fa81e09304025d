/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shrink's backup and restore on a jail made here: content, setuid,
 * foreign owners, symlinks (one dangling), hard links removed together
 * and one whose other name is kept, empty and nested directories, a
 * fifo, a device, a socket, a sparse file, an xattr and the Linux
 * immutable attribute, all with known mtimes.  Backed up to .txz and
 * .tar, removed, restored, compared; then a restore over an interrupted
 * removal; then the refusals: an existing archive, a bad suffix, a
 * missing path, a symlinked parent, and hostile archives.
 *
 * The struct jt_shrink is filled by hand, as jt_shrink_finish() would.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <linux/fs.h>

#include <archive.h>
#include <archive_entry.h>

#include "jailtrim/shrink.h"
#include "shrink_int.h"
#include "mktar.h"
#include "tap.h"

enum { N_FILE, N_BIG, N_SPARSE, N_DIR, N_LNK, N_HARD, N_FIFO, N_DEV, N_SOCK };

struct node {
	const char	*path;		/* relative to the jail */
	int		 type;
	int		 mode;
	const char	*data;		/* content, link target, link source */
	bool		 rm;		/* removed by the shrink */
	int		 uid, gid;
};

static const struct node tree[] = {
	{ ".", N_DIR, 0755, NULL, false, 0, 0 },
	{ "boot", N_DIR, 0755, NULL, true, 0, 0 },
	{ "boot/kernel", N_DIR, 0755, NULL, true, 0, 0 },
	{ "boot/kernel/kernel", N_FILE, 0555, "kernel\n", true, 0, 0 },
	{ "etc", N_DIR, 0755, NULL, false, 0, 0 },
	{ "etc/passwd", N_FILE, 0644, "root:*:0:0::/root:/bin/sh\n", false,
	    0, 0 },
	{ "usr", N_DIR, 0755, NULL, false, 0, 0 },
	{ "usr/bin", N_DIR, 0755, NULL, false, 0, 0 },
	{ "usr/bin/kept", N_FILE, 0755, "kept program\n", false, 0, 0 },
	{ "usr/bin/gone", N_HARD, 0, "usr/bin/kept", true, 0, 0 },
	{ "usr/bin/su", N_FILE, 04755, "setuid\n", true, 0, 0 },
	{ "usr/include", N_DIR, 0755, NULL, true, 0, 0 },
	{ "usr/include/stdio.h", N_FILE, 0644, "int printf(const char *);\n",
	    true, 0, 0 },
	{ "usr/include/sys", N_DIR, 0750, NULL, true, 1234, 5678 },
	{ "usr/include/sys/pair1", N_FILE, 0644, "pair\n", true, 0, 0 },
	{ "usr/include/sys/types.h", N_FILE, 0640, "typedef int t;\n", true,
	    1234, 5678 },
	{ "usr/lib", N_DIR, 0755, NULL, false, 0, 0 },
	{ "usr/lib/dangling", N_LNK, 0, "/nonexistent/target", true, 0, 0 },
	{ "usr/lib/libx.so", N_LNK, 0, "libx.so.1", true, 1234, 5678 },
	{ "usr/lib/libx.so.1", N_BIG, 0755, NULL, true, 0, 0 },
	{ "usr/lib/pair2", N_HARD, 0, "usr/include/sys/pair1", true, 0, 0 },
	{ "usr/share", N_DIR, 0755, NULL, false, 0, 0 },
	{ "usr/share/empty", N_DIR, 0700, NULL, true, 0, 0 },
	{ "usr/share/fifo", N_FIFO, 0640, NULL, true, 0, 0 },
	{ "usr/share/immutable", N_FILE, 0644, "do not touch\n", true, 0, 0 },
	{ "usr/share/null", N_DEV, 0666, NULL, true, 0, 0 },
	{ "usr/share/sock", N_SOCK, 0755, NULL, true, 0, 0 },
	{ "usr/share/sparse", N_SPARSE, 0644, NULL, true, 0, 0 },
};
#define NNODES	(sizeof(tree) / sizeof(tree[0]))
#define BIGLEN	300001
#define SPARSELEN (4 << 20)
#define T0	1600000000
#define FLAGMASK (FS_IMMUTABLE_FL | FS_APPEND_FL | FS_NODUMP_FL | \
	FS_NOATIME_FL)

static const char *parents[] = { "/", "/usr", "/usr/bin", "/usr/lib",
	"/usr/share" };

struct snap {
	bool		 exists;
	struct stat	 st;
	char		 link[256];
	char		*data;
	size_t		 len;
	unsigned	 flags;
	char		 xattr[32];
};

static char work[PATH_MAX / 4], jail[PATH_MAX / 2];
/* These backups are made without a key: their index is believed. */
static const struct jt_restore_opts uo = { .unsigned_ok = true };
static bool present[NNODES];	/* made here (mknod may be refused) */
static bool have_immutable, have_xattr;

/* Paths below the jail and the work directory (tap_path()'s buffers). */
static const char *
jp(const char *rel)
{
	return (tap_path(jail, rel));
}

static const char *
wp(const char *rel)
{
	return (tap_path(work, rel));
}

static int
node_index(const char *rel)
{
	for (size_t i = 0; i < NNODES; i++)
		if (strcmp(tree[i].path, rel) == 0)
			return ((int)i);
	return (-1);
}

static char
big_byte(size_t i)
{
	return ((char)((i * 131 + i / 7) & 0xff));
}

static int
get_flags(const char *path, unsigned *flags)
{
	int fd, f = 0, r;

	*flags = 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)) == -1)
		return (-1);
	r = ioctl(fd, FS_IOC_GETFLAGS, &f);
	close(fd);
	*flags = (unsigned)f;
	return (r);
}

static int
set_immutable(const char *path, bool on)
{
	int fd, f = 0, r;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)) == -1)
		return (-1);
	if ((r = ioctl(fd, FS_IOC_GETFLAGS, &f)) == 0) {
		f = on ? (f | FS_IMMUTABLE_FL) : (f & ~FS_IMMUTABLE_FL);
		r = ioctl(fd, FS_IOC_SETFLAGS, &f);
	}
	close(fd);
	return (r);
}

static char *
slurp(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t off = 0;
	int fd;

	*len = 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) == -1)
		return (NULL);
	if (fstat(fd, &st) != 0 || (buf = malloc((size_t)st.st_size + 1)) ==
	    NULL) {
		close(fd);
		return (NULL);
	}
	while (off < (size_t)st.st_size && (n = read(fd, buf + off,
	    (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	close(fd);
	*len = off;
	return (buf);
}

static bool
make_socket(const char *path)
{
	struct sockaddr_un sun;
	char cwd[PATH_MAX], dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd;
	bool ok = false;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return (false);
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", slash + 1);
	if (chdir(dir) == 0 && (fd = socket(AF_UNIX, SOCK_STREAM, 0)) != -1) {
		ok = bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
		close(fd);
	}
	if (chdir(cwd) != 0)
		return (false);
	return (ok);
}

static bool
make_node(size_t i)
{
	const struct node *n = &tree[i];
	const char *p = jp(n->path);
	char *buf;
	int fd;
	bool ok = true;

	switch (n->type) {
	case N_DIR:
		ok = strcmp(n->path, ".") == 0 || mkdir(p, 0700) == 0;
		break;
	case N_FILE:
	case N_BIG:
		if ((fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
			return (false);
		if (n->type == N_FILE) {
			ok = write(fd, n->data, strlen(n->data)) ==
			    (ssize_t)strlen(n->data);
		} else {
			buf = malloc(BIGLEN);
			for (size_t k = 0; k < BIGLEN; k++)
				buf[k] = big_byte(k);
			ok = write(fd, buf, BIGLEN) == BIGLEN;
			free(buf);
		}
		close(fd);
		break;
	case N_SPARSE:
		if ((fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
			return (false);
		ok = ftruncate(fd, SPARSELEN) == 0 &&
		    pwrite(fd, "head", 4, 0) == 4 &&
		    pwrite(fd, "tail", 4, SPARSELEN - 4) == 4;
		close(fd);
		break;
	case N_LNK:
		return (symlink(n->data, p) == 0 && lchown(p, (uid_t)n->uid,
		    (gid_t)n->gid) == 0);
	case N_HARD:
		return (link(jp(n->data), p) == 0);
	case N_FIFO:
		ok = mkfifo(p, 0600) == 0;
		break;
	case N_DEV:
		ok = mknod(p, S_IFCHR | 0600, makedev(1, 3)) == 0;
		break;
	case N_SOCK:
		return (make_socket(p));
	}
	return (ok && chown(p, (uid_t)n->uid, (gid_t)n->gid) == 0 &&
	    chmod(p, (mode_t)n->mode) == 0);
}

static bool
build_tree(void)
{
	struct timespec ts[2];
	bool ok = true;

	for (size_t i = 0; i < NNODES; i++) {
		present[i] = make_node(i);
		if (!present[i] && tree[i].type != N_DEV &&
		    tree[i].type != N_SOCK) {
			ok = false;
			printf("# cannot make %s: %s\n", tree[i].path,
			    strerror(errno));
		}
	}
	have_xattr = setxattr(jp("usr/include/stdio.h"), "user.jt", "file", 4,
	    0) == 0 && setxattr(jp("usr/include"), "user.jt", "dir", 3, 0) ==
	    0;
	/*
	 * Known mtimes, with nanoseconds on every other one; a hard link
	 * shares its source's.
	 */
	for (size_t i = 0; i < NNODES; i++) {
		if (!present[i] || tree[i].type == N_HARD)
			continue;
		ts[0].tv_sec = ts[1].tv_sec = T0 + (time_t)i * 3600;
		ts[0].tv_nsec = ts[1].tv_nsec = i % 2 ? (long)i * 1000003 : 0;
		ok &= utimensat(AT_FDCWD, jp(tree[i].path), ts,
		    AT_SYMLINK_NOFOLLOW) == 0;
	}
	have_immutable = set_immutable(jp("usr/share/immutable"), true) == 0;
	/* a kept file with another, removed, name: a link to it is EPERM */
	if (have_immutable)
		ok &= set_immutable(jp("usr/bin/kept"), true) == 0;
	return (ok);
}

static void
take(struct snap *sn, const char *rel)
{
	const char *p = jp(rel);
	ssize_t n;

	memset(sn, 0, sizeof(*sn));
	if (lstat(p, &sn->st) != 0)
		return;
	sn->exists = true;
	if (S_ISLNK(sn->st.st_mode) && (n = readlink(p, sn->link,
	    sizeof(sn->link) - 1)) > 0)
		sn->link[n] = '\0';
	if (S_ISREG(sn->st.st_mode))
		sn->data = slurp(p, &sn->len);
	if (S_ISREG(sn->st.st_mode) || S_ISDIR(sn->st.st_mode))
		(void)get_flags(p, &sn->flags);
	sn->flags &= FLAGMASK;
	if ((n = lgetxattr(p, "user.jt", sn->xattr, sizeof(sn->xattr) - 1)) >
	    0)
		sn->xattr[n] = '\0';
}

static void
take_all(struct snap *sv)
{
	for (size_t i = 0; i < NNODES; i++)
		take(&sv[i], tree[i].path);
}

static void
free_all(struct snap *sv)
{
	for (size_t i = 0; i < NNODES; i++) {
		free(sv[i].data);
		sv[i].data = NULL;
	}
}

/* What differs between two snapshots of one path, "" for nothing. */
static void
diff(const struct snap *a, const struct snap *b, char *out, size_t len)
{
	size_t o = 0;

#define DIFF(cond, ...) do {						\
	if ((cond) && o < len)						\
		o += (size_t)snprintf(out + o, len - o, __VA_ARGS__);	\
} while (0)
	out[0] = '\0';
	DIFF(a->exists != b->exists, " exists %d/%d", a->exists, b->exists);
	if (!a->exists || !b->exists)
		return;
	DIFF(a->st.st_mode != b->st.st_mode, " mode %o/%o", a->st.st_mode,
	    b->st.st_mode);
	DIFF(a->st.st_uid != b->st.st_uid || a->st.st_gid != b->st.st_gid,
	    " owner %u:%u/%u:%u", a->st.st_uid, a->st.st_gid, b->st.st_uid,
	    b->st.st_gid);
	DIFF(!S_ISDIR(a->st.st_mode) && a->st.st_size != b->st.st_size,
	    " size %jd/%jd", (intmax_t)a->st.st_size,
	    (intmax_t)b->st.st_size);
	DIFF(a->st.st_mtim.tv_sec != b->st.st_mtim.tv_sec ||
	    a->st.st_mtim.tv_nsec != b->st.st_mtim.tv_nsec,
	    " mtime %jd.%09ld/%jd.%09ld", (intmax_t)a->st.st_mtim.tv_sec,
	    a->st.st_mtim.tv_nsec, (intmax_t)b->st.st_mtim.tv_sec,
	    b->st.st_mtim.tv_nsec);
	DIFF(a->st.st_rdev != b->st.st_rdev, " rdev");
	DIFF(strcmp(a->link, b->link) != 0, " link %s/%s", a->link, b->link);
	DIFF(a->len != b->len || (a->len > 0 && memcmp(a->data, b->data,
	    a->len) != 0), " content");
	DIFF(a->flags != b->flags, " flags %#x/%#x", a->flags, b->flags);
	DIFF(strcmp(a->xattr, b->xattr) != 0, " xattr %s/%s", a->xattr,
	    b->xattr);
#undef DIFF
}

static void
compare(const struct snap *before, const struct snap *after, const char *how)
{
	char d[512];

	for (size_t i = 0; i < NNODES; i++) {
		if (!present[i])
			continue;
		if (tree[i].type == N_SOCK) {
			/* tar cannot hold a socket: its server makes it */
			ok(!after[i].exists || !tree[i].rm, "%s: socket %s "
			    "not in the backup, not restored", how,
			    tree[i].path);
			continue;
		}
		diff(&before[i], &after[i], d, sizeof(d));
		ok(d[0] == '\0', "%s: /%s as before%s", how, tree[i].path, d);
	}
	ok(after[node_index("usr/bin/gone")].st.st_ino ==
	    after[node_index("usr/bin/kept")].st.st_ino, "%s: the link of a "
	    "kept file is its inode again", how);
	ok(after[node_index("usr/lib/pair2")].st.st_ino ==
	    after[node_index("usr/include/sys/pair1")].st.st_ino &&
	    after[node_index("usr/lib/pair2")].st.st_nlink == 2,
	    "%s: the removed pair is one inode again", how);
	ok(after[node_index("usr/lib/libx.so.1")].len == BIGLEN,
	    "%s: a large file whole", how);
	ok(after[node_index("usr/share/sparse")].st.st_blocks * 512 <
	    SPARSELEN / 4, "%s: the sparse file keeps its holes (%jd blocks)",
	    how, (intmax_t)after[node_index("usr/share/sparse")].st.st_blocks);
	if (have_immutable)
		ok(after[node_index("usr/share/immutable")].flags &
		    after[node_index("usr/bin/kept")].flags &
		    FS_IMMUTABLE_FL, "%s: the immutable attribute is back, "
		    "and still on a kept file linked to", how);
	if (have_xattr)
		ok(strcmp(after[node_index("usr/include/stdio.h")].xattr,
		    "file") == 0 && strcmp(after[node_index("usr/include")].
		    xattr, "dir") == 0, "%s: xattrs of a file and a directory",
		    how);
}

/* Remove the entries of the list, deepest first, as apply would. */
static bool
remove_entries(const struct jt_shrink *s)
{
	bool ok = true;

	for (size_t i = 0; i < s->nrm; i++) {
		const char *p = jp(s->rm[i].path + 1);

		if (s->rm[i].type == JT_FT_REG || s->rm[i].type == JT_FT_DIR)
			(void)set_immutable(p, false);
		if (s->rm[i].type == JT_FT_DIR)
			ok &= rmdir(p) == 0;
		else
			ok &= unlink(p) == 0 || errno == ENOENT;
	}
	return (ok);
}

static enum jt_ftype
ftype(int t)
{
	switch (t) {
	case N_DIR:
		return (JT_FT_DIR);
	case N_LNK:
		return (JT_FT_LNK);
	case N_FIFO:
		return (JT_FT_FIFO);
	case N_DEV:
		return (JT_FT_CHR);
	case N_SOCK:
		return (JT_FT_SOCK);
	default:
		return (JT_FT_REG);
	}
}

/* The shrink as jt_shrink_finish() leaves it: dirs after their content. */
static void
fill_shrink(struct jt_shrink *s, struct jt_shrink_entry *rm, char
    (*abs)[PATH_MAX], char *linkto)
{
	memset(s, 0, sizeof(*s));
	memset(rm, 0, NNODES * sizeof(*rm));
	s->dir = jail;
	s->dirfd = open(jail, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = NNODES; i-- > 0;) {
		if (!tree[i].rm || !present[i])
			continue;
		snprintf(abs[s->nrm], PATH_MAX, "/%s", tree[i].path);
		rm[s->nrm].path = abs[s->nrm];
		rm[s->nrm].type = ftype(tree[i].type);
		if (strcmp(tree[i].path, "usr/bin/gone") == 0)
			rm[s->nrm].linkto = linkto;
		s->nrm++;
	}
	s->rm = rm;
	for (size_t i = 0; i < sizeof(parents) / sizeof(parents[0]); i++)
		strv_push(&s->parents, parents[i]);
	s->finished = true;
}

static int
find_member(char names[][PATH_MAX], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return ((int)i);
	return (-1);
}

/* The tarball itself: names, order, links, modes, owners, flags. */
static void
check_tar(const char *path, size_t want)
{
	static char names[NNODES + 8][PATH_MAX];
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	bool rel = true, order = true, gone = false, pair = false;
	bool su = false, owner = false, sym = false, imm = !have_immutable;
	const char *ff = "";
	char fflags[64] = "", parent[PATH_MAX];
	size_t n = 0;

	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	ok(archive_read_open_filename(a, path, 10240) == ARCHIVE_OK,
	    "%s opens", path);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK &&
	    n < NNODES + 8) {
		const char *name = archive_entry_pathname(e);
		const char *hl = archive_entry_hardlink(e);

		size_t len = strlen(name);

		/* tar writers end a directory's name with "/" */
		while (len > 1 && name[len - 1] == '/')
			len--;
		snprintf(names[n], PATH_MAX, "%.*s", (int)len, name);
		name = names[n];
		rel &= name[0] != '/';
		if (strcmp(name, "usr/bin/gone") == 0)
			gone = hl != NULL && strcmp(hl, "usr/bin/kept") == 0 &&
			    archive_entry_size(e) == 0;
		if (strcmp(name, "usr/lib/pair2") == 0)
			pair = hl != NULL && strcmp(hl,
			    "usr/include/sys/pair1") == 0;
		if (strcmp(name, "usr/bin/su") == 0)
			su = archive_entry_perm(e) == 04755;
		if (strcmp(name, "usr/include/sys/types.h") == 0)
			owner = archive_entry_uid(e) == 1234 &&
			    archive_entry_gid(e) == 5678;
		if (strcmp(name, "usr/lib/libx.so") == 0)
			sym = archive_entry_filetype(e) == AE_IFLNK &&
			    strcmp(archive_entry_symlink(e), "libx.so.1") == 0;
		if (strcmp(name, "usr/share/immutable") == 0 &&
		    (ff = archive_entry_fflags_text(e)) != NULL) {
			snprintf(fflags, sizeof(fflags), "%s", ff);
			imm = imm || strlen(ff) > 0;
		}
		n++;
	}
	archive_read_free(a);
	ok(n == want, "%s: %zu members (want %zu)", path, n, want);
	ok(n > 0 && strcmp(names[0], ".") == 0, "the jail's root first");
	ok(rel, "member names relative");
	/* a member's directory, when it is a member, comes before it */
	for (size_t i = 0; i < n; i++) {
		char *slash;

		if (snprintf(parent, sizeof(parent), "%s", names[i]) >=
		    (int)sizeof(parent) || (slash = strrchr(parent, '/')) == NULL)
			continue;
		*slash = '\0';
		for (size_t j = i + 1; j < n; j++)
			order &= strcmp(names[j], parent) != 0;
	}
	ok(order, "directories before their content");
	ok(gone, "a link of a kept file is a hard link member to it");
	ok(pair, "a removed pair: content once, then a hard link");
	ok(su, "setuid kept");
	ok(owner, "foreign owner ids kept");
	ok(sym, "symlink kept");
	ok(find_member(names, n, "usr/share/sock") < 0, "no socket member");
	ok(imm, "immutable attribute recorded as fflags \"%s\"", fflags);
}

/* How many members a tarball has, -1 when it cannot be read. */
static ssize_t
members(const char *path)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	ssize_t n = 0;
	int r;

	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, path, 10240) != ARCHIVE_OK)
		n = -1;
	while (n >= 0 && (r = archive_read_next_header(a, &e)) !=
	    ARCHIVE_EOF)
		n = r == ARCHIVE_OK ? n + 1 : -1;
	archive_read_free(a);
	return (n);
}

/* Whether name is in the tarball with size bytes of its own. */
static bool
content_member(const char *path, const char *name, int64_t size)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	bool found = false;

	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, path, 10240) == ARCHIVE_OK)
		while (!found && archive_read_next_header(a, &e) ==
		    ARCHIVE_OK)
			found = strcmp(archive_entry_pathname(e), name) == 0 &&
			    archive_entry_hardlink(e) == NULL &&
			    archive_entry_size(e) == size;
	archive_read_free(a);
	return (found);
}

static bool
no_temp_left(void)
{
	DIR *d = opendir(work);
	struct dirent *de;
	bool clean = true;

	if (d == NULL)
		return (false);
	while ((de = readdir(d)) != NULL)
		clean &= strstr(de->d_name, ".tmp-") == NULL;
	closedir(d);
	return (clean);
}

static void
refusals(struct jt_shrink *s)
{
	struct jt_shrink_entry *rm = s->rm, bad[1];
	struct stat st;
	struct jt_err err;
	size_t nrm = s->nrm;
	int rc;

	rc = jt_shrink_backup(s, wp("b.txz"), &err);
	ok(rc == JT_EINVAL && strstr(err.msg, "exists") != NULL,
	    "an existing backup is not overwritten: %s", err.msg);
	rc = jt_shrink_backup(s, wp("b.zip"), &err);
	ok(rc == JT_EINVAL && lstat(wp("b.zip"), &st) != 0,
	    "unknown suffix refused: %s", err.msg);

	memset(bad, 0, sizeof(bad));
	s->rm = bad;
	s->nrm = 1;
	bad[0].path = "/usr/nonexistent";
	rc = jt_shrink_backup(s, wp("c.tar"), &err);
	ok(rc == JT_ENOENT && strcmp(err.path, "/usr/nonexistent") == 0 &&
	    lstat(wp("c.tar"), &st) != 0, "a missing path fails, named, and "
	    "leaves no archive: %s: %s", err.path, err.msg);
	ok(symlink("/etc", jp("usr/evil")) == 0, "a symlink in the jail to "
	    "the host's /etc");
	bad[0].path = "/usr/evil/passwd";
	rc = jt_shrink_backup(s, wp("c.tar"), &err);
	ok((rc == JT_ELOOP || rc == JT_ENOTDIR) &&
	    strcmp(err.path, "/usr/evil/passwd") == 0 &&
	    lstat(wp("c.tar"), &st) != 0, "not followed: %s: %s", err.path,
	    err.msg);
	unlink(jp("usr/evil"));
	/* a linkto that is not the same inode: the content is saved */
	bad[0].path = "/usr/lib/pair2";
	bad[0].linkto = "/etc/passwd";
	rc = jt_shrink_backup(s, wp("d.tar"), &err);
	ok(rc == 0 && content_member(wp("d.tar"), "usr/lib/pair2", 5),
	    "a linkto to another inode is not trusted: content saved");
	bad[0].linkto = NULL;
	bad[0].path = "/usr/../etc/passwd";
	rc = jt_shrink_backup(s, wp("c.tar"), &err);
	ok(rc == JT_EINVAL, "an unclean path refused: %s", err.msg);
	ok(no_temp_left(), "no temporary file left behind");
	s->rm = rm;
	s->nrm = nrm;
}

/* Restore must refuse, name the member, write nothing outside. */
static void
hostile(const char *name, const struct tar_member *m, size_t n,
    const char *member, const char *outside)
{
	char cwd0[PATH_MAX], cwd1[PATH_MAX], dir[PATH_MAX];
	struct jt_err err;
	struct stat st;
	int rc;

	snprintf(dir, sizeof(dir), "%s", wp(name));
	*strrchr(dir, '.') = '\0';
	mkdir(dir, 0755);
	mktar(wp(name), m, n);
	if (getcwd(cwd0, sizeof(cwd0)) == NULL)
		cwd0[0] = '\0';
	jt_err_clear(&err);
	rc = jt_restore(wp(name), dir, &uo, NULL, NULL, &err);
	ok(rc == JT_EESCAPE && strstr(err.msg, member) != NULL &&
	    strstr(err.path, name) != NULL, "%s refused (%s): %s: %s", name,
	    jt_strerror(rc), err.path, err.msg);
	ok(lstat(outside, &st) != 0, "%s: nothing written at %s", name,
	    outside);
	ok(getcwd(cwd1, sizeof(cwd1)) != NULL && strcmp(cwd0, cwd1) == 0,
	    "%s: working directory unchanged", name);
}

static void
hostiles(void)
{
	char abs[PATH_MAX], tmpx[64], out[PATH_MAX], secret[PATH_MAX];
	struct jt_err err;
	int rc;

	snprintf(abs, sizeof(abs), "/tmp/jt-sa-abs-%d", (int)getpid());
	snprintf(tmpx, sizeof(tmpx), "lnk/jt-sa-x-%d", (int)getpid());
	snprintf(out, sizeof(out), "/tmp/jt-sa-x-%d", (int)getpid());
	snprintf(secret, sizeof(secret), "%s", wp("secret"));
	{
		struct tar_member m[] = {
			{ "ok", AE_IFREG, 0, "fine", NULL },
			{ "../evil", AE_IFREG, 0, "x", NULL },
		};
		hostile("evil1.tar", m, 2, "../evil", wp("evil"));
	}
	{
		struct tar_member m[] = { { abs, AE_IFREG, 0, "x", NULL } };
		hostile("evil2.tar", m, 1, abs, abs);
	}
	{
		struct tar_member m[] = {
			{ "lnk", AE_IFLNK, 0777, "/tmp", NULL },
			{ tmpx, AE_IFREG, 0, "pwned", NULL },
		};
		hostile("evil3.tar", m, 2, tmpx, out);
	}
	{
		struct tar_member m[] = {
			{ "hl", 0, 0, "../secret", NULL },
		};
		int fd = open(secret, O_WRONLY | O_CREAT, 0600);

		close(fd);
		hostile("evil4.tar", m, 1, "hl", wp("evil4/hl"));
		unlink(secret);
	}
	{
		struct tar_member m[] = {
			{ "a", 0, 0, "nosuch", NULL },
			{ "b", AE_IFREG, 0, "still here", NULL },
		};
		struct stat st;

		mkdir(wp("partial"), 0755);
		mktar(wp("partial.tar"), m, 2);
		rc = jt_restore(wp("partial.tar"), wp("partial"), &uo, NULL,
		    NULL, &err);
		ok(rc == JT_EFORMAT && strstr(err.msg, "no index") != NULL &&
		    lstat(wp("partial/b"), &st) != 0, "a tarball without a "
		    "shrink's index is refused, nothing written: %s", err.msg);
	}
	rc = jt_restore(wp("none.tar"), jail, &uo, NULL, NULL, &err);
	ok(rc != 0 && strstr(err.path, "none.tar") != NULL,
	    "a missing archive: %s: %s", err.path, err.msg);
}

/* An apply that stopped half way, and changes made since. */
static bool
interrupt(void)
{
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 12345, 0 } };
	char imm[PATH_MAX];
	bool ok = true;
	int fd;

	snprintf(imm, sizeof(imm), "%s", jp("usr/share/immutable"));

	ok &= unlink(jp("usr/include/stdio.h")) == 0;
	ok &= unlink(jp("usr/include/sys/pair1")) == 0;
	ok &= unlink(jp("usr/bin/su")) == 0;
	ok &= unlink(jp("boot/kernel/kernel")) == 0;
	ok &= rmdir(jp("boot/kernel")) == 0;
	ok &= chmod(jp("usr/share/empty"), 0777) == 0;
	ok &= utimensat(AT_FDCWD, jp("usr/share/empty"), ts, 0) == 0;
	/* a changed file, immutable again, where the backup has the old */
	(void)set_immutable(imm, false);
	if ((fd = open(imm, O_WRONLY | O_TRUNC)) != -1) {
		ok &= write(fd, "changed\n", 8) == 8;
		close(fd);
	}
	ok &= chmod(imm, 0600) == 0;
	if (have_immutable)
		ok &= set_immutable(imm, true) == 0;
	return (ok);
}

static int
unflag(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)f;
	if (type == FTW_F || type == FTW_D || type == FTW_DP)
		if (S_ISREG(st->st_mode) || S_ISDIR(st->st_mode))
			(void)set_immutable(p, false);
	return (0);
}

static int
rm_one(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	(void)type;
	(void)f;
	remove(p);
	return (0);
}

/* "ok", or the error of a call that returned rc. */
static const char *
why(int rc, const struct jt_err *err)
{
	static char buf[JT_ERR_PATH_MAX + JT_ERR_MSG_MAX + 256];

	return (rc == 0 ? "ok" : jt_err_str(err, buf, sizeof(buf)));
}

int
main(void)
{
	static struct snap s0[NNODES], s1[NNODES];
	static char abs[NNODES][PATH_MAX];
	struct jt_shrink_entry rm[NNODES];
	struct jt_shrink s;
	struct jt_err err;
	const struct jt_restore_opts fo = { .unsigned_ok = true, .force = true };
	const char *base = getenv("JT_TEST_WORK");
	size_t want;
	int rc;

	if (geteuid() != 0)
		tap_skip_all("needs root (owners, device, immutable)");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	mkdir(base, 0755);
	snprintf(work, sizeof(work), "%s/shrink_archive.XXXXXX", base);
	if (mkdtemp(work) == NULL)
		tap_skip_all("cannot make a work directory");
	snprintf(jail, sizeof(jail), "%s/jail", work);
	mkdir(jail, 0700);
	ok(build_tree(), "jail made in %s", jail);
	if (!have_immutable)
		printf("# immutable attribute unsupported here: not tested\n");
	if (!present[node_index("usr/share/null")])
		printf("# mknod refused here: no device node\n");
	take_all(s0);

	fill_shrink(&s, rm, abs, "/usr/bin/kept");
	/* the parents and removals, no socket, and the index */
	want = s.parents.n + s.nrm - (present[node_index("usr/share/sock")] ?
	    1 : 0) + 1;
	rc = jt_shrink_backup(&s, wp("b.txz"), &err);
	ok(rc == 0, "backup to .txz (%s)", why(rc, &err));
	rc = jt_shrink_backup(&s, wp("b.tar"), &err);
	ok(rc == 0, "backup to .tar (%s)", why(rc, &err));
	check_tar(wp("b.tar"), want);
	check_tar(wp("b.txz"), want);
	rc = jt_shrink_backup(&s, wp("b.tzst"), &err);
	ok(rc == 0, "backup to .tzst (%s)", why(rc, &err));
	rc = jt_shrink_backup(&s, wp("b.tar.gz"), &err);
	ok(rc == 0, "backup to .tar.gz (%s)", why(rc, &err));
	ok(members(wp("b.tzst")) == (ssize_t)want &&
	    members(wp("b.tar.gz")) == (ssize_t)want,
	    "zstd and gzip backups read back whole");
	refusals(&s);

	ok(remove_entries(&s), "removal list removed");
	/* unlinking its other name cleared it: as apply should, set again */
	if (have_immutable)
		(void)set_immutable(jp("usr/bin/kept"), true);
	rc = jt_restore(wp("b.txz"), jail, &uo, NULL, NULL, &err);
	ok(rc == 0, "restore from .txz (%s)", why(rc, &err));
	take_all(s1);
	compare(s0, s1, "txz");
	free_all(s1);

	ok(interrupt(), "an interrupted removal, and changes since");
	/* the changes are conflicts (test_restore_conflicts.c): forced */
	rc = jt_restore(wp("b.tar"), jail, &fo, NULL, NULL, &err);
	ok(rc == 0, "restore from .tar over it, --force (%s)", why(rc, &err));
	take_all(s1);
	compare(s0, s1, "tar over interrupted");
	free_all(s1);

	hostiles();

	free_all(s0);
	close(s.dirfd);
	strv_free(&s.parents);
	nftw(work, unflag, 16, FTW_PHYS);
	nftw(work, rm_one, 16, FTW_PHYS | FTW_DEPTH);
	return (tap_done());
}
