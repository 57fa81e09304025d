#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Where an installed binary finds a profile: the local ones in
# ${PREFIX}/etc/jailtrim/profiles win over the shipped ones of the same
# name, and the shipped ones over $JAILTRIM_PROFILES.  The binary is
# staged in a DESTDIR (as a package is built); its local directory is the
# host's, so the test runs in a mount namespace of its own with a tmpfs
# there: nothing on the host is written.
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/profile_precedence
P=$W/dest/usr/local
if [ "${1:-}" != inner ]; then
	command -v unshare >/dev/null 2>&1 || skip "no unshare(1)"
	unshare -m true 2>/dev/null || skip "cannot make a mount namespace"
	B=$(dirname "$JAILTRIM")
	while [ "$B" != / ] && [ ! -f "$B/CMakeCache.txt" ]; do
		B=$(dirname "$B")
	done
	[ -f "$B/CMakeCache.txt" ] || fail "no build tree above $JAILTRIM"
	rm -rf "$W" && mkdir -p "$W" || fail mkdir
	DESTDIR=$W/dest cmake --install "$B" --prefix /usr/local \
	    >"$W/install.log" 2>&1 ||
	    { cat "$W/install.log" >&2; fail "cmake --install"; }
	[ -x "$P/sbin/jailtrim" ] || fail "no sbin/jailtrim"
	unshare -m sh "$0" inner || exit $?
	rm -rf "$W"
	exit 0
fi

J=$P/sbin/jailtrim
S=$P/share/jailtrim/profiles
unset JAILTRIM_PROFILES
# The local directory, as the binary names it in its search list.
"$J" profiles show no-such-profile-x >/dev/null 2>"$W/search"
L=$(sed -n 's|^ *\(/.*/etc/jailtrim/profiles\)$|\1|p' "$W/search" | head -1)
[ -n "$L" ] || { cat "$W/search" >&2; fail "no local profile directory"; }
# A tmpfs on its nearest existing ancestor, in this namespace only.
m=$L
while [ ! -d "$m" ]; do m=$(dirname "$m"); done
[ "$m" != / ] || skip "no directory to mount over for $L"
mount -t tmpfs jt-prec "$m" || skip "cannot mount a tmpfs on $m"
mkdir -p "$L" "$W/env" || fail mkdir

prof() { printf 'description %s\nfile /etc/motd\n' "$2" >"$1"; }
prof "$L/prec.profile" from-local
prof "$S/prec.profile" from-shipped
prof "$W/env/prec.profile" from-env
prof "$L/sshd.profile" local-sshd
prof "$W/env/sshd.profile" env-sshd
prof "$W/env/envonly.profile" from-env-only
export JAILTRIM_PROFILES="$W/env"

# which NAME: the file "profiles show" read
which() {
	expect_exit 0 "$J" profiles show "$1"
	sed -n '1s/^# [^ ]* (\(.*\)): .*/\1/p' "$OUT"
	cp "$OUT" "$W/last"
}
[ "$(which prec)" = "$L/prec.profile" ] ||
    fail "prec: local profile not first: $(head -1 "$W/last")"
[ "$(which sshd)" = "$L/sshd.profile" ] ||
    fail "sshd: local profile does not override the shipped one: $(head -1 "$W/last")"
[ "$(which envonly)" = "$W/env/envonly.profile" ] ||
    fail "envonly: not found in JAILTRIM_PROFILES: $(head -1 "$W/last")"
# the shipped ones are the staged ones, not the source tree's or the host's
[ "$(which base)" = "$S/base.profile" ] ||
    fail "base: not the installed one: $(head -1 "$W/last")"
# the listing agrees, each name once
expect_exit 0 "$J" profiles
assert_grep "^prec +.* $L +from-local" "$OUT"
assert_grep "^sshd +.* $L +local-sshd" "$OUT"
[ "$(grep -c '^prec ' "$OUT")" -eq 1 ] || fail "prec listed more than once"
# without the local one, the shipped one wins over JAILTRIM_PROFILES
rm "$L/prec.profile" "$L/sshd.profile"
[ "$(which prec)" = "$S/prec.profile" ] ||
    fail "prec: shipped profile not before JAILTRIM_PROFILES: $(head -1 "$W/last")"
[ "$(which sshd)" = "$S/sshd.profile" ] ||
    fail "sshd: shipped profile not before JAILTRIM_PROFILES: $(head -1 "$W/last")"
expect_exit 0 "$J" profiles
assert_grep "^prec +.* $S +from-shipped" "$OUT"
umount "$m"
