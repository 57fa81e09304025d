/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An xz file decoded by liblzma's threaded decoder and handed to
 * libarchive as plain tar.  libarchive's own xz filter decodes on one
 * core; FreeBSD's release build writes base.txz with `xz -T0`, in blocks
 * that can be decoded side by side, so here a multi-block file uses up to
 * `jobs` cores.  A single-block file (what `xz` without -T writes) is
 * decoded in the calling thread by the same decoder, as fast as before.
 *
 * The decoder's memory (a block's input and output per thread) is bounded
 * by memlimit_threading: past it liblzma uses fewer threads, down to one,
 * and never refuses the file.  Errors are set on the archive, so that
 * whoever reads the member sees them with the source's name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <lzma.h>

#include "source_int.h"

#define XZ_INBUF	(1 << 20)

static const unsigned char xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };

struct xz_src {
	int		 fd;
	bool		 eof;		/* of the file */
	bool		 done;		/* of the xz data */
	lzma_stream	 strm;
	int64_t		 consumed;	/* compressed bytes fed to liblzma */
	unsigned char	 in[XZ_INBUF];
	unsigned char	 out[XZ_INBUF];
};

bool
xz_is_xz(const void *head, size_t n)
{
	return (n >= sizeof(xz_magic) &&
	    memcmp(head, xz_magic, sizeof(xz_magic)) == 0);
}

static const char *
xz_strerror(lzma_ret r)
{
	switch (r) {
	case LZMA_MEM_ERROR:	return ("out of memory");
	case LZMA_MEMLIMIT_ERROR: return ("memory limit reached");
	case LZMA_FORMAT_ERROR:	return ("not in the xz format");
	case LZMA_OPTIONS_ERROR: return ("unsupported compression options");
	case LZMA_DATA_ERROR:	return ("compressed data is corrupt");
	case LZMA_BUF_ERROR:	return ("unexpected end of input "
				    "(truncated file)");
	default:		return ("internal decoder error");
	}
}

static la_ssize_t
xz_read(struct archive *ar, void *arg, const void **buf)
{
	struct xz_src *x = arg;
	lzma_ret r;
	ssize_t n;

	*buf = x->out;
	if (x->done)
		return (0);
	x->strm.next_out = x->out;
	x->strm.avail_out = sizeof(x->out);
	while (x->strm.avail_out > 0) {
		if (x->strm.avail_in == 0 && !x->eof) {
			do
				n = read(x->fd, x->in, sizeof(x->in));
			while (n == -1 && errno == EINTR);
			if (n == -1) {
				archive_set_error(ar, errno, "xz: read error");
				return (-1);
			}
			x->eof = (n == 0);
			x->strm.next_in = x->in;
			x->strm.avail_in = (size_t)n;
			x->consumed += n;
		}
		r = lzma_code(&x->strm, x->eof ? LZMA_FINISH : LZMA_RUN);
		if (r == LZMA_STREAM_END) {
			x->done = true;
			break;
		}
		if (r != LZMA_OK) {
			/* errno 0: the message says it all */
			archive_set_error(ar, r == LZMA_MEM_ERROR ? ENOMEM : 0,
			    "xz: %s", xz_strerror(r));
			return (-1);
		}
	}
	return ((la_ssize_t)(sizeof(x->out) - x->strm.avail_out));
}

static int
xz_close(struct archive *ar, void *arg)
{
	struct xz_src *x = arg;

	(void)ar;
	lzma_end(&x->strm);	/* joins the decoder's threads */
	close(x->fd);
	free(x);
	return (ARCHIVE_OK);
}

int64_t
xz_consumed(const struct xz_src *x)
{
	return (x->consumed);
}

int
xz_open(struct archive *ar, const char *path, int jobs, uint64_t memlimit,
    struct xz_src **out)
{
	lzma_mt mt;
	struct xz_src *x;
	lzma_ret r;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		archive_set_error(ar, ENOMEM, "xz: out of memory");
		return (ARCHIVE_FATAL);
	}
	x->strm = (lzma_stream)LZMA_STREAM_INIT;
	if ((x->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		archive_set_error(ar, errno, "cannot open");
		free(x);
		return (ARCHIVE_FATAL);
	}
	if (jobs <= 1) {
		r = lzma_stream_decoder(&x->strm, UINT64_MAX,
		    LZMA_CONCATENATED);
	} else {
		memset(&mt, 0, sizeof(mt));
		mt.flags = LZMA_CONCATENATED;
		mt.threads = (uint32_t)jobs;
		mt.timeout = 0;		/* block until there is output */
		mt.memlimit_threading = memlimit;
		mt.memlimit_stop = UINT64_MAX;
		r = lzma_stream_decoder_mt(&x->strm, &mt);
	}
	if (r != LZMA_OK) {
		archive_set_error(ar, ENOMEM, "xz: %s", xz_strerror(r));
		close(x->fd);
		free(x);
		return (ARCHIVE_FATAL);
	}
	/* libarchive calls xz_close on failure too: x is its from here. */
	*out = x;
	return (archive_read_open(ar, x, NULL, xz_read, xz_close));
}
