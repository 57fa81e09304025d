#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# jailtrim shrink on a Linux root: a fat root made of this Debian system's
# sshd jail plus whole packages' files (coreutils, findutils, bind9's
# utilities, perl-base), shrunk for sshd, still starts and answers its
# banner (verify --start, in its own namespaces), and restores exactly,
# the dpkg database included.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (owners, namespaces)"
[ -x /usr/sbin/sshd ] || skip "openssh-server not installed"
unshare -n true 2>/dev/null || skip "no network namespaces here"
W=$JT_TEST_WORK/shrink_debian
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=600

expect_exit 0 jt build -s / -p sshd -q -o "$W/fat"
# and every file and link the packages installed, copied as they are
for pkg in coreutils findutils perl-base bind9-dnsutils; do
	dpkg -L "$pkg" 2>/dev/null
done | while read -r f; do
	{ [ -f "$f" ] || [ -L "$f" ]; } && printf '%s\n' "${f#/}"
done > "$W/files"
[ "$(wc -l < "$W/files")" -gt 100 ] || skip "too few package files for a fat root"
tar -C / -cf - -T "$W/files" | tar -C "$W/fat" -xf - || fail "copying packages"
# and their dpkg registration: status paragraphs and info lists, so the
# packages are units (perl-base goes whole and is deregistered, findutils,
# which --keep-from needs, stays whole)
mkdir -p "$W/fat/var/lib/dpkg/info" || fail mkdir
for pkg in coreutils findutils perl-base bind9-dnsutils; do
	dpkg-query -s "$pkg" 2>/dev/null && echo
done > "$W/fat/var/lib/dpkg/status"
grep -q '^Package: perl-base$' "$W/fat/var/lib/dpkg/status" || fail "dpkg-query perl-base"
for pkg in coreutils findutils perl-base bind9-dnsutils; do
	for f in /var/lib/dpkg/info/"$pkg".* /var/lib/dpkg/info/"$pkg":*.*; do
		[ -f "$f" ] && cp -p "$f" "$W/fat/var/lib/dpkg/info/"
	done
done
ls "$W/fat/var/lib/dpkg/info/"perl-base*.list >/dev/null 2>&1 || fail "perl-base's list"
# links that point out of the jail are links in it, never followed
ln -s /etc "$W/fat/usr/share/host-etc" && ln -s /etc/passwd "$W/fat/usr/share/host-passwd" ||
    fail "links"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$W/fat" > "$W/orig.sum" || fail sum
host=$(cksum /etc/passwd)

# A running jail is refused: here a process chrooted into it.
chroot "$W/fat" /bin/sleep 60 &
pid=$!
sleep 0.3
expect_exit 1 jt shrink -p sshd "$W/fat"
assert_grep "process $pid has its root here: the jail is running" "$ERR"
kill "$pid"; wait "$pid" 2>/dev/null

before=$(du -sk "$W/fat" | cut -f1)

printf '/usr/bin/find   # the admin wants it\n' > "$W/keep.txt"
expect_exit 0 jt shrink -p sshd --base / --keep-from "$W/keep.txt" --json "$W/fat"
python3 - "$OUT" <<'PY' || fail "--json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["remove_bytes"] > 0 and d["remove_entries"] == len(d["removals"]), d
assert "/usr/bin/perl" in d["removals"] and "/usr/bin/find" not in d["removals"]
assert any(g["group"] == "unused programs" for g in d["groups"]), d["groups"]
PY
expect_exit 0 jt shrink -p sshd --base / --keep-from "$W/keep.txt" --apply --backup "$W/fat.tgz" "$W/fat"
assert_grep 'removing [0-9]+ of [0-9]+ entries' "$OUT"
assert_grep ': ok$' "$OUT"
after=$(du -sk "$W/fat" | cut -f1)
[ "$after" -lt "$before" ] || fail "nothing removed ($before KiB)"
[ ! -e "$W/fat/usr/bin/perl" ] || fail "perl kept"
[ -x "$W/fat/usr/bin/find" ] || fail "--keep-from: find removed"
[ "$(cksum /etc/passwd)" = "$host" ] && [ -f /etc/passwd ] || fail "host touched"
! grep -q '^Package: perl-base$' "$W/fat/var/lib/dpkg/status" || fail "perl-base still registered"
grep -q '^Package: findutils$' "$W/fat/var/lib/dpkg/status" || fail "findutils deregistered"
! ls "$W/fat/var/lib/dpkg/info/"perl-base* >/dev/null 2>&1 || fail "perl-base's info files stay"
[ -f "$W/fat/var/lib/dpkg/info/findutils.list" ] || fail "findutils' list went"
note "shrunk from $before KiB to $after KiB"
expect_exit 0 jt verify -p sshd --start --timeout 60 "$W/fat"
assert_grep 'probe tcp 22 SSH-2.0-: banner SSH-2.0-' "$OUT"

expect_exit 0 jt restore "$W/fat.tgz" "$W/fat"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$W/fat" | diff "$W/orig.sum" - >&2 ||
    fail "restore differs"
echo "shrink_debian: ok ($before KiB -> $after KiB)"
