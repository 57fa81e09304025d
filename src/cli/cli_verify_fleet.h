/* SPDX-License-Identifier: BSD-2-Clause */
/* jailtrim verify FLEET: every jail, -j N at once, and a table. */
#ifndef JT_CLI_VERIFY_FLEET_H
#define JT_CLI_VERIFY_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "jailtrim/manifest.h"

/*
 * Verify jail k of the fleet in this (child) process: the report on
 * stdout and stderr, "STATE<TAB>PROBE\n" on row; the exit status.
 */
typedef int	(*cli_verify_jail_fn)(void *arg, size_t k, FILE *row);

/*
 * Every jail of f (or the one named only) verified by fn in a child
 * process of its own, at most njobs at once; then each jail's report in
 * the fleet's order and a table: jail, state, probe, time; with json,
 * one JSON document holding each jail's report and row instead.  The
 * exit status of the first jail that failed, else 0.
 */
int	cli_verify_fleet(const struct jt_fleet *f, const char *only,
	    int njobs, bool json, cli_verify_jail_fn fn, void *arg);

#endif
