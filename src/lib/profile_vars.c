/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Profile variables (profile_vars.h).  Expansion is one pass over the
 * line: a value is put in as it is, never expanded again, so a -D value
 * holding "${" cannot loop or reach another variable.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "jailtrim/err.h"
#include "profile_vars.h"

bool
jt_profile_var_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > JT_PROFILE_VAR_MAX ||
	    !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return (false);
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return (false);
	return (true);
}

/* One word, as a directive's argument: no blank, no control byte. */
bool
jt_profile_var_value_ok(const char *v)
{
	if (*v == '\0')
		return (false);
	for (; *v != '\0'; v++)
		if (isspace((unsigned char)*v) || iscntrl((unsigned char)*v))
			return (false);
	return (true);
}

int
jt_profile_check_define(const char *def, struct jt_err *err)
{
	const char *eq = strchr(def, '=');

	if (eq == NULL || !jt_profile_var_name_ok(def, (size_t)(eq - def)))
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "'%s' is not "
		    "NAME=VALUE, NAME of letters, digits and '_'", def));
	if (!jt_profile_var_value_ok(eq + 1))
		return (jt_err_set(err, JT_EINVAL, 0, NULL, "'%s': the value "
		    "must be one word (not empty, no blanks)", def));
	return (0);
}

const struct jt_profile_var *
jt_profile_var(const struct jt_profile *p, const char *name)
{
	for (size_t i = 0; i < p->nvars; i++)
		if (strcmp(p->vars[i].name, name) == 0)
			return (&p->vars[i]);
	return (NULL);
}

int
pvars_expand(const struct pvars *pv, const char *in, char *out, size_t len,
    char *msg, size_t msglen)
{
	const struct jt_profile_var *v;
	size_t o = 0, n, vl;
	const char *end;

	while (*in != '\0') {
		if (in[0] != '$' || in[1] != '{') {
			if (o + 1 >= len)
				goto toolong;
			out[o++] = *in++;
			continue;
		}
		if ((end = strchr(in + 2, '}')) == NULL) {
			snprintf(msg, msglen, "'${' without its '}'");
			return (-1);
		}
		n = (size_t)(end - in - 2);
		if (!jt_profile_var_name_ok(in + 2, n)) {
			snprintf(msg, msglen, "bad variable name '${%.*s}'",
			    (int)(n > 64 ? 64 : n), in + 2);
			return (-1);
		}
		if ((v = map_getn(&pv->byname, in + 2, n)) == NULL) {
			snprintf(msg, msglen, "unknown variable '${%.*s}' "
			    "(declare it first: var %.*s DEFAULT)", (int)n,
			    in + 2, (int)n, in + 2);
			return (-1);
		}
		vl = strlen(v->value);
		if (o + vl >= len)
			goto toolong;
		memcpy(out + o, v->value, vl);
		o += vl;
		in = end + 1;
	}
	out[o] = '\0';
	return (0);
toolong:
	snprintf(msg, msglen, "line too long with its variables expanded");
	return (-1);
}

int
pvars_declare(struct pvars *pv, const char *name, const char *def,
    const char *file, int line, char *msg, size_t msglen)
{
	struct jt_profile_var *v;
	size_t nl = strlen(name);
	const char *val = def;

	if (!jt_profile_var_name_ok(name, nl)) {
		snprintf(msg, msglen, "bad variable name '%s' (letters, digits "
		    "and '_', at most %d)", name, JT_PROFILE_VAR_MAX);
		return (-1);
	}
	if (map_get(&pv->byname, name) != NULL)
		return (0);
	for (size_t i = 0; i < pv->ndefs; i++)
		if (strncmp(pv->defs[i], name, nl) == 0 &&
		    pv->defs[i][nl] == '=')
			val = pv->defs[i] + nl + 1;
	if ((v = arena_alloc(pv->arena, sizeof(*v))) == NULL)
		return (JT_ENOMEM);
	memset(v, 0, sizeof(*v));
	v->name = arena_strdup(pv->arena, name);
	v->def = arena_strdup(pv->arena, def);
	v->value = val == def ? v->def : arena_strdup(pv->arena, val);
	v->file = file;
	v->line = line;
	v->overridden = val != def;
	if (v->name == NULL || v->def == NULL || v->value == NULL ||
	    map_put(&pv->byname, name, v) != 0 || ptrv_push(&pv->order, v) != 0)
		return (JT_ENOMEM);
	return (0);
}

int
pvars_finish(struct pvars *pv, const struct jt_profile_var **out, size_t *n)
{
	struct jt_profile_var *a;

	if ((a = arena_alloc(pv->arena, (pv->order.n + 1) * sizeof(*a))) ==
	    NULL)
		return (JT_ENOMEM);
	for (size_t i = 0; i < pv->order.n; i++)
		a[i] = *(struct jt_profile_var *)pv->order.v[i];
	*out = a;
	*n = pv->order.n;
	return (0);
}

void
pvars_free(struct pvars *pv)
{
	map_free(&pv->byname);
	ptrv_free(&pv->order);
}
