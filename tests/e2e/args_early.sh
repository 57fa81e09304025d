# SPDX-License-Identifier: BSD-2-Clause
# Argument errors are found before the source is read: a wrong profile
# name, a bad tarball suffix, a non-empty -o without --force, a missing
# parent directory, a bad -n each exit 2 at once, with the txz (4-15 s to
# read) as source.
. "$(dirname "$0")/lib.sh"
need_fixture

W="$JT_TEST_WORK/args_early"
rm -rf "$W" && mkdir -p "$W/full" && touch "$W/full/x" || fail "setup"
cd "$W" || fail "cd"

# quick CODE ARGS...: jailtrim ARGS exits CODE in under a second.
quick() {
	_t0=$(date +%s%N)
	expect_exit "$@"
	_ms=$(( ($(date +%s%N) - _t0) / 1000000 ))
	note "$* -> ${_ms} ms"
	[ "$_ms" -lt 1000 ] || fail "'$*' took ${_ms} ms (read the source?)"
}

S="-s $JT_FIXTURE_TXZ"
quick 2 "$JAILTRIM" build $S -p nosuchprofile -o out1
assert_grep 'nosuchprofile: no such profile' "$ERR"
quick 2 "$JAILTRIM" build $S -p sshd --rc -P "$W/full" -o out1 -n 'bad name!'
assert_grep "jail name 'bad name!'" "$ERR"
quick 2 "$JAILTRIM" build $S -p sshd -n 'bad name!' -o out1
# a profile that does not parse (for either platform) is no usage error,
# but it is found as early
mkdir -p p && printf '[linux]\nprogramme /bin/sh\n' > p/typo.profile
quick 1 "$JAILTRIM" build $S -P "$W/p" -p typo -o out1
assert_grep 'typo.profile:2: unknown directive' "$ERR"
quick 2 "$JAILTRIM" build $S -p sshd -t out.zip
assert_grep 'suffix' "$ERR"
quick 2 "$JAILTRIM" build $S -p sshd -o full
assert_grep 'force' "$ERR"
quick 2 "$JAILTRIM" build $S -p sshd -o "$W/missing/jail"
assert_grep 'missing' "$ERR"
quick 2 "$JAILTRIM" build $S -p sshd -t "$W/missing/j.txz"
quick 2 "$JAILTRIM" build $S -p sshd -m "$W/missing/j.mtree"
quick 2 "$JAILTRIM" build $S -p sshd -j "$W/missing/j.conf"
assert_grep 'missing.*No such file' "$ERR"
quick 2 "$JAILTRIM" build $S -p sshd --dry-run -p sshx
quick 2 "$JAILTRIM" verify -p sshdd "$JT_FIXTURE_TXZ"
assert_grep 'did you mean: sshd' "$ERR"
quick 2 "$JAILTRIM" verify -n 'bad name!' "$JT_FIXTURE_TXZ"
quick 2 "$JAILTRIM" verify -c "$W/missing.conf" "$JT_FIXTURE_TXZ"
assert_grep 'missing.conf: cannot read' "$ERR"
quick 2 "$JAILTRIM" shrink -p nosuchprofile "$W/full"
# nothing was written on the way
[ ! -e out1 ] && [ ! -e out.zip ] && [ ! -e "$W/missing" ] ||
    fail "a refused build left something behind"
exit 0
