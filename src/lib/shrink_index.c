/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The index a shrink's backup ends with, and the key that signs it.
 *
 * A restore writes whatever its archive holds into a jail, as root: a
 * device node, a setuid file, a file capability in an xattr.  The backup
 * could only have held what the jail held, but nothing in a tar file says
 * who wrote it, and an index inside the archive alone proves nothing
 * either: whoever can change the archive can change its index.  So the
 * index is signed, HMAC-SHA256 under a key that stays on the host
 * (readable by root only, never in the backup or the jail), and a
 * restore puts back only members the signed index records exactly:
 * type, mode, owner, device numbers, size, link targets, file flags,
 * xattrs, ACLs and the SHA-256 of the content.  A backup from another
 * host verifies with that host's key; --unsigned takes the archive's
 * word for it, and still refuses members its own index does not list.
 *
 * The index also records what the restore checks the jail against
 * before it writes anything (shrink_verify.c): the kept directories above
 * removed entries and the kept files removed hard links join.
 *
 *	jailtrim-backup-index 1
 *	r SHA256|- RUNS|- FACTS		a removed entry
 *	p - - FACTS			a kept directory above removed entries
 *	k SHA256 MODE UID GID NAME	a kept file a removed hard link joins
 *	mac HMAC|-			over every byte before this line
 *
 * FACTS is shrink_facts()'s text, names escaped as %XX; SHA256 is the
 * content's, what the jail's file is compared with; RUNS the
 * shrink_digest() of it, what the archive's member is held to.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <sha256.h>

#include "jailtrim/shrink.h"
#include "shrink_int.h"

#define INDEX_HEADER	"jailtrim-backup-index 1\n"

void
shrink_buf_printf(struct shrink_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	for (;;) {
		if (b->oom)
			return;
		va_start(ap, fmt);
		n = vsnprintf(b->p != NULL ? b->p + b->n : NULL, b->cap - b->n,
		    fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if ((size_t)n < b->cap - b->n) {
			b->n += (size_t)n;
			return;
		}
		if ((p = realloc(b->p, b->cap * 2 + (size_t)n + 64)) == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = b->cap * 2 + (size_t)n + 64;
	}
}

void
shrink_buf_add(struct shrink_buf *b, const void *data, size_t len)
{
	char *p;

	if (b->oom || len == 0)
		return;
	if (b->cap - b->n < len + 1) {
		if ((p = realloc(b->p, b->cap * 2 + len + 64)) == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = b->cap * 2 + len + 64;
	}
	memcpy(b->p + b->n, data, len);
	b->n += len;
	b->p[b->n] = '\0';
}

/* Bytes that would split or hide a field, as %XX. */
void
shrink_buf_esc(struct shrink_buf *b, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c != '\0';
	    c++)
		if (*c <= ' ' || *c >= 0x7f || *c == '%')
			shrink_buf_printf(b, "%%%02X", *c);
		else
			shrink_buf_printf(b, "%c", *c);
}

void
shrink_buf_free(struct shrink_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static int
unhex(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

/* In place; false on a malformed escape or an escaped NUL. */
static bool
unescape(char *s)
{
	char *o = s;
	int h, l;

	for (; *s != '\0'; s++) {
		if (*s != '%') {
			*o++ = *s;
			continue;
		}
		if ((h = unhex(s[1])) < 0 || (l = unhex(s[2])) < 0 ||
		    (h | l) == 0)
			return (false);
		*o++ = (char)(h << 4 | l);
		s += 2;
	}
	*o = '\0';
	return (true);
}

void
shrink_hex(const unsigned char d[SHRINK_SHA_LEN], char out[SHRINK_HEX_LEN])
{
	for (size_t i = 0; i < SHRINK_SHA_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void
put64(SHA256_CTX *c, int64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * i));
	SHA256_Update(c, b, sizeof(b));
}

void
shrink_digest_init(struct shrink_digest *d)
{
	memset(d, 0, sizeof(*d));
	SHA256_Init(&d->data);
	SHA256_Init(&d->map);
}

/* Blocks in order; one that does not follow the last starts a run. */
void
shrink_digest_add(struct shrink_digest *d, int64_t off, const void *buf,
    size_t len)
{
	if (len == 0)
		return;
	if (d->open && off != d->end) {
		put64(&d->map, d->start);
		put64(&d->map, d->end);
		d->open = false;
	}
	if (!d->open) {
		d->start = d->end = off;
		d->open = true;
	}
	SHA256_Update(&d->data, buf, len);
	d->end += (int64_t)len;
}

void
shrink_digest_end(struct shrink_digest *d, int64_t size,
    char hex[SHRINK_HEX_LEN])
{
	unsigned char m[SHRINK_SHA_LEN], b[SHRINK_SHA_LEN];
	SHA256_CTX c;

	if (d->open) {
		put64(&d->map, d->start);
		put64(&d->map, d->end);
	}
	SHA256_Final(m, &d->map);
	SHA256_Final(b, &d->data);
	SHA256_Init(&c);
	SHA256_Update(&c, m, sizeof(m));
	SHA256_Update(&c, b, sizeof(b));
	put64(&c, size);
	SHA256_Final(m, &c);
	shrink_hex(m, hex);
}

/* RFC 2104 over SHA-256. */
void
shrink_hmac(const unsigned char *key, size_t klen, const void *msg,
    size_t len, unsigned char out[SHRINK_SHA_LEN])
{
	unsigned char k[64], pad[64], inner[SHRINK_SHA_LEN];
	SHA256_CTX c;

	memset(k, 0, sizeof(k));
	if (klen > sizeof(k)) {
		SHA256_Init(&c);
		SHA256_Update(&c, key, klen);
		SHA256_Final(k, &c);
	} else if (klen > 0)
		memcpy(k, key, klen);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	SHA256_Init(&c);
	SHA256_Update(&c, pad, sizeof(pad));
	SHA256_Update(&c, msg, len);
	SHA256_Final(inner, &c);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	SHA256_Init(&c);
	SHA256_Update(&c, pad, sizeof(pad));
	SHA256_Update(&c, inner, sizeof(inner));
	SHA256_Final(out, &c);
}

struct xa {
	const char	*name;
	const void	*val;
	size_t		 len;
};

static int
cmp_xa(const void *a, const void *b)
{
	const struct xa *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	size_t n = x->len < y->len ? x->len : y->len;

	if (c == 0 && n > 0)
		c = memcmp(x->val, y->val, n);
	return (c != 0 ? c : (x->len > y->len) - (x->len < y->len));
}

/*
 * File flags, xattrs and ACLs, as one digest.  The flags as their text,
 * which is what tar stores; xattrs sorted, each pair once (a reader may
 * see one from both the LIBARCHIVE and the SCHILY pax keys).
 */
static int
meta_digest(struct archive_entry *ae, char hex[SHRINK_HEX_LEN])
{
	unsigned char d[SHRINK_SHA_LEN];
	const char *ff = archive_entry_fflags_text(ae), *name;
	struct xa *v = NULL;
	size_t n = 0, len;
	const void *val;
	char *acl;
	SHA256_CTX c;

	SHA256_Init(&c);
	if (ff == NULL)
		ff = "";
	SHA256_Update(&c, (const unsigned char *)ff, strlen(ff) + 1);
	if ((n = (size_t)archive_entry_xattr_reset(ae)) > 0 &&
	    (v = calloc(n, sizeof(*v))) == NULL)
		return (JT_ENOMEM);
	for (size_t i = 0; i < n; i++)
		if (archive_entry_xattr_next(ae, &name, &val, &len) !=
		    ARCHIVE_OK) {
			n = i;
			break;
		} else {
			v[i].name = name;
			v[i].val = val;
			v[i].len = len;
		}
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_xa);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && cmp_xa(&v[i - 1], &v[i]) == 0)
			continue;
		SHA256_Update(&c, (const unsigned char *)v[i].name,
		    strlen(v[i].name) + 1);
		SHA256_Update(&c, (const void *)&v[i].len, sizeof(v[i].len));
		if (v[i].len > 0)
			SHA256_Update(&c, v[i].val, v[i].len);
	}
	free(v);
	acl = archive_entry_acl_to_text(ae, NULL, 0);
	if (acl != NULL)
		SHA256_Update(&c, (const unsigned char *)acl, strlen(acl));
	free(acl);
	SHA256_Final(d, &c);
	shrink_hex(d, hex);
	return (0);
}

/* A member's name as the index keys it: no trailing '/' (tar adds one). */
void
shrink_member_name(const char *name, struct shrink_buf *b)
{
	size_t len = strlen(name);

	while (len > 1 && name[len - 1] == '/')
		len--;
	shrink_buf_printf(b, "%.*s", (int)len, name);
}

int
shrink_facts(struct archive_entry *ae, struct shrink_buf *out)
{
	const char *hl = archive_entry_hardlink(ae);
	const char *sl = archive_entry_symlink(ae);
	struct shrink_buf nm = { 0 };
	char hex[SHRINK_HEX_LEN], type;
	int64_t size = 0;
	int rc;

	switch (archive_entry_filetype(ae)) {
	case AE_IFREG:
		type = 'f';
		size = archive_entry_size(ae);
		break;
	case AE_IFDIR:
		type = 'd';
		break;
	case AE_IFLNK:
		type = 'l';
		break;
	case AE_IFCHR:
		type = 'c';
		break;
	case AE_IFBLK:
		type = 'b';
		break;
	case AE_IFIFO:
		type = 'i';
		break;
	default:
		type = '?';
		break;
	}
	if (hl != NULL) {	/* a tar hard link has no content of its own */
		type = 'h';
		size = 0;
	}
	if ((rc = meta_digest(ae, hex)) != 0)
		return (rc);
	shrink_member_name(archive_entry_pathname(ae), &nm);
	shrink_buf_printf(out, "%c %o %jd %jd %ju:%ju %jd %s ", type,
	    (unsigned)archive_entry_perm(ae) & 07777,
	    (intmax_t)archive_entry_uid(ae), (intmax_t)archive_entry_gid(ae),
	    type == 'c' || type == 'b' ?
	    (uintmax_t)archive_entry_rdevmajor(ae) : 0,
	    type == 'c' || type == 'b' ?
	    (uintmax_t)archive_entry_rdevminor(ae) : 0, (intmax_t)size, hex);
	shrink_buf_esc(out, nm.oom ? "" : nm.p);
	if (type == 'h' || (type == 'l' && sl != NULL)) {
		shrink_buf_printf(out, " =");
		shrink_buf_esc(out, type == 'h' ? hl : sl);
	} else
		shrink_buf_printf(out, " -");
	rc = nm.oom || out->oom ? JT_ENOMEM : 0;
	shrink_buf_free(&nm);
	return (rc);
}

/* --- the parsed index --- */

static void
ient_free(struct shrink_ient *e)
{
	free(e->name);
	free(e->link);
	free(e->facts);
}

void
shrink_index_free(struct shrink_index *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		ient_free(&ix->v[i]);
	free(ix->v);
	map_free(&ix->byname);
	memset(ix, 0, sizeof(*ix));
}

static int
bad(const char *archive, size_t line, const char *why, struct jt_err *err)
{
	return (jt_err_set(err, JT_EFORMAT, 0, archive, "its index, line %zu: "
	    "%s", line, why));
}

/* A permission mode in octal, range-checked before any narrowing. */
static bool
parse_mode(const char *s, unsigned *mode)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '7')
		return (false);		/* no sign, no blank */
	v = strtoul(s, &end, 8);
	if (*end != '\0' || v > 07777)
		return (false);
	*mode = (unsigned)v;
	return (true);
}

/* The fields of FACTS, into e; the text itself kept for comparison. */
static bool
parse_facts(struct shrink_ient *e, char *facts)
{
	char *f[9], *save = NULL, *p, *end;
	uintmax_t maj, min;
	size_t n = 0;

	if ((e->facts = strdup(facts)) == NULL)
		return (false);
	for (p = strtok_r(facts, " ", &save); p != NULL && n < 9;
	    p = strtok_r(NULL, " ", &save))
		f[n++] = p;
	if (n != 9 || p != NULL || strlen(f[0]) != 1 ||
	    strchr("fhdlcbi", f[0][0]) == NULL)
		return (false);
	e->type = f[0][0];
	if (!parse_mode(f[1], &e->mode))
		return (false);
	e->uid = strtoll(f[2], &end, 10);
	if (*end != '\0')
		return (false);
	e->gid = strtoll(f[3], &end, 10);
	if (*end != '\0' || sscanf(f[4], "%ju:%ju", &maj, &min) != 2)
		return (false);
	e->rdevmajor = maj;
	e->rdevminor = min;
	e->size = strtoll(f[5], &end, 10);
	if (*end != '\0' || e->size < 0 || (e->name = strdup(f[7])) == NULL ||
	    !unescape(e->name) || e->name[0] == '\0')
		return (false);
	if (f[8][0] == '=')
		return ((e->link = strdup(f[8] + 1)) != NULL &&
		    unescape(e->link));
	return (strcmp(f[8], "-") == 0);
}

/* "k SHA MODE UID GID NAME" */
static bool
parse_kept(struct shrink_ient *e, char *rest)
{
	char *f[4], *save = NULL, *p, *end;
	size_t n = 0;

	for (p = strtok_r(rest, " ", &save); p != NULL && n < 4;
	    p = strtok_r(NULL, " ", &save))
		f[n++] = p;
	if (n != 4 || p != NULL)
		return (false);
	e->type = 'f';
	if (!parse_mode(f[0], &e->mode))
		return (false);
	e->uid = strtoll(f[1], &end, 10);
	if (*end != '\0')
		return (false);
	e->gid = strtoll(f[2], &end, 10);
	if (*end != '\0' || (e->name = strdup(f[3])) == NULL)
		return (false);
	return (unescape(e->name) && e->name[0] != '\0');
}

/* "-" or 64 lowercase hex digits. */
static bool
digest(const char *s)
{
	return (strcmp(s, "-") == 0 || (strlen(s) == 64 &&
	    strspn(s, "0123456789abcdef") == 64));
}

static int
parse_line(struct shrink_index *ix, char *line, size_t no,
    const char *archive, struct jt_err *err)
{
	struct shrink_ient *e, *v;
	char *sp;

	if (ix->n == ix->cap) {
		size_t cap = ix->cap > 0 ? ix->cap * 2 : 256;

		if ((v = reallocarray(ix->v, cap, sizeof(*v))) == NULL)
			return (jt_err_set(err, JT_ENOMEM, errno, archive,
			    "index"));
		ix->v = v;
		ix->cap = cap;
	}
	e = &ix->v[ix->n];
	memset(e, 0, sizeof(*e));
	if (line[0] == '\0' || strchr("rpks", line[0]) == NULL ||
	    line[1] != ' ' || (sp = strchr(line + 2, ' ')) == NULL)
		return (bad(archive, no, "not an entry", err));
	*sp = '\0';
	e->kind = line[0];
	if (!digest(line + 2))
		return (bad(archive, no, "not a digest", err));
	snprintf(e->sha, sizeof(e->sha), "%s", line + 2);
	snprintf(e->runs, sizeof(e->runs), "-");
	if (e->kind != 'k') {
		line = sp + 1;
		if ((sp = strchr(line, ' ')) == NULL)
			return (bad(archive, no, "not an entry", err));
		*sp = '\0';
		if (!digest(line))
			return (bad(archive, no, "not a digest", err));
		snprintf(e->runs, sizeof(e->runs), "%s", line);
	}
	ix->n++;	/* freed with the index from here on */
	if (!(e->kind == 'k' ? parse_kept(e, sp + 1) : parse_facts(e, sp + 1)))
		return (bad(archive, no, "malformed", err));
	return (0);
}

/* By name, once the array no longer moves. */
static int
index_names(struct shrink_index *ix, const char *archive, struct jt_err *err)
{
	for (size_t i = 0; i < ix->n; i++) {
		if (ix->v[i].kind == 'k')
			continue;
		if (map_get(&ix->byname, ix->v[i].name) != NULL)
			return (jt_err_set(err, JT_EFORMAT, 0, archive, "its "
			    "index lists \"%s\" twice", ix->v[i].name));
		if (map_put(&ix->byname, ix->v[i].name, &ix->v[i]) != 0)
			return (jt_err_set(err, JT_ENOMEM, errno, archive,
			    "index"));
	}
	return (0);
}

/*
 * text (len bytes, not terminated) into ix.  *signed_ok tells whether its
 * mac verifies with key (never without one).
 */
int
shrink_index_parse(struct shrink_index *ix, const char *text, size_t len,
    const unsigned char *key, size_t klen, bool *signed_ok,
    const char *archive, struct jt_err *err)
{
	unsigned char mac[SHRINK_SHA_LEN];
	char hex[SHRINK_HEX_LEN], *buf, *line, *nl;
	size_t no = 1, maclen;
	int rc = 0;

	memset(ix, 0, sizeof(*ix));
	*signed_ok = false;
	if (len < strlen(INDEX_HEADER) || memcmp(text, INDEX_HEADER,
	    strlen(INDEX_HEADER)) != 0 || memchr(text, '\0', len) != NULL)
		return (jt_err_set(err, JT_EFORMAT, 0, archive, "its index is "
		    "not a jailtrim backup index (version 1)"));
	if ((buf = malloc(len + 1)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, archive, "index"));
	memcpy(buf, text, len);
	buf[len] = '\0';
	line = buf + strlen(INDEX_HEADER);
	for (;; line = nl + 1) {
		no++;
		if ((nl = strchr(line, '\n')) == NULL) {
			rc = bad(archive, no, "ends without a mac line", err);
			break;
		}
		*nl = '\0';
		if (strncmp(line, "mac ", 4) != 0) {
			if ((rc = parse_line(ix, line, no, archive, err)) != 0)
				break;
			continue;
		}
		if (nl + 1 != buf + len) {
			rc = bad(archive, no, "text after the mac line", err);
			break;
		}
		maclen = (size_t)(line - buf);
		if (key != NULL) {
			shrink_hmac(key, klen, text, maclen, mac);
			shrink_hex(mac, hex);
			*signed_ok = strcmp(line + 4, hex) == 0;
		}
		break;
	}
	free(buf);
	if (rc == 0)
		rc = index_names(ix, archive, err);
	if (rc != 0)
		shrink_index_free(ix);
	return (rc);
}

/* --- the host's key --- */

static int
key_read(int fd, const char *path, unsigned char key[JT_BACKUP_KEY_LEN],
    struct jt_err *err)
{
	struct stat st;
	ssize_t n = 0;

	if (fstat(fd, &st) != 0)
		return (jt_err_set(err, JT_EIO, errno, path, "cannot stat the "
		    "backup key"));
	/* whoever could read it could sign a backup */
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0 || st.st_nlink != 1)
		return (jt_err_set(err, JT_EINVAL, 0, path, "the backup key "
		    "must be a regular file of yours, with one name, that "
		    "no one else can read or write (mode 0600)"));
	/* exactly a key: not the head of some other file linked here */
	if (st.st_size != JT_BACKUP_KEY_LEN ||
	    (n = read(fd, key, JT_BACKUP_KEY_LEN)) != JT_BACKUP_KEY_LEN)
		return (jt_err_set(err, JT_EFORMAT, n < 0 ? errno : 0, path,
		    "the backup key is not %d bytes", JT_BACKUP_KEY_LEN));
	return (0);
}

/* A new key, random, 0600, in a directory made 0700 if need be. */
static int
key_create(const char *path, unsigned char key[JT_BACKUP_KEY_LEN],
    struct jt_err *err)
{
	char dir[PATH_MAX];
	int fd, rc = 0;

	path_dirname(dir, sizeof(dir), path);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return (jt_err_set(err, JT_EIO, errno, dir, "cannot make the "
		    "backup key's directory"));
	if (getentropy(key, JT_BACKUP_KEY_LEN) != 0)
		return (jt_err_set(err, JT_EIO, errno, path, "no randomness "
		    "for a backup key"));
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1)
		return (jt_err_set(err, JT_EIO, errno, path, "cannot create "
		    "the backup key"));
	if (write(fd, key, JT_BACKUP_KEY_LEN) != JT_BACKUP_KEY_LEN ||
	    fsync(fd) != 0)
		rc = jt_err_set(err, JT_EIO, errno, path, "cannot write the "
		    "backup key");
	close(fd);
	if (rc != 0)
		unlink(path);
	return (rc);
}

int
jt_backup_key(const char *path, bool create,
    unsigned char key[JT_BACKUP_KEY_LEN], struct jt_err *err)
{
	int fd, rc;

	if (path == NULL)
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "no backup key"));
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT && create)
			return (key_create(path, key, err));
		return (jt_err_set(err, errno == ENOENT ? JT_ENOENT : JT_EIO,
		    errno, path, "cannot open the backup key"));
	}
	rc = key_read(fd, path, key, err);
	close(fd);
	return (rc);
}
