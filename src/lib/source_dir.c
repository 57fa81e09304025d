/*
 * A directory taken as a root.  Every access walks the path from the root
 * descriptor one component at a time with O_NOFOLLOW, so a symlink inside
 * the tree is never followed by the kernel: the merged source resolves
 * links itself, inside the root.  Files are mapped privately (copy on
 * write), so callers may scribble on the buffers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

#include "source_int.h"

struct mapping {
	void	*data;
	size_t	 len;
};

struct dir_layer {
	struct layer	 base;
	int		 rootfd;
	struct jt_map	 maps;		/* path -> struct mapping * */
	struct jt_map	 dirfds;	/* path -> descriptor + 1 */
};

static char empty_file[1];

/* Directory descriptors kept open, so each directory is walked once. */
#define MAX_CACHED_DIRS	4096

/*
 * The descriptor of directory dir (canonical, "/" for the root), opened
 * one component at a time with O_NOFOLLOW from the root.  *owned tells
 * whether the caller must close it (the cache is full).  JT_ENOENT when a
 * component is missing or is not a real directory in this layer.
 */
static int
dir_fd(struct dir_layer *d, const char *dir, bool *owned)
{
	char parent[PATH_MAX];
	const char *name;
	intptr_t cached;
	bool powned;
	int pfd, fd;

	*owned = false;
	if (dir[0] == '\0' || strcmp(dir, "/") == 0)
		return (d->rootfd);
	if ((cached = (intptr_t)map_get(&d->dirfds, dir)) != 0)
		return ((int)cached - 1);
	path_dirname(parent, sizeof(parent), dir);
	name = path_basename(dir);
	if (strlen(name) > NAME_MAX ||
	    (pfd = dir_fd(d, parent, &powned)) < 0)
		return (JT_ENOENT);
	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (powned)
		close(pfd);
	if (fd == -1)
		return (errno == ENOMEM ? JT_ENOMEM : JT_ENOENT);
	if (d->dirfds.n < MAX_CACHED_DIRS &&
	    map_put(&d->dirfds, dir, (void *)(intptr_t)(fd + 1)) == 0)
		return (fd);
	*owned = true;
	return (fd);
}

/* The directory holding path's last component; *last points at it. */
static int
open_parent(struct dir_layer *d, const char *path, const char **last,
    bool *owned)
{
	char parent[PATH_MAX];

	path_dirname(parent, sizeof(parent), path);
	*last = path_basename(path);
	return (dir_fd(d, parent, owned));
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
	if ((fd = open_parent(d, path, &last, &owned)) < 0)
		return (fd == JT_ENOENT ? fd : jt_err_set(err, fd, errno, path,
		    "cannot open parent directory"));
	if (fstatat(fd, last, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		rc = errno == ENOENT || errno == ENOTDIR ? JT_ENOENT :
		    jt_err_set(err, JT_EIO, errno, path, "cannot stat");
	else
		rc = fill_stat(d, fd, last, &sb, st, path, err);
	put_fd(fd, owned);
	return (rc);
}

static int
dir_read(struct layer *l, const char *path, void **data, size_t *len,
    struct jt_err *err)
{
	struct dir_layer *d = (struct dir_layer *)l;
	struct mapping *m;
	const char *last;
	struct stat sb;
	int pfd, fd = -1, rc;
	bool owned;
	void *p;

	if ((m = map_get(&d->maps, path)) != NULL)
		goto done;
	if ((pfd = open_parent(d, path, &last, &owned)) < 0)
		return (jt_err_set(err, pfd == JT_ENOMEM ? pfd : JT_ENOENT, 0,
		    path, "cannot open parent directory"));
	fd = openat(pfd, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	put_fd(pfd, owned);
	if (fd == -1)
		return (jt_err_set(err, JT_EIO, errno, path, "cannot open"));
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		rc = jt_err_set(err, JT_EIO, errno, path,
		    "not a regular file");
		goto fail;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		rc = jt_err_set(err, JT_ENOMEM, errno, path, "calloc");
		goto fail;
	}
	if (sb.st_size == 0) {
		m->data = empty_file;
	} else {
		p = mmap(NULL, (size_t)sb.st_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			free(m);
			rc = jt_err_set(err, JT_EIO, errno, path, "cannot map");
			goto fail;
		}
		m->data = p;
		m->len = (size_t)sb.st_size;
	}
	close(fd);
	if (map_put(&d->maps, path, m) != 0) {
		if (m->len > 0)
			munmap(m->data, m->len);
		free(m);
		return (jt_err_set(err, JT_ENOMEM, 0, path, "map"));
	}
done:
	*data = m->data;
	*len = m->len;
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
	struct mapping *m;
	const char *last;
	ssize_t got;
	bool owned;
	int pfd, fd;

	if ((m = map_get(&d->maps, path)) != NULL) {
		n = n < m->len ? n : m->len;
		memcpy(buf, m->data, n);
		return ((long)n);
	}
	if ((pfd = open_parent(d, path, &last, &owned)) < 0)
		return (jt_err_set(err, JT_ENOENT, 0, path,
		    "cannot open parent directory"));
	fd = openat(pfd, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	put_fd(pfd, owned);
	if (fd == -1)
		return (jt_err_set(err, JT_EIO, errno, path, "cannot open"));
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
	bool owned;
	int dfd, fd, rc = 0;

	/* fdopendir() takes the descriptor: give it a fresh one. */
	if ((dfd = dir_fd(d, path, &owned)) < 0)
		return (JT_ENOENT);
	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	put_fd(dfd, owned);
	if (fd == -1)
		return (JT_ENOENT);
	if (pseudo_fs(fd)) {
		close(fd);
		return (0);
	}
	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		return (jt_err_set(err, JT_EIO, errno, path, "fdopendir"));
	}
	while ((de = readdir(dir)) != NULL) {
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
unmap(void *p)
{
	struct mapping *m = p;

	if (m->len > 0)
		munmap(m->data, m->len);
	free(m);
}

static void
close_fd(void *p)
{
	close((int)(intptr_t)p - 1);
}

static void
dir_free(struct layer *l)
{
	struct dir_layer *d = (struct dir_layer *)l;

	map_each(&d->maps, unmap);
	map_free(&d->maps);
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
	*out = &d->base;
	return (0);
}
