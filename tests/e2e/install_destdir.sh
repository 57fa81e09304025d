#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A packager's install: `cmake --install` into a DESTDIR, the layout a port
# or package carries (command in sbin/, man pages, shipped profiles, example
# manifests), no source or build path in the installed binary, and the
# installed binary run against the fixture, finding its shipped profiles.
. "$(dirname "$0")/lib.sh"
need_fixture
# the build tree: where CMakeCache.txt is, above the binary
B=$(dirname "$JAILTRIM")
while [ "$B" != / ] && [ ! -f "$B/CMakeCache.txt" ]; do B=$(dirname "$B"); done
[ -f "$B/CMakeCache.txt" ] || fail "no build tree above $JAILTRIM"
W=$JT_TEST_WORK/install_destdir
rm -rf "$W" && mkdir -p "$W" || fail mkdir
D=$W/dest
P=$D/usr/local
DESTDIR=$D cmake --install "$B" --prefix /usr/local >"$W/install.log" 2>&1 ||
    { cat "$W/install.log" >&2; fail "cmake --install"; }

# The layout.
[ -x "$P/sbin/jailtrim" ] || fail "no sbin/jailtrim"
[ ! -e "$P/bin/jailtrim" ] || fail "jailtrim also in bin/"
for f in share/man/man8/jailtrim.8 share/man/man5/jailtrim-profile.5 \
    share/man/man5/jailtrim-manifest.5; do
	[ -f "$P/$f" ] || fail "no $f"
done
for f in "$JT_SRCDIR"/profiles/*.profile; do
	[ -f "$P/share/jailtrim/profiles/${f##*/}" ] || fail "no profile ${f##*/}"
done
for f in "$JT_SRCDIR"/manifests/*.jail; do
	[ -f "$P/share/examples/jailtrim/${f##*/}" ] || fail "no example ${f##*/}"
done
[ -f "$P/share/doc/jailtrim/LICENSE" ] || fail "no LICENSE"
# nothing outside the prefix (no /etc, no build-tree files)
( cd "$D" && find . ! -type d ! -path './usr/local/*' ) >"$W/outside"
[ ! -s "$W/outside" ] || { cat "$W/outside" >&2; fail "files outside the prefix"; }

# No build-tree or source-tree path compiled into what is installed.  A
# sanitizer build (never shipped) is exempt: GCC's sanitizers record source
# paths that -ffile-prefix-map does not rewrite.
src=$(cd "$JT_SRCDIR" && pwd -P) bld=$(cd "$B" && pwd -P)
if grep -q '^JT_SANITIZE:BOOL=ON' "$B/CMakeCache.txt"; then
	note "sanitizer build: installed paths not checked"
else
	for d in "$src" "$bld" "$JT_SRCDIR" "$B"; do
		if grep -arlF "$d" "$P" >"$W/leak"; then
			cat "$W/leak" >&2
			fail "installed files name $d"
		fi
	done
fi

# The installed binary runs against the fixture: deps, and a build with
# the shipped sshd profile, found next to it (no JAILTRIM_PROFILES).
unset JAILTRIM_PROFILES
expect_exit 0 timeout 300 "$P/sbin/jailtrim" deps -s "$JT_FIXTURE_TXZ" \
    -f list /usr/sbin/sshd
[ "$(wc -l < "$OUT")" -eq 24 ] || fail "sshd closure: $(wc -l < "$OUT") files"
expect_exit 0 timeout 300 "$P/sbin/jailtrim" build -s "$JT_FIXTURE_TXZ" \
    -p sshd -n sshd -q -o "$W/sshd"
[ -f "$W/sshd/usr/sbin/sshd" ] && [ -f "$W/sshd/etc/pam.d/sshd" ] ||
    fail "installed build -p sshd: no sshd or PAM config in the jail"

# JAILTRIM_PROFILES is colon-separated and searched after the shipped
# profiles: a broken sshd.profile there is not read, a new one is found.
mkdir -p "$W/p1" "$W/p2" || fail mkdir
printf 'no-such-directive\n' >"$W/p1/sshd.profile"
printf 'description mine\nfile /etc/motd\n' >"$W/p2/mine.profile"
export JAILTRIM_PROFILES="$W/none:$W/p1:$W/p2"
expect_exit 0 timeout 300 "$P/sbin/jailtrim" build -s "$JT_FIXTURE_TXZ" \
    -p sshd -p mine -n sshd -q -o "$W/mine"
[ -f "$W/mine/etc/motd" ] || fail "profile 'mine' from JAILTRIM_PROFILES not used"
rm -rf "$W"
