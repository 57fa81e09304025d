# SPDX-License-Identifier: BSD-2-Clause
# The build report: a directory source (such as "/") is not walked whole
# only to print its size -- it is counted on request (--source-size); an
# archive, in memory already, is counted; sizes are human-readable too.
. "$(dirname "$0")/lib.sh"
need_fixture
ROOT=$(fixture_root)
W="$JT_TEST_WORK/args_report"
rm -rf "$W" && mkdir -p "$W" || fail "setup"

expect_exit 0 "$JAILTRIM" build -s "$ROOT" -p sshd -t "$W/a.tar"
assert_grep '^source: a directory, not counted \(--source-size counts it\)$' "$OUT"
assert_grep '^jail:   [0-9]+ files, [0-9]+ bytes \([0-9]+\.[0-9] MiB\), [0-9]+ entries$' "$OUT"

# on request: every regular file of the tree, each inode once
files=$(find "$ROOT" -type f -printf '%i\n' | sort -u | wc -l)
expect_exit 0 "$JAILTRIM" build -s "$ROOT" -p sshd -t "$W/b.tar" --source-size
assert_grep "^source: $files files, [0-9]+ bytes \\([0-9]+\\.[0-9] MiB\\)\$" "$OUT"
assert_grep '^jail:   [0-9]+ files, [0-9]+ bytes \([0-9.]+ MiB, [0-9.]+% of the source.s\)' "$OUT"
expect_exit 0 "$JAILTRIM" build -s "$ROOT" -p sshd -t "$W/c.tar" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["source"] is None and d["jail"]["files"] > 10, d["jail"]' "$OUT" ||
    fail "json report of a directory source"

# an archive is counted without asking
expect_exit 0 "$JAILTRIM" build -s "$JT_FIXTURE_TXZ" -p sshd -t "$W/d.tar"
assert_grep "^source: $((files - 1)) files, [0-9]+ bytes \\(2[0-9][0-9]\\.[0-9] MiB\\)\$" "$OUT"
exit 0
