/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A directory taken as a root.  Every access walks the path from the root
 * descriptor one component at a time with O_NOFOLLOW, so a symlink inside
 * the tree is never followed by the kernel: the merged source resolves
 * links itself, inside the root.  Files are read into private buffers,
 * or mapped privately (copy on write) when large (see READ_MAX), so
 * callers may scribble on them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

#include "source_int.h"

struct dir_layer {
	struct layer	 base;
	int		 rootfd;
	struct jt_map	 files;		/* path -> struct content * */
	struct jt_map	 dirfds;	/* path -> descriptor + 1 */
	size_t		 max_dirfds;	/* bound of dirfds, from RLIMIT_NOFILE */
};

/* A file's bytes, read whole into memory or mapped (see read_whole). */
struct content {
	void	*data;
	size_t	 len;
	bool	 mapped;
};

static char empty_file[1];

/* Directory descriptors kept open at most, whatever the limit allows. */
#define MAX_CACHED_DIRS	4096

/*
 * How many directory descriptors a layer may keep: a quarter of what is
 * left of the soft RLIMIT_NOFILE after a reserve, so that several layers,
 * the files being read, libarchive and the outputs still find
 * descriptors.  A limit of 1,024 with 4,096 cached made the directories
 * past the thousandth look empty.
 */
static size_t
dirfd_budget(void)
{
	struct rlimit rl;
	rlim_t n;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return (MAX_CACHED_DIRS);
	n = rl.rlim_cur > 32 ? (rl.rlim_cur - 32) / 4 : 0;
	return (n < MAX_CACHED_DIRS ? (size_t)n : MAX_CACHED_DIRS);
}

static void
close_fd(void *p)
{
	close((int)(intptr_t)p - 1);
}

/*
 * Keep fd open as directory dir.  When the cache is full it is emptied:
 * a walk is depth first, so what it needs next is the directory it just
 * opened, and the ancestors are found again one openat() each.
 */
static void
flush_dirfds(struct dir_layer *d)
{
	map_each(&d->dirfds, close_fd);
	map_free(&d->dirfds);
}

static bool
cache_dirfd(struct dir_layer *d, const char *dir, int fd)
{
	if (d->max_dirfds == 0)
		return (false);
	if (d->dirfds.n >= d->max_dirfds)
		flush_dirfds(d);
	return (map_put(&d->dirfds, dir, (void *)(intptr_t)(fd + 1)) == 0);
}

/*
 * Out of descriptors with some held by the cache (other layers, the
 * outputs or libarchive took their share too): empty it, so that one
 * retry can succeed.  The caller must hold no cached descriptor.
 */
static bool
may_retry(struct dir_layer *d, int e)
{
	if ((e != EMFILE && e != ENFILE) || d->dirfds.n == 0)
		return (false);
	flush_dirfds(d);
	return (true);
}

/*
 * A failed open of a directory: a missing component, or one that is not
 * a real directory (a symlink refused by O_NOFOLLOW), means the layer
 * lacks the path (JT_ENOENT, err untouched).  Anything else, running out
 * of descriptors above all, is an error: a directory that cannot be
 * opened must not pass for an absent or empty one.
 */
static int
open_error(struct jt_err *err, const char *path, int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
	case ELOOP:
	case ENAMETOOLONG:
	case EACCES:
		return (JT_ENOENT);
	case ENOMEM:
		return (jt_err_set(err, JT_ENOMEM, e, path, "cannot open"));
	}
	return (jt_err_set(err, JT_EIO, e, path, "cannot open"));
}

/*
 * The descriptor of directory dir (canonical, "/" for the root), opened
 * one component at a time with O_NOFOLLOW from its deepest ancestor
 * already open (iteratively: a tree may be thousands of levels deep).
 * *owned tells whether the caller must close it (not cached).  JT_ENOENT
 * (err untouched) when a component is missing or is not a real directory
 * in this layer; another negative code, with err filled, on an error.
 */
static int
dir_fd(struct dir_layer *d, const char *dir, bool *owned, struct jt_err *err)
{
	char buf[PATH_MAX];
	size_t len, at, n;
	intptr_t cached = 0;
	int pfd = d->rootfd, fd, e;
	bool powned = false;

	*owned = false;
	if (dir[0] == '\0' || strcmp(dir, "/") == 0)
		return (d->rootfd);
	if ((cached = (intptr_t)map_get(&d->dirfds, dir)) != 0)
		return ((int)cached - 1);
	if ((len = strlen(dir)) >= sizeof(buf))
		return (JT_ENOENT);
again:
	memcpy(buf, dir, len + 1);
	pfd = d->rootfd;
	powned = false;
	/* Up to the deepest ancestor open, or to the root (at == 0). */
	for (at = len; at > 0;) {
		while (at > 0 && buf[--at] != '/')
			continue;
		if (at == 0)
			break;
		buf[at] = '\0';
		cached = (intptr_t)map_get(&d->dirfds, buf);
		buf[at] = '/';
		if (cached != 0) {
			pfd = (int)cached - 1;
			break;
		}
	}
	/* Then down, one component at a time. */
	while (at < len) {
		n = strcspn(buf + at + 1, "/");
		buf[at + 1 + n] = '\0';
		fd = n > NAME_MAX ? -1 : openat(pfd, buf + at + 1,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		e = n > NAME_MAX ? ENAMETOOLONG : errno;
		if (powned)
			close(pfd);
		if (fd == -1 && may_retry(d, e))
			goto again;		/* from the root, cache empty */
		if (fd == -1)
			return (open_error(err, dir, e));
		pfd = fd;
		powned = true;
		at += 1 + n;
	}
	*owned = !cache_dirfd(d, dir, pfd);
	return (pfd);
}

/* The directory holding path's last component; *last points at it. */
static int
open_parent(struct dir_layer *d, const char *path, const char **last,
    bool *owned, struct jt_err *err)
{
	char parent[PATH_MAX];

	path_dirname(parent, sizeof(parent), path);
	*last = path_basename(path);
	return (dir_fd(d, parent, owned, err));
}

static void
put_fd(int fd, bool owned)
{
	if (owned)
		close(fd);
}

static enum jt_ftype
ftype(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG:	return (JT_FT_REG);
	case S_IFDIR:	return (JT_FT_DIR);
	case S_IFLNK:	return (JT_FT_LNK);
	case S_IFCHR:	return (JT_FT_CHR);
	case S_IFBLK:	return (JT_FT_BLK);
	case S_IFIFO:	return (JT_FT_FIFO);
	case S_IFSOCK:	return (JT_FT_SOCK);
	}
	return (JT_FT_NONE);
}

/* Fill st from sb; read the link target relative to dirfd. */
static int
fill_stat(struct dir_layer *d, int dirfd, const char *name,
    const struct stat *sb, struct jt_stat *st, const char *path,
    struct jt_err *err)
{
	char target[PATH_MAX];
	ssize_t n;

	memset(st, 0, sizeof(*st));
	st->type = ftype(sb->st_mode);
	st->mode = sb->st_mode & 07777;
	st->uid = sb->st_uid;
	st->gid = sb->st_gid;
	st->uname = "";
	st->gname = "";
	st->fflags = "";
	st->size = sb->st_size;
	st->mtime = sb->st_mtime;
	st->dev = (uint64_t)sb->st_dev;
	st->ino = (uint64_t)sb->st_ino;
	st->nlink = (uint32_t)sb->st_nlink;
	st->layer = d->base.index;
	if (st->type == JT_FT_LNK) {
		n = readlinkat(dirfd, name, target, sizeof(target) - 1);
		if (n < 0)
			return (jt_err_set(err, JT_EIO, errno, path,
			    "cannot read symbolic link"));
		target[n] = '\0';
		if ((st->link = arena_strdup(&d->base.strings, target)) == NULL)
			return (jt_err_set(err, JT_ENOMEM, 0, path, "arena"));
	}
	return (0);
}

static int
dir_lstat(struct layer *l, const char *path, struct jt_stat *st,
    struct jt_err *err)
{
	struct dir_layer *d = (struct dir_layer *)l;
	const char *last;
	struct stat sb;
	bool owned;
	int fd, rc;

	if (strcmp(path, "/") == 0) {
		if (fstat(d->rootfd, &sb) == -1)
			return (jt_err_set(err, JT_EIO, errno, l->spec, "stat"));
		return (fill_stat(d, d->rootfd, ".", &sb, st, path, err));
	}
	if ((fd = open_parent(d, path, &last, &owned, err)) < 0)
		return (fd);
	if (fstatat(fd, last, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		rc = errno == ENOENT || errno == ENOTDIR ? JT_ENOENT :
		    jt_err_set(err, JT_EIO, errno, path, "cannot stat");
	else
		rc = fill_stat(d, fd, last, &sb, st, path, err);
	put_fd(fd, owned);
	return (rc);
}

/* Open the file at path for reading, without following a final link. */
static int
open_file(struct dir_layer *d, const char *path, struct jt_err *err)
{
	const char *last;
	bool owned;
	int pfd, fd;

	bool retried = false;
	int e;

again:
	if ((pfd = open_parent(d, path, &last, &owned, err)) < 0)
		return (pfd != JT_ENOENT ? pfd : jt_err_set(err, JT_ENOENT, 0,
		    path, "cannot open parent directory"));
	/* O_NONBLOCK: a FIFO put in place of the file must not hang us. */
	fd = openat(pfd, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	e = errno;
	put_fd(pfd, owned);
	if (fd == -1 && !retried && may_retry(d, e)) {
		retried = true;
		goto again;
	}
	if (fd == -1)
		return (jt_err_set(err, e == ENOMEM ? JT_ENOMEM : JT_EIO, e,
		    path, "cannot open"));
	return (fd);
}

/*
 * Files up to this size are read into memory; larger ones are mapped.
 * Reading is safe against a file truncated meanwhile (touching the lost
 * part of a mapping raises SIGBUS, which the CLI can only report before
 * it stops), but it costs the whole file for as long as the source
 * lives, where a mapping costs the pages touched: "deps -s /usr --all"
 * held 5.8 GB reading every file, 0.45 GB mapping every file, and 0.9 GB
 * reading those up to 4 MiB (the bytes are in a few large files, LLVM or
 * Go programs, of which the analysis touches headers and tables only).
 */
#define READ_MAX	((off_t)4 << 20)

/*
 * Read the whole regular file fd (size bytes when opened) into c.  A file
 * that shrank meanwhile is an error; growth past size is ignored, as
 * tar(1) does.
 */
static int
read_whole(int fd, off_t size, struct content *c, const char *path,
    struct jt_err *err)
{
	size_t got = 0;
	ssize_t n;

	if (size == 0) {
		c->data = empty_file;
		return (0);
	}
	if (size > READ_MAX) {
		c->data = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE, fd, 0);
		if (c->data == MAP_FAILED)
			return (jt_err_set(err, JT_EIO, errno, path,
			    "cannot map"));
		c->len = (size_t)size;
		c->mapped = true;
		return (0);
	}
	if ((c->data = malloc((size_t)size)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, path,
		    "cannot hold the file (%jd bytes)", (intmax_t)size));
	while (got < (size_t)size) {
		n = read(fd, (char *)c->data + got, (size_t)size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(c->data);
			c->data = NULL;
			if (n == 0)
				return (jt_err_set(err, JT_EIO, 0, path,
				    "file shrank while being read (%jd bytes "
				    "when opened, %zu read)", (intmax_t)size,
				    got));
			return (jt_err_set(err, JT_EIO, errno, path,
			    "cannot read"));
		}
		got += (size_t)n;
	}
	c->len = got;
	return (0);
}

static void
free_content(void *p)
{
	struct content *c = p;

	if (c->mapped)
		munmap(c->data, c->len);
	else if (c->data != empty_file)
		free(c->data);
	free(c);
}

static int
dir_read(struct layer *l, const char *path, void **data, size_t *len,
    struct jt_err *err)
{
	struct dir_layer *d = (struct dir_layer *)l;
	struct content *c;
	struct stat sb;
	int fd, rc;

	if ((c = map_get(&d->files, path)) != NULL)
		goto done;
	if ((fd = open_file(d, path, err)) < 0)
		return (fd);
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		rc = jt_err_set(err, JT_EIO, errno, path,
		    "not a regular file");
		goto fail;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, path, "calloc");
		goto fail;
	}
	if ((rc = read_whole(fd, sb.st_size, c, path, err)) != 0) {
		free(c);
		goto fail;
	}
	close(fd);
	if (map_put(&d->files, path, c) != 0) {
		free_content(c);
		return (jt_err_set(err, JT_ENOMEM, 0, path, "map"));
	}
done:
	*data = c->data;
	*len = c->len;
	return (0);
fail:
	close(fd);
	return (rc);
}

static long
dir_peek(struct layer *l, const char *path, void *buf, size_t n,
    struct jt_err *err)
{
	struct dir_layer *d = (struct dir_layer *)l;
	struct content *c;
	ssize_t got;
	int fd;

	if ((c = map_get(&d->files, path)) != NULL) {
		n = n < c->len ? n : c->len;
		memcpy(buf, c->data, n);
		return ((long)n);
	}
	if ((fd = open_file(d, path, err)) < 0)
		return (fd);
	got = pread(fd, buf, n, 0);
	close(fd);
	if (got < 0)
		return (jt_err_set(err, JT_EIO, errno, path, "cannot read"));
	return ((long)got);
}

/*
 * Kernel pseudo file systems mounted in a live root ("-s /") hold no
 * files of the system: listing them would only read the kernel's state.
 */
static bool
pseudo_fs(int fd)
{
#ifdef __linux__
	static const long magic[] = {
		0x9fa0,		/* proc */
		0x62656572,	/* sysfs */
		0x1cd1,		/* devpts */
		0x27e0eb,	/* cgroup */
		0x63677270,	/* cgroup2 */
		0x64626720,	/* debugfs */
		0x74726163,	/* tracefs */
		0x73636673,	/* securityfs */
		0xcafe4a11,	/* bpf */
		0x6e736673,	/* nsfs */
	};
	struct statfs sf;

	if (fstatfs(fd, &sf) != 0)
		return (false);
	for (size_t i = 0; i < sizeof(magic) / sizeof(magic[0]); i++)
		if ((long)sf.f_type == magic[i])
			return (true);
#else
	(void)fd;
#endif
	return (false);
}

static int
dir_readdir(struct layer *l, const char *path, jt_dirent_fn *fn, void *arg,
    struct jt_err *err)
{
	struct dir_layer *d = (struct dir_layer *)l;
	struct dirent *de;
	struct jt_stat st;
	struct stat sb;
	DIR *dir;
	bool owned, retried = false;
	int dfd, fd, e, rc = 0;

	/* fdopendir() takes the descriptor: give it a fresh one. */
again:
	if ((dfd = dir_fd(d, path, &owned, err)) < 0)
		return (dfd);
	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	e = errno;
	put_fd(dfd, owned);
	if (fd == -1 && !retried && may_retry(d, e)) {
		retried = true;
		goto again;
	}
	if (fd == -1)
		return (open_error(err, path, e));
	if (pseudo_fs(fd)) {
		close(fd);
		return (0);
	}
	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		return (jt_err_set(err, JT_EIO, errno, path, "fdopendir"));
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(dir)) == NULL) {
			/* A listing cut short must not pass for a whole one. */
			if (errno != 0)
				rc = jt_err_set(err, JT_EIO, errno, path,
				    "cannot list the directory");
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(dir), de->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) == -1)
			continue;	/* vanished meanwhile */
		/* An unreadable link is skipped, not fatal to the listing. */
		if ((rc = fill_stat(d, dirfd(dir), de->d_name, &sb, &st, path,
		    err)) != 0) {
			if (rc == JT_ENOMEM)
				break;
			rc = 0;
			continue;
		}
		if ((rc = fn(arg, de->d_name, &st)) != 0)
			break;
	}
	closedir(dir);
	return (rc);
}

static void
dir_free(struct layer *l)
{
	struct dir_layer *d = (struct dir_layer *)l;

	map_each(&d->files, free_content);
	map_free(&d->files);
	map_each(&d->dirfds, close_fd);
	map_free(&d->dirfds);
	close(d->rootfd);
	arena_free(&l->strings);
	free(l->spec);
	free(d);
}

static const struct layer_ops dir_ops = {
	.lstat = dir_lstat,
	.read = dir_read,
	.peek = dir_peek,
	.readdir = dir_readdir,
	.free = dir_free,
};

int
layer_dir_open(struct layer **out, const char *spec, int fd,
    struct jt_err *err)
{
	struct dir_layer *d;

	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (d->base.spec = strdup(spec)) == NULL) {
		free(d);
		close(fd);
		return (jt_err_set(err, JT_ENOMEM, errno, spec, "calloc"));
	}
	d->base.ops = &dir_ops;
	d->rootfd = fd;
	d->max_dirfds = dirfd_budget();
	*out = &d->base;
	return (0);
}
