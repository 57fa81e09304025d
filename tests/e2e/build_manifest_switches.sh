#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The manifest's switches for build's --bare, --allow-incomplete and
# --no-ca (jailtrim-manifest(5)): "bare yes" from a manifest on the
# FreeBSD fixture gives a jail without /dev and a stanza without
# mount.devfs (and, without it, both are there); "allow-incomplete yes"
# writes a jail whose module lacks its library (a dry run exits 0 too);
# "no-ca yes" leaves curl's CA bundle out on this Debian host; in a
# fleet, a block's value overrides the shared one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
ROOT=$(fixture_root)
case_dir build_manifest_switches
M=$CASES/m
mkdir -p "$M/out" && ln -s "$ROOT" "$M/base" || fail mkdir

# jail NAME [LINE]...: a manifest $M/NAME.jail building /bin/sh.
jail() {
	_n=$1; shift
	{ printf 'name %s\nsource base\ninclude /bin/sh\n' "$_n"
	  printf 'output dir out/%s\noutput jailconf out/%s.conf\n' "$_n" "$_n"
	  for l in "$@"; do printf '%s\n' "$l"; done; } >"$M/$_n.jail" ||
	    fail "cannot write $_n.jail"
}

# --- bare --------------------------------------------------------------
CASE=bare
jail bare "bare yes"
expect_exit 0 jt build -q "$M/bare.jail"
[ -x "$M/out/bare/bin/sh" ] || fail "$CASE: /bin/sh not written"
[ ! -e "$M/out/bare/dev" ] || fail "$CASE: a /dev in a bare jail"
[ ! -e "$M/out/bare/tmp" ] || fail "$CASE: a /tmp in a bare jail"
assert_grep '^bare \{$' "$M/out/bare.conf"
! grep -q 'mount.devfs' "$M/out/bare.conf" ||
    { cat "$M/out/bare.conf" >&2; fail "$CASE: mount.devfs without /dev"; }
no_sanitizer_report "$CASE"

# "bare no", the default: the skeleton and mount.devfs.
CASE=not_bare
jail full "bare no"
expect_exit 0 jt build -q "$M/full.jail"
[ -d "$M/out/full/dev" ] || fail "$CASE: no /dev"
assert_grep 'mount.devfs' "$M/out/full.conf"
# --bare on the command line over "bare no": the flag sets it.
rm -rf "$M/out/full" "$M/out/full.conf"
expect_exit 0 jt build -q "$M/full.jail" --bare
[ ! -e "$M/out/full/dev" ] || fail "$CASE: --bare over 'bare no'"

# A bad value names the file and the line; nothing is written.
CASE=bad
jail bad "bare true"
expect_exit 1 jt build "$M/bad.jail"
assert_grep 'bad.jail:6: bad bare .true. \(yes or no\)' "$ERR"
[ ! -e "$M/out/bad" ] || fail "$CASE: written"

# A fleet: shared "bare yes", one block back to "bare no".
CASE=fleet
cat >"$M/fleet.jail" <<'F' || fail fleet
source base
output dir out/f-${name}
bare yes
jail one {
	include /bin/sh
}
jail two {
	include /bin/sh
	bare no
}
F
expect_exit 0 jt build -q "$M/fleet.jail"
[ -x "$M/out/f-one/bin/sh" ] && [ ! -e "$M/out/f-one/dev" ] ||
    fail "$CASE: one is not bare"
[ -d "$M/out/f-two/dev" ] || fail "$CASE: two is bare"

# --- Debian host: allow-incomplete, no-ca ------------------------------
CC=$(command -v cc || command -v gcc || command -v clang) ||
    { note "no C compiler: allow-incomplete not tested"; exit 0; }
[ -r /lib64/ld-linux-x86-64.so.2 ] ||
    { note "not an x86_64 glibc host: the Debian part not tested"; exit 0; }
host_mod_objects
overlay ov
mkdir -p "$CASES/out" || fail mkdir
put "$CASES/libjtmod.so" /opt/jtmods/libjtmod.so
CASE=allow_incomplete
printf 'name inc\nsource /\nsource ov\ninclude /opt/jtmods\noutput dir out/inc\n' \
    >"$CASES/inc.jail" || fail manifest
expect_exit 3 jt build "$CASES/inc.jail"
[ ! -e "$CASES/out/inc" ] || fail "$CASE: refused, yet written"
echo 'allow-incomplete yes' >>"$CASES/inc.jail"
expect_exit 0 jt build "$CASES/inc.jail" --dry-run
assert_grep 'would write a jail that may not start \(1 problem\)' "$ERR"
expect_exit 0 jt build "$CASES/inc.jail"
[ -f "$CASES/out/inc/opt/jtmods/libjtmod.so" ] || fail "$CASE: not written"
assert_grep '^incomplete: 1 problem, written anyway' "$OUT"

CA=/etc/ssl/certs/ca-certificates.crt
if [ ! -x /usr/bin/curl ] || [ ! -f $CA ]; then
	note "no curl or no $CA on this host: no-ca not tested"
else
	CASE=no_ca
	printf 'source /\ninclude /usr/bin/curl\noutput dir out/ca\n' \
	    >"$CASES/ca.jail" || fail manifest
	expect_exit 0 jt build "$CASES/ca.jail" --dry-run
	grep -q " $CA  # added because" "$OUT" || fail "$CASE: no CA at all"
	echo 'no-ca yes' >>"$CASES/ca.jail"
	expect_exit 0 jt build "$CASES/ca.jail" --dry-run
	! grep -q " $CA  # " "$OUT" || fail "$CASE: the CA bundle with no-ca yes"
	! grep -q 'added because' "$ERR" || fail "$CASE: a note"
fi
echo "build_manifest_switches: ok"
