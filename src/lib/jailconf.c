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

static bool
plain_name(const char *s)
{
	if (s == NULL || *s == '\0')
		return (false);
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && strchr("_-.", *s) == NULL)
			return (false);
	return (true);
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

int
jt_jailconf_render(const struct jt_jailconf *c, char **out, struct jt_err *err)
{
	size_t len;
	FILE *f;

	*out = NULL;
	if (!plain_name(c->name))
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "jail name '%s': use "
		    "letters, digits, '_', '-' and '.'", c->name ? c->name : ""));
	if ((f = open_memstream(out, &len)) == NULL)
		return (jt_err_set(err, JT_ENOMEM, 0, NULL, "open_memstream"));
	fprintf(f, "%s {\n", c->name);
	param(f, "path", c->path);
	param(f, "host.hostname", c->hostname ? c->hostname : c->name);
	list(f, "ip4.addr", c->ip4, c->nip4);
	list(f, "ip6.addr", c->ip6, c->nip6);
	fputs("\tmount.devfs;\n", f);
	fprintf(f, "\tdevfs_ruleset = %d;\n",
	    c->devfs_ruleset > 0 ? c->devfs_ruleset : 4);
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
	for (size_t i = 0; i < c->nparams; i++) {
		const char *eq = strchr(c->params[i], '=');
		char key[128];
		size_t kl = eq ? (size_t)(eq - c->params[i]) : strlen(c->params[i]);

		if (kl == 0 || kl >= sizeof(key)) {
			fclose(f);
			free(*out);
			*out = NULL;
			return (jt_err_set(err, JT_EINVAL, 0, NULL,
			    "bad jail parameter '%s'", c->params[i]));
		}
		memcpy(key, c->params[i], kl);
		key[kl] = '\0';
		while (kl > 0 && isspace((unsigned char)key[kl - 1]))
			key[--kl] = '\0';
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
