#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# build --dry-run answers what the build would do when objects cannot all
# load: refused (exit 3) without --allow-incomplete; with it, exit 0 as
# the build that writes the jail, the same problems listed on stderr, the
# warning, and the count after the plan (text and JSON).  On a module of
# this host's toolchain whose library is missing from the source.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
CC=$(command -v cc || command -v gcc || command -v clang) ||
    skip "no C compiler"
[ -r /lib64/ld-linux-x86-64.so.2 ] || skip "not an x86_64 glibc host"
case_dir build_dryrun_incomplete
host_mod_objects
overlay missing
put "$CASES/libjtmod.so" /opt/jtmods/libjtmod.so
set -- -s / -s "$OV" -i /opt/jtmods

# problems FILE: the problem lines of a run's stderr, sorted.
problems() { grep 'needs libjtneed.so.1: not found' "$1" | sort; }

# The build: written anyway, its problems and count.
CASE=build
expect_exit 0 jt build "$@" -o "$CASES/out" --allow-incomplete
[ -f "$CASES/out/opt/jtmods/libjtmod.so" ] || fail "$CASE: not written"
problems "$ERR" >"$CASES/build.problems"
[ -s "$CASES/build.problems" ] || fail "$CASE: no problem listed"
assert_grep '^incomplete: 1 problem, written anyway \(--allow-incomplete\)$' "$OUT"

# The dry run with --allow-incomplete: as the build, writing nothing.
CASE=dry_run
rm -rf "$CASES/out"
expect_exit 0 jt build "$@" --dry-run --allow-incomplete
[ ! -e "$CASES/out" ] || fail "$CASE: wrote something"
problems "$ERR" >"$CASES/dry.problems"
cmp -s "$CASES/build.problems" "$CASES/dry.problems" ||
    { diff "$CASES/build.problems" "$CASES/dry.problems" >&2;
    fail "$CASE: not the build's problems"; }
assert_grep 'warning: would write a jail that may not start \(1 problem\): --allow-incomplete' "$ERR"
assert_grep '^f .* /opt/jtmods/libjtmod.so  # ' "$OUT"
assert_grep '^# incomplete: 1 problem, would be written anyway \(--allow-incomplete\)$' "$OUT"
no_sanitizer_report "$CASE"

CASE=dry_run_json
expect_exit 0 jt build "$@" --dry-run --allow-incomplete --json
python3 - "$OUT" <<'PY' || fail "$CASE: JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["incomplete"] == 1, d.get("incomplete")
assert any(e["path"] == "/opt/jtmods/libjtmod.so" for e in d["entries"])
PY

# Without --allow-incomplete the build refuses, and so does the dry run.
CASE=dry_run_refused
expect_exit 3 jt build "$@" --dry-run
problems "$ERR" | cmp -s "$CASES/build.problems" - ||
    fail "$CASE: not the build's problems"
! grep -q 'incomplete' "$OUT" || fail "$CASE: counted as written anyway"

# A complete jail: no count, nothing in the JSON.
overlay complete
put "$CASES/libjtmod.so" /opt/jtmods/libjtmod.so
put "$CASES/libjtneed.so.1" /usr/lib/libjtneed.so.1
expect_exit 0 jt build -s / -s "$OV" -i /opt/jtmods --dry-run \
    --allow-incomplete --json
python3 - "$OUT" <<'PY' || fail "$CASE: JSON"
import json, sys
assert "incomplete" not in json.load(open(sys.argv[1]))
PY
echo "build_dryrun_incomplete: ok"
