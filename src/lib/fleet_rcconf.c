/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host's side of a fleet: the rc.conf(5) lines that start its jails
 * at boot and make the interfaces their addresses name.  jailtrim writes
 * them to a file of their own and never edits the host's rc.conf: the
 * admin adds them (or includes the file) knowing what else is there.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/manifest.h"
#include "util.h"

/* "lo1|127.0.1.2/32" -> "lo1"; "" when the address names none. */
static void
iface_of(const char *addr, char *out, size_t len)
{
	const char *bar = strchr(addr, '|');
	size_t n = bar != NULL ? (size_t)(bar - addr) : 0;

	if (n >= len)
		n = 0;
	memcpy(out, addr, n);
	out[n] = '\0';
}

/* lo1, lo2, ...: lo(4) clones that rc.d/netif makes from the list. */
static bool
cloned_lo(const char *iface)
{
	return (strncmp(iface, "lo", 2) == 0 && isdigit((unsigned char)
	    iface[2]) && strspn(iface + 2, "0123456789") == strlen(iface + 2) &&
	    strcmp(iface, "lo0") != 0);
}

/* Every address of every jail, each with its interface, in order. */
static void
each_addr(const struct jt_manifest *const *jails, size_t n,
    void (*fn)(void *arg, const char *iface, const char *addr, bool v6),
    void *arg)
{
	char iface[64];

	for (size_t k = 0; k < n; k++)
		for (int v6 = 0; v6 < 2; v6++) {
			const char *const *a = v6 ? jails[k]->ip6 :
			    jails[k]->ip4;
			size_t na = v6 ? jails[k]->nip6 : jails[k]->nip4;

			for (size_t i = 0; i < na; i++) {
				iface_of(a[i], iface, sizeof(iface));
				if (iface[0] != '\0')
					fn(arg, iface, strchr(a[i], '|') + 1,
					    v6 != 0);
			}
		}
}

static void
count_alias(void *arg, const char *iface, const char *addr, bool v6)
{
	(void)addr;
	(void)v6;
	if (!cloned_lo(iface))
		++*(size_t *)arg;
}

static void
add_clone(void *arg, const char *iface, const char *addr, bool v6)
{
	(void)addr;
	(void)v6;
	if (cloned_lo(iface))
		(void)strv_push_uniq(arg, iface);
}

struct aliases {
	FILE		*f;
	struct jt_strv	 done;		/* an interface per alias written */
};

static void
add_alias(void *arg, const char *iface, const char *addr, bool v6)
{
	struct aliases *al = arg;
	size_t nth = 0;

	if (cloned_lo(iface))
		return;
	for (size_t i = 0; i < al->done.n; i++)
		nth += strcmp(al->done.v[i], iface) == 0;
	(void)strv_push(&al->done, iface);
	fprintf(al->f, "#ifconfig_%s_alias%zu=\"%s %s\"\n", iface, nth,
	    v6 ? "inet6" : "inet", addr);
}

int
jt_fleet_rcconf(const struct jt_manifest *const *jails, size_t n,
    const char *file, char **out, struct jt_err *err)
{
	struct jt_strv clones = { 0 };
	struct aliases al = { 0 };
	size_t len, naliases = 0;
	int rc = 0;

	*out = NULL;
	if ((al.f = open_memstream(out, &len)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf lines"));
	fprintf(al.f, "# The host's rc.conf(5) lines for the jails of %s,\n"
	    "# written by jailtrim build: add them to /etc/rc.conf (jailtrim "
	    "never\n# edits it).\n", path_basename(file));
	fputs("jail_enable=\"YES\"\njail_list=\"", al.f);
	for (size_t k = 0; k < n; k++)
		fprintf(al.f, "%s%s", k > 0 ? " " : "", jails[k]->name);
	fputs("\"\n", al.f);
	each_addr(jails, n, add_clone, &clones);
	if (clones.n > 0) {
		fputs("cloned_interfaces=\"", al.f);
		for (size_t i = 0; i < clones.n; i++)
			fprintf(al.f, "%s%s", i > 0 ? " " : "", clones.v[i]);
		fputs("\"\n", al.f);
	}
	each_addr(jails, n, count_alias, &naliases);
	if (naliases > 0)
		fputs("# jail(8) adds each jail's \"IFACE|ADDR\" alias itself "
		    "when the jail starts\n# (jail.conf, FreeBSD 9.1 and "
		    "later); a release without jail.conf needs\n# these:\n",
		    al.f);
	each_addr(jails, n, add_alias, &al);
	strv_free(&clones);
	strv_free(&al.done);
	if (fclose(al.f) != 0) {
		free(*out);
		*out = NULL;
		rc = jt_err_set(err, JT_ENOMEM, 0, NULL, "rc.conf lines");
	}
	return (rc);
}
