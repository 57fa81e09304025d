/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A FreeBSD jail's accounts and ids: the pruned account files, the id
 * range pw(8) allocates from (/etc/pw.conf), the service accounts moved
 * into that range with the owners of their files, and root's password.
 * A jail whose service uids are its own shares no file with the host or
 * another jail by accident of a package's fixed uid.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jailtrim/accounts.h"
#include "jailtrim/hostfile.h"
#include "build_int.h"

static bool
id_word(const char *s, uint32_t *out)
{
	unsigned long long v = 0;

	if (s[0] == '\0' || strspn(s, "0123456789") != strlen(s) ||
	    strlen(s) > 10)
		return (false);
	for (; *s != '\0'; s++)
		v = v * 10 + (unsigned)(*s - '0');
	if (v > UINT32_MAX)
		return (false);
	*out = (uint32_t)v;
	return (true);
}

int
jt_uid_range_parse(const char *first, const char *count, uint32_t *f,
    uint32_t *c, struct jt_err *err)
{
	if (!id_word(first, f) || !id_word(count, c) || *f == 0 || *c == 0 ||
	    (uint64_t)*f + *c - 1 > UINT32_MAX - 1)
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "bad uid range "
		    "'%s %s': FIRST COUNT, two numbers above 0, the last id "
		    "FIRST+COUNT-1 below 4294967295", first, count));
	return (0);
}

int
jt_build_set_ids(struct jt_build *b, uint32_t first, uint32_t count,
    bool renumber, struct jt_err *err)
{
	if (jt_build_platform(b) != JT_PLAT_FREEBSD)
		return (jt_err_set(err, JT_EUNSUPP, 0, NULL, "uid-range: only "
		    "for FreeBSD roots (pw.conf(5)); a Linux root's useradd "
		    "reads /etc/login.defs, which jailtrim does not write"));
	if (count == 0 || first == 0 || (uint64_t)first + count - 1 > UINT32_MAX - 1)
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "uid-range: %u ids "
		    "from %u: give FIRST above 0 and COUNT above 0 with "
		    "FIRST+COUNT-1 below 4294967295", count, first));
	b->has_range = true;
	b->id_first = first;
	b->id_count = count;
	b->renumber = renumber;
	return (0);
}

const struct jt_acct_move *
jt_build_renumbered(const struct jt_build *b, size_t *n)
{
	*n = b->moves.n;
	return (b->moves.v);
}

/* The part of a crypt(3) hash after "$id$": salt, rounds, the hash. */
static bool
crypt_chars(const char *s)
{
	return (strspn(s, "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz$=,") == strlen(s));
}

/* "$id$salt$hash": an id of 1 to 4 of [0-9a-z], 3 '$' at least. */
static bool
crypt_id(const char *s)
{
	size_t id = strspn(s + 1, "0123456789abcdefghijklmnopqrstuvwxyz");
	size_t dollars = 0;

	for (const char *c = s; *c != '\0'; c++)
		dollars += *c == '$';
	return (id >= 1 && id <= 4 && s[1 + id] == '$' && dollars >= 3);
}

int
jt_rootpw_check(const char *text, size_t len, char **hash,
    struct jt_err *err)
{
	static const char b64[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz";
	char buf[512];
	size_t n;

	*hash = NULL;
	/* one line: a final newline, nothing after it */
	n = len;
	if (n > 0 && text[n - 1] == '\n')
		n--;
	if (n == 0 || n >= sizeof(buf) || memchr(text, '\n', n) != NULL ||
	    memchr(text, '\0', n) != NULL)
		return (jt_err_set(err, JT_EFORMAT, 0, NULL, "root password "
		    "file: one line with a crypt(3) hash expected"));
	memcpy(buf, text, n);
	buf[n] = '\0';
	/* "$N$salt$hash" (MD5, SHA, bcrypt, yescrypt), DES's 13 characters,
	 * or BSDi's "_" extended DES of 20 */
	if ((buf[0] == '$' && n >= 8 && crypt_id(buf) && crypt_chars(buf) &&
	    buf[n - 1] != '$') ||
	    (n == 13 && strspn(buf, b64) == 13) ||
	    (n == 20 && buf[0] == '_' && strspn(buf + 1, b64) == 19)) {
		if ((*hash = strdup(buf)) == NULL)
			return (jt_err_set(err, JT_ENOMEM, errno, NULL,
			    "rootpw"));
		return (0);
	}
	/* the value itself is never echoed: it may be a clear password */
	return (jt_err_set(err, JT_EFORMAT, 0, NULL, "root password file: "
	    "not a crypt(3) hash ($N$salt$hash, or 13 characters of DES): "
	    "a clear password? (make one with openssl passwd -6)"));
}

int
jt_rootpw_read(const char *path, char **hash, struct jt_err *err)
{
	struct stat st;
	char *buf;
	size_t len;
	int rc;

	*hash = NULL;
	if (stat(path, &st) != 0)
		return (jt_err_set(err, errno == ENOENT ? JT_ENOENT : JT_EIO,
		    errno, path, "root password file"));
	/* a hash others can read is one they can crack offline */
	if ((st.st_mode & 077) != 0)
		return (jt_err_set(err, JT_EINVAL, 0, path, "root password file "
		    "is readable or writable by group or others (mode %03o): "
		    "chmod 600 it", (unsigned)(st.st_mode & 0777)));
	if ((rc = jt_hostfile_read(path, 4096, "root password file", &buf,
	    &len, err)) != 0)
		return (rc);
	rc = jt_rootpw_check(buf, len, hash, err);
	if (rc != 0 && err->path[0] == '\0')
		(void)snprintf(err->path, sizeof(err->path), "%s", path);
	free(buf);
	return (rc);
}

int
jt_build_set_rootpw(struct jt_build *b, const char *hash, struct jt_err *err)
{
	char *h;
	int rc;

	if ((rc = jt_rootpw_check(hash, strlen(hash), &h, err)) != 0)
		return (rc);
	free(b->rootpw);
	b->rootpw = h;
	return (0);
}

/*
 * FreeBSD accounts: root plus the profiles' users and groups, written as
 * the five files libc and the tools read, from one parse so that
 * master.passwd, passwd and the databases never disagree (libc reads only
 * pwd.db/spwd.db: facts §3.1).  root's password is locked unless one was
 * given; the service accounts move into the range when asked.
 */
int
build_accounts(struct jt_build *b, struct jt_err *err)
{
	struct jt_account_file files[JT_ACCOUNTS_NFILES] = { 0 };
	struct jt_accounts *a = NULL;
	void *mp, *gr;
	size_t mlen, glen;
	int rc;

	if (jt_build_platform(b) != JT_PLAT_FREEBSD ||
	    jt_source_read_file(b->src, "/etc/master.passwd", &mp, &mlen,
	    err) != 0 ||
	    jt_source_read_file(b->src, "/etc/group", &gr, &glen, err) != 0)
		return (0);	/* nothing to prune: kept as the source has it */
	jt_acct_moves_free(&b->moves);
	if ((rc = jt_accounts_parse(&a, mp, mlen, gr, glen, err)) != 0 ||
	    (rc = jt_accounts_keep(a, (const char *const *)(void *)b->users.v,
	    b->users.n, (const char *const *)(void *)b->groups.v, b->groups.n,
	    err)) != 0 ||
	    (rc = jt_accounts_set_rootpw(a, b->rootpw != NULL ? b->rootpw :
	    "*", err)) != 0 ||
	    (b->renumber && (rc = jt_accounts_renumber(a, b->id_first,
	    b->id_count, &b->moves, err)) != 0) ||
	    (rc = jt_accounts_render(a, files, err)) != 0)
		goto out;
	for (size_t i = 0; i < JT_ACCOUNTS_NFILES && rc == 0; i++)
		rc = jt_plan_add_data(b->plan, files[i].path, files[i].data,
		    files[i].len, files[i].mode, "accounts: root and the "
		    "profiles' users and groups", err);
out:
	jt_account_files_free(files);
	jt_accounts_free(a);
	return (rc);
}

/* A pw.conf(5) line that sets one of the keys jailtrim writes. */
static bool
range_key(const char *line, size_t n)
{
	static const char *const keys[] = {
		"minuid", "maxuid", "mingid", "maxgid",
	};
	size_t k = strspn(line, " \t");

	for (size_t i = 0; i < 4; i++) {
		size_t kl = strlen(keys[i]);

		if (k + kl <= n && strncmp(line + k, keys[i], kl) == 0 &&
		    (k + kl == n || strchr(" \t=", line[k + kl]) != NULL))
			return (true);
	}
	return (false);
}

/* /etc/pw.conf: the source's lines, then the range pw(8) allocates from. */
static int
write_pwconf(struct jt_build *b, struct jt_err *err)
{
	void *data = NULL;
	size_t len = 0;
	char *text = NULL;
	size_t tlen = 0;
	FILE *out;
	int rc;

	if ((out = open_memstream(&text, &tlen)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, errno, "/etc/pw.conf",
		    "memstream"));
	if (jt_source_read_file(b->src, "/etc/pw.conf", &data, &len, err) ==
	    0) {
		const char *s = data, *end = s + len;

		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t n = nl != NULL ? (size_t)(nl - s) :
			    (size_t)(end - s);

			if (!range_key(s, n))
				fprintf(out, "%.*s\n", (int)n, s);
			s += n + 1;
		}
	}
	fprintf(out, "# the jail's own ids (jailtrim build --uid-range)\n"
	    "minuid = %u\nmaxuid = %u\nmingid = %u\nmaxgid = %u\n",
	    b->id_first, b->id_first + b->id_count - 1, b->id_first,
	    b->id_first + b->id_count - 1);
	if (fclose(out) != 0) {
		free(text);
		return (jt_err_set(err, JT_ENOMEM, errno, "/etc/pw.conf",
		    "memstream"));
	}
	rc = jt_plan_add_data(b->plan, "/etc/pw.conf", text, tlen, 0644,
	    "uid-range: the ids pw(8) gives new accounts", err);
	free(text);
	return (rc);
}

/*
 * The last step of the plan: pw.conf, and every entry owned by a moved
 * account owned by its new id (in the directory, the tarball and the
 * mtree alike, as all three are written from the plan).
 */
int
build_ids_finish(struct jt_build *b, struct jt_err *err)
{
	int rc;

	if (!b->has_range)
		return (0);
	if ((rc = write_pwconf(b, err)) != 0)
		return (rc);
	for (size_t i = 0; i < b->moves.n; i++)
		jt_plan_renumber(b->plan, b->moves.v[i].group,
		    b->moves.v[i].from, b->moves.v[i].to);
	return (0);
}
