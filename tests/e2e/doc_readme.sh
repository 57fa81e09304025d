#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# README.md says how to run the suite: how long it takes, every ctest
# label the suite uses (one bullet each), and the switch that skips the
# sanitizer pass, which scripts/test.sh must really honour.
. "$(dirname "$0")/lib.sh"
R=$JT_SRCDIR/README.md
W=$JT_TEST_WORK/doc_readme
rm -rf "$W" && mkdir -p "$W" || fail mkdir
# the labels: jt_e2e's extra arguments, jt_unit's and e2e, LABELS properties
{
	echo unit; echo e2e
	sed -n 's/^jt_e2e([^ ]* [^ ]*\(.*\))$/\1/p' "$JT_SRCDIR/tests/CMakeLists.txt" |
	    tr ' ' '\n'
	cat "$JT_SRCDIR"/tests/CMakeLists.txt "$JT_SRCDIR"/tests/fuzz/CMakeLists.txt |
	    sed -n 's/.*LABELS \([a-z][a-z0-9]*\).*/\1/p'
} | grep -v '^$' | sort -u >"$W/labels"
[ "$(wc -l <"$W/labels")" -ge 8 ] || { cat "$W/labels" >&2; fail "too few labels found"; }
while read -r l; do
	grep -q "^\* \`$l\` — " "$R" || fail "README does not list the label '$l'"
done <"$W/labels"
grep -q 'ctest --test-dir build -L unit' "$R" || fail "README lacks 'ctest -L unit'"
# the durations, measured
grep -Eq 'took [0-9]+ min [0-9]+ s' "$R" || fail "README gives no suite duration"
grep -q '@NORMAL@\|@ASAN@' "$R" && fail "README has unfilled durations"
# the sanitizer switch: README's name is the one scripts/test.sh reads
sw=$(sed -n 's/.*`\(JT_[A-Z_]*\)=1 sh scripts\/test\.sh` skips the sanitizer pass.*/\1/p' "$R")
[ -n "$sw" ] || fail "README does not say how to skip the sanitizer pass"
grep -q "\${$sw:-}" "$JT_SRCDIR/scripts/test.sh" ||
    fail "scripts/test.sh does not read $sw"
echo "ok: $(wc -l <"$W/labels") labels, duration, $sw"
