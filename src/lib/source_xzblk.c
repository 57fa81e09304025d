/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Random access into a multi-block xz file through its index (issue 16):
 * the tar stream read from any offset, decoding only the blocks from the
 * one that holds the offset on.  A multi-block file's blocks are
 * independent (each starts with its own header and a fresh dictionary,
 * which is what lets `xz -T` compress and decode them side by side), and
 * its index, at the end of the file, says where each block lies in the
 * file and what range of the decoded stream it carries.
 *
 * The source cache (source_cache_blk.c) uses this when a later run needs
 * a member whose content it has not stored: instead of decoding the whole
 * base again, it decodes the blocks around that member.
 *
 * Nothing here trusts the file more than the sequential decoder does: the
 * index is checked by liblzma (its CRC32, and against the blocks' sizes
 * as they are decoded), every block's check (CRC or SHA-256) is verified,
 * and a block decoder's memory is bounded before it is made.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <archive.h>
#include <lzma.h>

#include "source_int.h"

#define XZB_IN		(64 * 1024)
/*
 * What one call hands libarchive: small, so that the read-ahead past the
 * last member a caller wants decodes little of the next block.
 */
#define XZB_OUT		(64 * 1024)

struct xz_blocks {
	int		 fd;
	lzma_index	*idx;
	uint64_t	 memlimit;	/* for one block's decoder */
	/* Over every reader, on any thread: updated atomically. */
	uint64_t	 started;	/* blocks whose decoding began */
	uint64_t	 decoded;	/* bytes of tar they produced */
};

struct xzb_reader {
	struct xz_blocks *xb;
	lzma_index_iter	 it;		/* the block being decoded */
	lzma_stream	 strm;
	bool		 active;	/* strm holds a block decoder */
	bool		 eof;		/* past the last block */
	uint64_t	 in_off;	/* next compressed byte of the block */
	uint64_t	 in_left;	/* compressed bytes of it not read */
	uint64_t	 skip;		/* decoded bytes still to drop */
	unsigned char	 in[XZB_IN];
	unsigned char	 out[XZB_OUT];
};

static int
pread_all(int fd, void *buf, size_t n, uint64_t off)
{
	unsigned char *p = buf;
	ssize_t r;

	while (n > 0) {
		r = pread(fd, p, n, (off_t)off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;	/* shorter than its index */
			return (-1);
		}
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return (0);
}

/* The file's index (every stream's, combined) by liblzma's file_info. */
static int
read_index(struct xz_blocks *xb, uint64_t fsize, lzma_index **idx)
{
	lzma_stream s = LZMA_STREAM_INIT;
	unsigned char *buf;
	uint64_t pos = 0;
	lzma_ret r;
	ssize_t n;

	if ((buf = malloc(XZB_IN)) == NULL)
		return (JT_ENOMEM);
	if (lzma_file_info_decoder(&s, idx, xb->memlimit, fsize) != LZMA_OK) {
		free(buf);
		return (JT_ENOMEM);
	}
	for (;;) {
		if (s.avail_in == 0) {
			do
				n = pread(xb->fd, buf, XZB_IN, (off_t)pos);
			while (n == -1 && errno == EINTR);
			if (n == -1)
				break;
			pos += (uint64_t)n;
			s.next_in = buf;
			s.avail_in = (size_t)n;
		}
		r = lzma_code(&s, s.avail_in == 0 ? LZMA_FINISH : LZMA_RUN);
		if (r == LZMA_SEEK_NEEDED) {
			pos = s.seek_pos;
			s.avail_in = 0;
			continue;
		}
		if (r == LZMA_STREAM_END) {
			lzma_end(&s);
			free(buf);
			return (0);
		}
		if (r != LZMA_OK)
			break;
	}
	lzma_end(&s);
	free(buf);
	return (JT_EFORMAT);
}

int
xzb_open(const char *path, uint64_t memlimit, struct xz_blocks **out)
{
	struct xz_blocks *xb;
	struct stat sb;
	int rc;

	*out = NULL;
	if ((xb = calloc(1, sizeof(*xb))) == NULL)
		return (JT_ENOMEM);
	xb->memlimit = memlimit;
	if ((xb->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(xb->fd, &sb) == -1) {
		rc = JT_EIO;
		goto fail;
	}
	if ((rc = read_index(xb, (uint64_t)sb.st_size, &xb->idx)) != 0)
		goto fail;
	if (lzma_index_block_count(xb->idx) < 2) {
		rc = 1;		/* one block: nothing to skip */
		goto fail;
	}
	*out = xb;
	return (0);
fail:
	xzb_free(xb);
	return (rc);
}

void
xzb_free(struct xz_blocks *xb)
{
	if (xb == NULL)
		return;
	if (xb->idx != NULL)
		lzma_index_end(xb->idx, NULL);
	if (xb->fd != -1)
		close(xb->fd);
	free(xb);
}

uint64_t
xzb_nblocks(const struct xz_blocks *xb)
{
	return (lzma_index_block_count(xb->idx));
}

uint64_t
xzb_size(const struct xz_blocks *xb)
{
	return (lzma_index_uncompressed_size(xb->idx));
}

bool
xzb_locate(const struct xz_blocks *xb, uint64_t upos, uint64_t *ustart,
    uint64_t *uend)
{
	lzma_index_iter it;

	lzma_index_iter_init(&it, xb->idx);
	if (lzma_index_iter_locate(&it, upos))
		return (false);		/* past the end */
	*ustart = it.block.uncompressed_file_offset;
	*uend = *ustart + it.block.uncompressed_size;
	return (true);
}

void
xzb_stats(const struct xz_blocks *xb, uint64_t *blocks, uint64_t *bytes)
{
	*blocks = xb->started;
	*bytes = xb->decoded;
}

/* Begin decoding the block r->it names. */
static int
start_block(struct archive *ar, struct xzb_reader *r)
{
	lzma_filter filters[LZMA_FILTERS_MAX + 1];
	unsigned char hdr[LZMA_BLOCK_HEADER_SIZE_MAX];
	lzma_block block;
	uint64_t off = r->it.block.compressed_file_offset;
	lzma_ret ret;
	uint64_t mem;

	memset(&block, 0, sizeof(block));
	block.version = 1;
	block.check = r->it.stream.flags->check;
	block.filters = filters;
	if (pread_all(r->xb->fd, hdr, 1, off) != 0)
		goto ioerr;
	block.header_size = lzma_block_header_size_decode(hdr[0]);
	if (hdr[0] == 0 || block.header_size > r->it.block.total_size)
		goto bad;
	if (pread_all(r->xb->fd, hdr + 1, block.header_size - 1, off + 1) != 0)
		goto ioerr;
	if (lzma_block_header_decode(&block, NULL, hdr) != LZMA_OK)
		goto bad;
	ret = lzma_block_compressed_size(&block, r->it.block.unpadded_size);
	mem = lzma_raw_decoder_memusage(filters);
	if (ret == LZMA_OK && mem != UINT64_MAX && mem <= r->xb->memlimit)
		ret = lzma_block_decoder(&r->strm, &block);
	else if (ret == LZMA_OK)
		ret = LZMA_MEMLIMIT_ERROR;
	lzma_filters_free(filters, NULL);
	if (ret == LZMA_MEMLIMIT_ERROR) {
		archive_set_error(ar, ENOMEM, "xz: block at %ju needs more "
		    "memory than the budget allows", (uintmax_t)off);
		return (-1);
	}
	if (ret != LZMA_OK)
		goto bad;
	r->active = true;
	r->in_off = off + block.header_size;
	r->in_left = r->it.block.total_size - block.header_size;
	__atomic_add_fetch(&r->xb->started, 1, __ATOMIC_RELAXED);
	return (0);
ioerr:
	archive_set_error(ar, errno, "xz: read error");
	return (-1);
bad:
	archive_set_error(ar, 0, "xz: the block at %ju is corrupt",
	    (uintmax_t)off);
	return (-1);
}

static la_ssize_t
xzb_read(struct archive *ar, void *arg, const void **buf)
{
	struct xzb_reader *r = arg;
	size_t got = 0;
	lzma_ret ret;

	*buf = r->out;
	while (got == 0 && !r->eof) {
		if (!r->active && start_block(ar, r) != 0)
			return (-1);
		r->strm.next_out = r->out;
		r->strm.avail_out = sizeof(r->out);
		while (r->strm.avail_out > 0) {
			if (r->strm.avail_in == 0 && r->in_left > 0) {
				size_t n = r->in_left < XZB_IN ?
				    (size_t)r->in_left : XZB_IN;

				if (pread_all(r->xb->fd, r->in, n,
				    r->in_off) != 0) {
					archive_set_error(ar, errno,
					    "xz: read error");
					return (-1);
				}
				r->strm.next_in = r->in;
				r->strm.avail_in = n;
				r->in_off += n;
				r->in_left -= n;
			}
			ret = lzma_code(&r->strm, r->in_left == 0 ?
			    LZMA_FINISH : LZMA_RUN);
			if (ret == LZMA_STREAM_END) {
				r->active = false;
				/* true: that was the last block */
				r->eof = lzma_index_iter_next(&r->it,
				    LZMA_INDEX_ITER_BLOCK);
				break;
			}
			if (ret != LZMA_OK) {
				archive_set_error(ar, ret == LZMA_MEM_ERROR ?
				    ENOMEM : 0, "xz: the block at %ju is "
				    "corrupt", (uintmax_t)
				    r->it.block.compressed_file_offset);
				return (-1);
			}
		}
		got = sizeof(r->out) - r->strm.avail_out;
		__atomic_add_fetch(&r->xb->decoded, got, __ATOMIC_RELAXED);
		if (r->skip >= got) {
			r->skip -= got;
			got = 0;
		} else if (r->skip > 0) {
			*buf = r->out + r->skip;
			got -= (size_t)r->skip;
			r->skip = 0;
		}
	}
	return ((la_ssize_t)got);
}

static int
xzb_close(struct archive *ar, void *arg)
{
	struct xzb_reader *r = arg;

	(void)ar;
	lzma_end(&r->strm);
	free(r);
	return (ARCHIVE_OK);
}

int
xzb_archive_open(struct archive *ar, struct xz_blocks *xb, uint64_t upos)
{
	struct xzb_reader *r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		archive_set_error(ar, ENOMEM, "xz: out of memory");
		return (ARCHIVE_FATAL);
	}
	r->xb = xb;
	r->strm = (lzma_stream)LZMA_STREAM_INIT;
	lzma_index_iter_init(&r->it, xb->idx);
	if (lzma_index_iter_locate(&r->it, upos)) {
		free(r);
		archive_set_error(ar, 0, "xz: offset %ju is past the end",
		    (uintmax_t)upos);
		return (ARCHIVE_FATAL);
	}
	r->skip = upos - r->it.block.uncompressed_file_offset;
	return (archive_read_open(ar, r, NULL, xzb_read, xzb_close));
}
