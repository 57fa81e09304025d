# SPDX-License-Identifier: BSD-2-Clause
# Profiles you can find: "jailtrim profiles" lists every shipped profile
# (name, platforms, directory, description), "profiles show" prints one
# resolved, "-p sshd.profile" and "-p ./my.profile" work, and a wrong name
# is answered with the directories searched and the nearest names.
. "$(dirname "$0")/lib.sh"

W="$JT_TEST_WORK/args_profiles"
rm -rf "$W" && mkdir -p "$W/p" || fail "setup"
cd "$W" || fail "cd"

expect_exit 0 "$JAILTRIM" profiles
for f in "$JT_SRCDIR"/profiles/*.profile; do
	n=$(basename "$f" .profile)
	d=$(sed -n 's/^description //p' "$f" | head -1)
	grep -q "^$n .*$JT_SRCDIR/profiles *$d\$" "$OUT" ||
	    { cat "$OUT" >&2; fail "profiles does not list $n ($d)"; }
done
assert_grep '^sshd +freebsd,linux ' "$OUT"
assert_grep '^rc +freebsd ' "$OUT"

# -P comes first and hides a shipped profile of the same name
printf 'description my own sshd\n[linux]\nprogram /bin/sh\n' > p/sshd.profile
printf 'description a test\ninclude base\nprogram /bin/sh\n' > p/mine.profile
expect_exit 0 "$JAILTRIM" profiles -P "$W/p"
assert_grep "^sshd +linux +$W/p +my own sshd\$" "$OUT"
assert_grep "^mine +freebsd,linux +$W/p " "$OUT"

expect_exit 0 "$JAILTRIM" profiles show sshd
assert_grep '^\[freebsd\]$' "$OUT"
assert_grep '^\[linux\]$' "$OUT"
assert_grep "^program /usr/sbin/sshd	# $JT_SRCDIR/profiles/sshd.profile:[0-9]+\$" "$OUT"
assert_grep "^file /etc/pwd.db	# $JT_SRCDIR/profiles/base.profile:" "$OUT"
expect_exit 0 "$JAILTRIM" profiles show --platform linux sshd.profile
grep -q '^\[freebsd\]' "$OUT" && fail "--platform linux printed freebsd"
assert_grep '^\[linux\]$' "$OUT"
expect_exit 0 "$JAILTRIM" profiles show -P "$W/p" mine
assert_grep '^# mine .*: a test$' "$OUT"
expect_exit 2 "$JAILTRIM" profiles show --platform hurd sshd

# a wrong name: where it looked, what is near
expect_exit 2 "$JAILTRIM" profiles show -P "$W/p" unbund
assert_grep "^    $W/p\$" "$ERR"
assert_grep "^    $JT_SRCDIR/profiles\$" "$ERR"
assert_grep 'did you mean: unbound$' "$ERR"
expect_exit 2 "$JAILTRIM" build -p zzzzzzzz --dry-run -s "$W"
assert_grep 'profiles there: base .*unbound' "$ERR"

# by file name and by path, with a source
need_fixture
expect_exit 0 "$JAILTRIM" build -s "$JT_FIXTURE_TXZ" -p sshd.profile --dry-run
assert_grep ' /usr/sbin/sshd ' "$OUT"
cp "$JT_SRCDIR/profiles/unbound.profile" my.profile
expect_exit 0 "$JAILTRIM" build -s "$JT_FIXTURE_TXZ" -p ./my.profile --dry-run
assert_grep ' /usr/sbin/unbound ' "$OUT"
exit 0
