/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The spool of an archive layer: the contents it keeps, in an unlinked
 * file in $TMPDIR (O_TMPFILE where the file system has it, else mkstemp
 * and unlink at once), so that memory does not grow with the size of the
 * base, and nothing is left behind however the process ends.  The page
 * cache holds what was written recently; a member is read back only when
 * it is asked for (source_archive.c).
 *
 * While an archive is read, the writes go through a writer thread
 * (spool_async): the reading thread copies into one of a few buffers and
 * goes on decoding while the kernel's part of the write (page cache, file
 * system) runs on another core.  A single-block xz is decoded on one
 * core, so this takes the spool off the path that sets the build's time.
 * Offsets are given out in order as bytes are queued and the writer
 * appends in the same order, so an offset means the same either way.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source_int.h"

int
spool_open(struct spool *sp, const char *spec, struct jt_err *err)
{
	const char *dir = getenv("TMPDIR");
	char path[PATH_MAX];
	int fd = -1;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (fd == -1) {
		if ((size_t)snprintf(path, sizeof(path), "%s/jailtrim.XXXXXX",
		    dir) >= sizeof(path))
			return (jt_err_set(err, JT_EINVAL, 0, dir,
			    "TMPDIR is too long"));
		if ((fd = mkostemp(path, O_CLOEXEC)) == -1)
			return (jt_err_set(err, JT_EIO, errno, dir, "cannot "
			    "create a spool file for %s (set TMPDIR)", spec));
		(void)unlink(path);
	}
	sp->fd = fd;
	sp->size = 0;
	return (0);
}

#define WBUF	(1 << 20)
#define NWBUF	4

struct spool_writer {
	pthread_t	 thr;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 fd;
	int64_t		 off;		/* where the next buffer goes */
	unsigned char	*buf[NWBUF];
	size_t		 len[NWBUF];
	/*
	 * Queued: nq buffers from tail on (tail: the writer's alone).  The
	 * reading thread fills buf[cur] (cur and fill: its alone), which is
	 * never queued: it waits while all the others are.
	 */
	unsigned	 tail, nq, cur;
	size_t		 fill;
	bool		 stop;
	int		 error;		/* errno of a failed write, or 0 */
};

/* All of buf to fd at off; 0 or an errno. */
static int
write_all(int fd, const void *buf, size_t n, int64_t off)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		w = pwrite(fd, p, n, (off_t)off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return (w == -1 ? errno : ENOSPC);
		p += w;
		n -= (size_t)w;
		off += w;
	}
	return (0);
}

static void *
writer_main(void *arg)
{
	struct spool_writer *w = arg;
	unsigned i;
	int e;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->nq == 0 && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->nq == 0)
			break;
		i = w->tail;
		pthread_mutex_unlock(&w->mu);
		e = w->error == 0 ? write_all(w->fd, w->buf[i], w->len[i],
		    w->off) : 0;
		w->off += (int64_t)w->len[i];
		pthread_mutex_lock(&w->mu);
		if (e != 0 && w->error == 0)
			w->error = e;
		w->tail = (w->tail + 1) % NWBUF;
		w->nq--;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return (NULL);
}

static void
writer_free(struct spool_writer *w)
{
	for (int i = 0; i < NWBUF; i++)
		free(w->buf[i]);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
}

/* A writer for sp, or none (then writes are synchronous): no error. */
static void
writer_start(struct spool *sp)
{
	struct spool_writer *w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return;
	w->fd = sp->fd;
	w->off = sp->size;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	for (int i = 0; i < NWBUF; i++)
		if ((w->buf[i] = malloc(WBUF)) == NULL) {
			writer_free(w);
			return;
		}
	if (pthread_create(&w->thr, NULL, writer_main, w) != 0) {
		writer_free(w);
		return;
	}
	sp->w = w;
}

/* Queue the buffer being filled; 0 or the errno of an earlier write. */
static int
writer_queue(struct spool_writer *w)
{
	int e;

	pthread_mutex_lock(&w->mu);
	while (w->nq == NWBUF - 1 && w->error == 0)
		pthread_cond_wait(&w->cv, &w->mu);
	if ((e = w->error) == 0) {
		w->len[w->cur] = w->fill;
		w->nq++;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return (e);
}

/* Everything queued written, the thread gone; 0 or an errno. */
static int
writer_stop(struct spool *sp)
{
	struct spool_writer *w = sp->w;
	int e = 0;

	if (w == NULL)
		return (0);
	if (w->fill > 0)
		e = writer_queue(w);
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thr, NULL);
	if (e == 0)
		e = w->error;
	writer_free(w);
	sp->w = NULL;
	return (e);
}

int
spool_write(struct spool *sp, const void *buf, size_t n, const char *spec,
    const char *path, struct jt_err *err)
{
	struct spool_writer *w = sp->w;
	const unsigned char *p = buf;
	int e = 0;

	if (sp->async && w == NULL)
		writer_start(sp);
	if ((w = sp->w) == NULL) {
		e = write_all(sp->fd, buf, n, sp->size);
		if (e == 0)
			sp->size += (int64_t)n;
	}
	while (w != NULL && n > 0 && e == 0) {
		/* The one being filled: no other thread touches it. */
		unsigned char *dst = w->buf[w->cur];
		size_t c = WBUF - w->fill < n ? WBUF - w->fill : n;

		memcpy(dst + w->fill, p, c);
		w->fill += c;
		p += c;
		n -= c;
		sp->size += (int64_t)c;
		if (w->fill == WBUF && (e = writer_queue(w)) == 0) {
			w->cur = (w->cur + 1) % NWBUF;
			w->fill = 0;
		}
	}
	if (e != 0)
		return (jt_err_set(err, JT_EIO, e, spec, "spooling %s to a "
		    "file in TMPDIR", path));
	return (0);
}

int64_t
spool_reserve(struct spool *sp, size_t n)
{
	int64_t off = sp->size;

	sp->size += (int64_t)n;
	return (off);
}

int
spool_pwrite(const struct spool *sp, const void *buf, size_t n, int64_t off)
{
	int e = write_all(sp->fd, buf, n, off);

	if (e != 0)
		errno = e;
	return (e != 0 ? -1 : 0);
}

int
spool_sync(struct spool *sp, const char *spec, struct jt_err *err)
{
	int e;

	sp->async = false;
	if ((e = writer_stop(sp)) != 0)
		return (jt_err_set(err, JT_EIO, e, spec, "spooling to a file "
		    "in TMPDIR"));
	return (0);
}

int
spool_pread(const struct spool *sp, void *buf, size_t n, int64_t off)
{
	char *p = buf;
	ssize_t r;

	while (n > 0) {
		r = pread(sp->fd, p, n, (off_t)off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return (-1);
		}
		p += r;
		n -= (size_t)r;
		off += r;
	}
	return (0);
}

void
spool_close(struct spool *sp)
{
	(void)writer_stop(sp);
	if (sp->fd != -1)
		close(sp->fd);
	sp->fd = -1;
}
