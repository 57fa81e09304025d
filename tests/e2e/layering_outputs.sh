#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The pipeline stays one-way: source -> elf -> resolve -> plan (build) ->
# write -> verify (start is verify's last stage).  How jail(8) splits
# exec.start is the jail.conf module's, so the planner and the writers
# never include start.h or verify.h.  The writers read a jail
# specification, never the build; cmd_build writes every output through
# the library's writer table (write.h jt_writers()), none by hand.
. "$(dirname "$0")/lib.sh"
S=$JT_SRCDIR
cd "$S/src/lib" || fail "no $S/src/lib"

early=$(ls source*.c elf.c resolve*.c rtld*.c libmap.c plan.c build*.c \
    write*.c jailconf*.c 2>/dev/null)
[ -n "$early" ] || fail "no stage sources found"
bad=$(grep -lE '#include "(jailtrim/(start|verify)|start_int|verify_int)\.h"' \
    $early)
[ -z "$bad" ] || fail "an earlier stage includes start or verify: $bad"
bad=$(grep -nE '\bjt_(start|verify)_[a-z_]+\(' $early)
[ -z "$bad" ] || fail "an earlier stage calls start or verify: $bad"

grep -q 'jt_jailconf_split_exec(' "$S/include/jailtrim/jailconf.h" ||
    fail "jailconf.h does not say how jail(8) splits exec.start"
! grep -q 'jt_start_split' "$S/include/jailtrim/start.h" ||
    fail "start.h still splits exec.start"

bad=$(grep -nE 'jt_build|struct jt_build\b' write*.c)
[ -z "$bad" ] || fail "a writer reads the build, not the spec: $bad"
grep -q 'jt_build_spec(' "$S/include/jailtrim/build.h" ||
    fail "no jt_build_spec() in build.h"

cli=$S/src/cli/cmd_build.c
bad=$(grep -nE 'jt_write_(dir|tar|mtree|text|jailconf)(_out)?\(|jt_jailconf_render\(' \
    "$cli")
[ -z "$bad" ] || fail "cmd_build writes an output by hand: $bad"
grep -q 'jt_writers(' "$cli" || fail "cmd_build does not use the writer table"
exit 0
