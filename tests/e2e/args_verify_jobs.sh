# SPDX-License-Identifier: BSD-2-Clause
# verify's -j and --jobs count two things: -j how many jails of a fleet
# are verified at once, --jobs how many threads decode an archive.  The
# usage, the man page and bash completion say which is which, and -j
# given for one jail (perhaps meant as threads) is not ignored silently.
. "$(dirname "$0")/lib.sh"

W="$JT_TEST_WORK/args_verify_jobs"
rm -rf "$W" && mkdir -p "$W" || fail "setup"
cd "$W" || fail "cd"

expect_exit 0 "$JAILTRIM" verify -h
assert_grep '\[-j JAILS\]' "$ERR"
assert_grep '\[--jobs THREADS\]' "$ERR"
expect_exit 2 "$JAILTRIM" verify -j 0 .
assert_grep '^jailtrim: -j 0: jails of a fleet verified at once, 1 to 64' "$ERR"
expect_exit 2 "$JAILTRIM" verify --jobs 0 .
assert_grep '^jailtrim: --jobs 0: a number of threads' "$ERR"

# one jail with -j: verified, with a note naming --jobs
expect_exit 0 "$JAILTRIM" build -q -s / -i /bin/true -o jail
expect_exit 0 "$JAILTRIM" verify -j 2 jail
assert_grep '^jailtrim: note: -j 2: jails of a fleet at once, .*--jobs N' "$ERR"
expect_exit 0 "$JAILTRIM" verify --jobs 2 jail
grep -q 'note: -j' "$ERR" && fail "a note without -j"

# the man page's SYNOPSIS of verify names them the same way
if command -v mandoc >/dev/null 2>&1; then
	mandoc -T ascii "$JT_SRCDIR/man/jailtrim.8" | col -b |
	    awk '/^SYNOPSIS/{f=1;next} /^[A-Z]/{f=0} f' |
	    awk '/^     jailtrim /{v = ($2 == "verify")} v' > synopsis
	assert_grep '\[-j jails\]' synopsis
	assert_grep '\[--jobs threads\]' synopsis
fi

# bash: after build's -j a file (its jail.conf), after verify's none
command -v bash >/dev/null 2>&1 || { echo "ok (no bash)"; exit 0; }
bcomp() {
	bash --norc --noprofile -c '
	    . "$1" || exit 1; shift
	    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
	    _jailtrim jailtrim "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	    printf "%s\n" "${COMPREPLY[@]}"' bcomp \
	    "$JT_SRCDIR/completion/jailtrim.bash" "$@"
}
touch jt-some.conf
[ "$(bcomp jailtrim build -j jt-)" = jt-some.conf ] ||
    fail "build -j jt-<TAB> does not offer jt-some.conf: $(bcomp jailtrim build -j jt-)"
[ -z "$(bcomp jailtrim verify -j jt-)" ] ||
    fail "verify -j <TAB> offers files: $(bcomp jailtrim verify -j jt-)"
echo "ok"
