/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rc.conf / rc.d shell evaluator on arbitrary text: as an rc.conf
 * (assignments) and as an rc.d script (commands, functions, here-docs,
 * case patterns, eval, substitutions), every result read back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rcconf_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
each(void *arg, const char *var, const struct jt_rcvar *v)
{
	size_t *n = arg;

	*n += strlen(var) + strlen(v->value) + (size_t)v->line;
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const name[] = { "/etc/rc.conf", "/etc/rc.d/x" };
	enum rc_mode mode[] = { RC_CONF, RC_SCRIPT };
	struct jt_err err;
	size_t sum = 0;

	for (size_t i = 0; i < 2; i++) {
		struct jt_rcconf *rc = calloc(1, sizeof(*rc));

		if (rc == NULL)
			return (0);
		(void)rc_eval(rc, NULL, name[i], (const char *)data, size, 0,
		    mode[i], &err);
		(void)jt_rcconf_each(rc, each, &sum);
		for (size_t j = 0; j < jt_rcconf_ncommands(rc); j++)
			sum += strlen(jt_rcconf_command(rc, j)->word);
		for (size_t j = 0; j < jt_rcconf_nfunctions(rc); j++)
			sum += strlen(jt_rcconf_function(rc, j));
		if (jt_rcconf_uncertain(rc) != NULL)
			sum += strlen(jt_rcconf_uncertain(rc));
		jt_rcconf_free(rc);
	}
	return (sum == (size_t)-1);
}
