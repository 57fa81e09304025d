#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The man pages are clean for `mandoc -T lint -W warning`, every page has
# true ENVIRONMENT, FILES and EXIT STATUS sections, and no page says a
# command "does not exist yet" (verify does).  Skipped without mandoc
# (scripts/install-test-deps.sh installs it).
. "$(dirname "$0")/lib.sh"
command -v mandoc >/dev/null 2>&1 ||
    skip "mandoc not installed (scripts/install-test-deps.sh installs it)"
n=0
for page in "$JT_SRCDIR"/man/*.[0-9]; do
	n=$((n + 1))
	out=$(mandoc -T lint -W warning "$page" 2>&1)
	rc=$?
	[ "$rc" -eq 0 ] && [ -z "$out" ] ||
	    { echo "$out" >&2; fail "mandoc -T lint -W warning ${page##*/} (exit $rc)"; }
	for sec in ENVIRONMENT FILES 'EXIT STATUS' EXAMPLES 'SEE ALSO'; do
		grep -qx ".Sh $sec" "$page" || fail "${page##*/}: no $sec section"
	done
	! grep -qi 'does not exist yet' "$page" ||
	    fail "${page##*/}: says something does not exist yet"
done
[ "$n" -ge 3 ] || fail "only $n man pages under $JT_SRCDIR/man"

# What the pages name as files and variables is what the code uses.
p8=$JT_SRCDIR/man/jailtrim.8
for v in JAILTRIM_PROFILES JAILTRIM_BACKUP_KEY SOURCE_DATE_EPOCH TMPDIR; do
	grep -q "getenv(\"$v\")" "$JT_SRCDIR"/src/cli/*.c ||
	    fail "$v is documented but src/cli does not read it"
	grep -qx ".It Ev $v" "$p8" || fail "jailtrim.8: ENVIRONMENT lacks $v"
done
for f in /var/lib/jailtrim/backup.key /var/db/jailtrim/backup.key; do
	grep -q "\"$f\"" "$JT_SRCDIR/src/cli/cmd_shrink.c" ||
	    fail "$f is documented but not the code's key path"
	grep -qx ".It Pa $f" "$p8" || fail "jailtrim.8: FILES lacks $f"
done
for code in 0 1 2 3; do
	grep -q "EXIT_[A-Z]* = $code," "$JT_SRCDIR/src/cli/cli.h" ||
	    fail "exit code $code not in cli.h"
done
mandoc -T ascii "$p8" | col -b |
    awk '/^EXIT STATUS/{f=1;next} /^[A-Z]/{f=0} f' >"$JT_TEST_WORK/doc_exit.txt"
for code in 0 1 2 3; do
	grep -Eq "^[[:space:]]+$code[[:space:]]+[A-Z]" "$JT_TEST_WORK/doc_exit.txt" ||
	    fail "jailtrim.8: EXIT STATUS lacks $code"
done
echo "ok: $n pages lint-clean with ENVIRONMENT, FILES and EXIT STATUS"
