/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * master.passwd and group from arbitrary text (split at the first NUL),
 * kept to root, rendered with the databases; and both parts through the
 * lenient lookup reader (jt_acct_parse) in every format, with lookups;
 * the kept accounts renumbered and rendered again; the whole input as a
 * root password file (jt_rootpw_check).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/accounts.h"
#include "jailtrim/build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jt_account_file files[JT_ACCOUNTS_NFILES] = { 0 };
	const char *split = memchr(data, '\0', size);
	size_t mlen = split != NULL ? (size_t)(split - (const char *)data) :
	    size;
	const char *group = split != NULL ? split + 1 : "";
	size_t glen = split != NULL ? size - mlen - 1 : 0;
	const char *users[] = { "sshd" };
	struct jt_acct_moves moves;
	struct jt_accounts *a;
	struct jt_err err;
	char *hash;

	for (int f = JT_ACCT_PASSWD; f <= JT_ACCT_SHADOW; f++) {
		struct jt_acct_table *t;
		const struct jt_acct *e;

		if (jt_acct_parse(&t, (enum jt_acct_fmt)f, f == JT_ACCT_GROUP ?
		    group : (const char *)data, f == JT_ACCT_GROUP ? glen :
		    mlen, &err) != 0)
			continue;
		for (size_t i = 0; i < jt_acct_count(t); i++) {
			e = jt_acct_at(t, i);
			(void)jt_acct_by_name(t, e->name);
			(void)jt_acct_by_id(t, e->id);
			(void)jt_acct_has_member(e, "root");
			(void)strlen(e->dir);
			(void)strlen(e->shell);
			(void)strlen(e->text);
		}
		jt_acct_free(t);
	}
	/* the whole input as a root password file's text */
	if (jt_rootpw_check((const char *)data, size, &hash, &err) == 0)
		free(hash);
	if (jt_accounts_parse(&a, (const char *)data, mlen, group, glen,
	    &err) != 0)
		return (0);
	if (jt_accounts_keep(a, users, 1, NULL, 0, &err) != 0)
		(void)jt_accounts_keep(a, NULL, 0, NULL, 0, &err);
	if (jt_accounts_render(a, files, &err) == 0)
		jt_account_files_free(files);
	/* the kept accounts moved into a small range, root's hash set */
	if (jt_accounts_renumber(a, 1000, 3, &moves, &err) == 0) {
		jt_acct_moves_free(&moves);
		if (jt_accounts_set_rootpw(a, "*", &err) == 0 &&
		    jt_accounts_render(a, files, &err) == 0)
			jt_account_files_free(files);
	}
	jt_accounts_free(a);
	return (0);
}
