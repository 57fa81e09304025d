/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jail.conf stanzas.  jail.conf(5): a name, then "param = value;" lines in
 * braces; values are quoted with backslash escapes for " and \; lists are
 * separated by commas.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jailtrim/jailconf.h"
#include "jailtrim/names.h"


/*
 * The parameters the stanza sets from the build's own options: a profile
 * or manifest that set them again would win in jail(8) (the last
 * assignment counts) and could, say, move the jail's root to "/".
 */
static const char *const own_keys[] = {
	"name", "path", "host.hostname", "ip4.addr", "ip6.addr",
};

/*
 * A jail(8) parameter name: words of letters, digits and '_' joined by
 * single dots, as the kernel's security.jail.param sysctls and jail(8)'s
 * own parameters (exec.start, mount.devfs) are named.  jail.conf's lexer
 * (usr.sbin/jail/jaillex.l) would take more as a bare word, but none of
 * it names a parameter and ';', '{', '}', '=', quotes and blanks would
 * change the file's structure.
 */
static bool
key_ok(const char *k, size_t n)
{
	bool word = false;

	if (n == 0 || n >= JT_JAILCONF_KEY_MAX)
		return (false);
	for (size_t i = 0; i < n; i++) {
		if (k[i] == '.') {
			if (!word)
				return (false);	/* leading or double dot */
			word = false;
		} else if (isalnum((unsigned char)k[i]) || k[i] == '_')
			word = true;
		else
			return (false);
	}
	return (word);			/* no trailing dot */
}

/*
 * Inside double quotes jail(8) takes every byte as it is but '"', '\'
 * and '$', which quoted() escapes; other control characters would be
 * kept raw, which no parameter needs and which readers (ours maps \x01
 * to a literal '$') need not agree on.
 */
static bool
value_ok(const char *v)
{
	for (; *v != '\0'; v++)
		if ((unsigned char)*v < 0x20 && *v != '\t' && *v != '\n')
			return (false);
	return (true);
}

/* The length of the key of "key", "key=value" or "key = value". */
static size_t
key_len(const char *param, const char *eq)
{
	size_t kl = eq != NULL ? (size_t)(eq - param) : strlen(param);

	while (kl > 0 && (param[kl - 1] == ' ' || param[kl - 1] == '\t'))
		kl--;
	return (kl);
}

int
jt_jailconf_check_param(const char *param, struct jt_err *err)
{
	const char *eq = strchr(param, '=');
	size_t kl = key_len(param, eq);

	if (!key_ok(param, kl))
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "bad jail parameter "
		    "'%s': the name must be words of letters, digits and '_' "
		    "joined by dots (e.g. allow.raw_sockets=0)", param));
	for (size_t i = 0; i < sizeof(own_keys) / sizeof(own_keys[0]); i++)
		if (strlen(own_keys[i]) == kl &&
		    strncmp(param, own_keys[i], kl) == 0)
			return (jt_err_set(err, JT_EINVAL, 0, NULL, "jail "
			    "parameter '%.*s' is set by jailtrim itself (from "
			    "the jail's name, output, hostname and addresses)",
			    (int)kl, param));
	if (eq != NULL && !value_ok(eq + 1))
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "jail parameter "
		    "'%.*s': control character in the value", (int)kl, param));
	return (0);
}

static void
quoted(FILE *f, const char *v)
{
	fputc('"', f);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\' || *v == '$')
			fputc('\\', f);	/* \$: not a variable */
		if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
	fputc('"', f);
}

static void
param(FILE *f, const char *key, const char *val)
{
	fprintf(f, "\t%s = ", key);
	quoted(f, val);
	fputs(";\n", f);
}

static void
list(FILE *f, const char *key, const char *const *v, size_t n)
{
	if (n == 0)
		return;
	fprintf(f, "\t%s = ", key);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", f);
		quoted(f, v[i]);
	}
	fputs(";\n", f);
}

/* Every value the stanza quotes, checked before anything is written. */
static int
check_values(const struct jt_jailconf *c, struct jt_err *err)
{
	const char *one[] = { c->path, c->hostname, c->exec_start,
	    c->exec_stop };

	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		if (one[i] != NULL && !value_ok(one[i]))
			goto bad;
	for (size_t i = 0; i < c->nip4; i++)
		if (!value_ok(c->ip4[i]))
			goto bad;
	for (size_t i = 0; i < c->nip6; i++)
		if (!value_ok(c->ip6[i]))
			goto bad;
	for (size_t i = 0; i < c->nexec_start; i++)
		if (!value_ok(c->exec_start_list[i]))
			goto bad;
	for (size_t i = 0; i < c->nparams; i++) {
		int rc = jt_jailconf_check_param(c->params[i], err);

		if (rc != 0)
			return (rc);
	}
	return (0);
bad:
	return (jt_err_set(err, JT_EINVAL, 0, NULL, "jail %s: a control "
	    "character in a value (path, hostname, address or command)",
	    c->name));
}

int
jt_jailconf_check_name(const char *name, struct jt_err *err)
{
	if (!jt_name_ok(name))
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "jail name '%s': use "
		    "letters, digits, '_', '-' and '.', at most %d bytes",
		    name ? name : "", JT_NAME_MAX));
	return (0);
}

int
jt_jailconf_render_globals(const char *const *params, size_t n, char **out,
    struct jt_err *err)
{
	size_t len;
	FILE *f;
	int rc;

	*out = NULL;
	for (size_t i = 0; i < n; i++)
		if ((rc = jt_jailconf_check_param(params[i], err)) != 0)
			return (rc);
	if ((f = open_memstream(out, &len)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "open_memstream"));
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(params[i], '=');
		size_t kl = key_len(params[i], eq);

		if (eq == NULL)
			fprintf(f, "%.*s;\n", (int)kl, params[i]);
		else {
			fprintf(f, "%.*s = ", (int)kl, params[i]);
			quoted(f, eq + 1);
			fputs(";\n", f);
		}
	}
	if (fclose(f) != 0) {
		free(*out);
		*out = NULL;
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "globals"));
	}
	return (0);
}

int
jt_jailconf_render(const struct jt_jailconf *c, char **out, struct jt_err *err)
{
	size_t len;
	FILE *f;
	int rc;

	*out = NULL;
	if ((rc = jt_jailconf_check_name(c->name, err)) != 0)
		return (rc);
	if (c->path == NULL)
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "jail %s: no path",
		    c->name));
	if ((rc = check_values(c, err)) != 0)
		return (rc);
	if ((f = open_memstream(out, &len)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "open_memstream"));
	fprintf(f, "%s {\n", c->name);
	param(f, "path", c->path);
	param(f, "host.hostname", c->hostname ? c->hostname : c->name);
	list(f, "ip4.addr", c->ip4, c->nip4);
	list(f, "ip6.addr", c->ip6, c->nip6);
	if (!c->no_devfs) {
		fputs("\tmount.devfs;\n", f);
		fprintf(f, "\tdevfs_ruleset = %d;\n",
		    c->devfs_ruleset > 0 ? c->devfs_ruleset : 4);
	}
	if (c->exec_start != NULL)
		param(f, "exec.start", c->exec_start);
	/* jail(8) runs a list parameter's commands in order ("+=" adds). */
	for (size_t i = 0; i < c->nexec_start; i++) {
		fprintf(f, "\texec.start %s ", i == 0 ? "=" : "+=");
		quoted(f, c->exec_start_list[i]);
		fputs(";\n", f);
	}
	if (c->exec_stop != NULL)
		param(f, "exec.stop", c->exec_stop);
	/* Checked above: the key is a plain name, the value gets quoted. */
	for (size_t i = 0; i < c->nparams; i++) {
		const char *eq = strchr(c->params[i], '=');
		size_t kl = key_len(c->params[i], eq);
		char key[JT_JAILCONF_KEY_MAX];

		memcpy(key, c->params[i], kl);
		key[kl] = '\0';
		if (eq == NULL)
			fprintf(f, "\t%s;\n", key);
		else
			param(f, key, eq + 1);
	}
	fputs("}\n", f);
	if (fclose(f) != 0) {
		free(*out);
		*out = NULL;
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "stanza"));
	}
	return (0);
}
