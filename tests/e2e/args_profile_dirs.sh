# SPDX-License-Identifier: BSD-2-Clause
# The profile search list names each directory once, at its first place:
# $JAILTRIM_PROFILES naming the built-in (shipped) directory, -P given
# twice, and -P given once as a relative path and once as an absolute one
# (the same real path) are not listed twice in "looked for ... in:".
. "$(dirname "$0")/lib.sh"

W="$JT_TEST_WORK/args_profile_dirs"
rm -rf "$W" && mkdir -p "$W/p" || fail "setup"
cd "$W" || fail "cd"

# "looked for" lines of $ERR: each directory must appear once
listed_once() {
	_dirs=$(sed -n 's/^    \(\/.*\|[^(].*\)$/\1/p' "$ERR")
	[ -n "$_dirs" ] || { cat "$ERR" >&2; fail "$1: no directories listed"; }
	_dups=$(printf '%s\n' "$_dirs" | while read -r _d; do
		[ -d "$_d" ] && (cd "$_d" && pwd -P) || echo "$_d"
	done | sort | uniq -d)
	[ -z "$_dups" ] || { cat "$ERR" >&2; fail "$1: listed twice: $_dups"; }
}

# the built-in directory (the build tree's, next to the binary) again in
# the environment, and a directory that does not exist, twice
JAILTRIM_PROFILES="$JT_SRCDIR/profiles:/nonexistent-jt:/nonexistent-jt" \
    expect_exit 2 "$JAILTRIM" build -p nosuch --dry-run
assert_grep '^jailtrim: nosuch: no such profile; looked for nosuch\.profile in:$' "$ERR"
assert_grep "^    $JT_SRCDIR/profiles\$" "$ERR"
assert_grep '^    /nonexistent-jt$' "$ERR"
listed_once "JAILTRIM_PROFILES=built-in"

# -P twice, and once more by another spelling: the first one is kept
expect_exit 2 "$JAILTRIM" build -p nosuch -P "$W/p" -P "$W/p" -P p/ \
    --dry-run
assert_grep "^    $W/p\$" "$ERR"
grep -q '^    p/$' "$ERR" && { cat "$ERR" >&2; fail "p/ listed after $W/p"; }
listed_once "-P twice"

# verify searches the same list
JAILTRIM_PROFILES="$JT_SRCDIR/profiles" expect_exit 2 "$JAILTRIM" verify \
    -p nosuch -P p -P "$W/p" "$W"
assert_grep '^    p$' "$ERR"
listed_once "verify"

# the order is kept: -P first, then the built-in ones
first=$(sed -n 's/^    //p' "$ERR" | head -1)
[ "$first" = p ] || fail "the first directory is $first, not p"
echo "ok"
