#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# jailtrim restore, on copies of a small jail made from this host's
# /bin/sh plus files a shrink removes (headers, documentation, a program,
# a hard link of a kept file, a FIFO and a device node):
#  - changes made since the shrink (a file the admin put back with newer
#    content, a kept directory's mode, the content of a kept file a
#    removed hard link joins) are conflicts: listed, nothing written,
#    exit 1; --force restores over them;
#  - a backup changed after the shrink (a device node added, a setuid bit
#    set, its index edited to match) is refused whole, even with
#    --unsigned when its index does not list the member; a backup signed
#    with another key too; the genuine one puts back its own FIFO and
#    device node.
# The key is given as $JAILTRIM_BACKUP_KEY (CTest sets one under the
# work directory), so that an older jailtrim runs this script unchanged.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (owners, device nodes)"
command -v python3 >/dev/null || skip "no python3"
W=$JT_TEST_WORK/restore_safety
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JAILTRIM_BACKUP_KEY=$W/key
export JAILTRIM_BACKUP_KEY
sum() { python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$1"; }

# the jail before the shrink, copied for each case
expect_exit 0 jt build -s / -i /bin/sh -q -o "$W/orig"
J=$W/orig
mkdir -p "$J/usr/share/doc/pkg" "$J/usr/include" "$J/usr/share/misc" &&
    echo readme > "$J/usr/share/doc/pkg/README" &&
    echo 'int foo;' > "$J/usr/include/foo.h" &&
    echo keep > "$J/usr/bin/keepme" &&
    ln "$J/usr/bin/keepme" "$J/usr/bin/keepme-old" &&
    cp "$J/usr/bin/dash" "$J/usr/bin/extra" &&
    mkfifo "$J/usr/share/misc/fifo" || fail "making the jail"
if mknod "$J/usr/share/misc/null" c 1 3 2>/dev/null; then
	dev=yes
else
	dev=no
	note "mknod refused here: no device node in the jail"
fi
sum "$J" > "$W/orig.sum" || fail sum

# shrink: keeps sh and keepme, removes the rest; signed with $W/key
fresh() {
	rm -rf "$W/$1" "$W/$1.txz" && cp -a "$W/orig" "$W/$1" || fail "copy $1"
	expect_exit 0 jt shrink -i /bin/sh -i /usr/bin/keepme --base "$W/orig" --apply \
	    --backup "$W/$1.txz" "$W/$1"
	[ ! -e "$W/$1/usr/include/foo.h" ] && [ ! -e "$W/$1/usr/bin/keepme-old" ] &&
	    [ ! -e "$W/$1/usr/share/misc/fifo" ] || fail "$1: not shrunk as expected"
}

# 1. Untouched since the shrink: restored exactly, FIFO and device too.
fresh plain
expect_exit 0 jt restore "$W/plain.txz" "$W/plain"
sum "$W/plain" | diff "$W/orig.sum" - >&2 || fail "plain restore differs"
[ -p "$W/plain/usr/share/misc/fifo" ] || fail "FIFO not restored"
[ $dev = no ] || [ -c "$W/plain/usr/share/misc/null" ] || fail "device not restored"

# 2. Changed since: refused, listed, nothing written.
fresh changed
J=$W/changed
mkdir -p "$J/usr/include" && echo 'int foo = 2; /* newer */' > "$J/usr/include/foo.h" &&
    chmod 0700 "$J/usr/bin" && echo changed > "$J/usr/bin/keepme" || fail "changing"
sum "$J" > "$W/changed.sum"
expect_exit 1 jt restore "$W/changed.txz" "$J"
assert_grep 'conflict: /usr/include/foo.h: there again, not as the backup has it: content' "$ERR"
assert_grep 'conflict: /usr/bin: kept directory changed since the shrink: mode' "$ERR"
assert_grep 'conflict: /usr/bin/keepme: kept file a removed hard link joins changed since the shrink: content \(the removed link: /usr/bin/keepme-old\)' "$ERR"
assert_grep '3 changes since the shrink would be undone: not restored' "$ERR"
sum "$J" | diff "$W/changed.sum" - >&2 || fail "a refused restore changed the jail"
expect_exit 0 jt restore --force "$W/changed.txz" "$J"
[ "$(cat "$J/usr/include/foo.h")" = 'int foo;' ] || fail "--force did not restore"
[ -e "$J/usr/share/doc/pkg/README" ] || fail "--force: README not restored"

# 3. A backup changed after the shrink.  tamper.py OUT MODE: a copy of
# the backup with a member added or changed, its index as is or edited.
cat > "$W/tamper.py" <<'PY'
import hashlib, hmac, io, sys, tarfile
src, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]
IDX = "./.jailtrim-index"
members = []
with tarfile.open(src, "r:*") as t:
    for m in t.getmembers():
        data = t.extractfile(m).read() if m.isfile() else None
        members.append((m, data))
index = [d for m, d in members if m.name == IDX][0].decode()
members = [(m, d) for m, d in members if m.name != IDX]
lines = index.splitlines(True)
meta = None
for m, d in members:
    if m.name == "usr/bin/extra":
        if mode.startswith("setuid"):
            m.mode |= 0o4000
            lines = [l.replace(" f 755 0 0 0:0 ", " f 4755 0 0 0:0 ")
                     if l.split(" ")[10:11] == ["usr/bin/extra"] else l
                     for l in lines]
        meta = [l for l in lines if l.split(" ")[10:11] == ["usr/bin/extra"]][0].split(" ")[9]
if mode.startswith("device"):
    dev = tarfile.TarInfo("usr/share/sda")
    dev.type, dev.mode, dev.devmajor, dev.devminor = tarfile.CHRTYPE, 0o666, 8, 0
    members.append((dev, None))
    # the index line a shrink would have written for it
    lines.insert(-1, "r - - c 666 0 0 8:0 0 %s usr/share/sda -\n" % meta)
if mode == "bighole":
    # a sparse member of a petabyte with one byte of data (GNU sparse 1.0)
    big = tarfile.TarInfo("usr/share/GNUSparseFile.0/big")
    big.pax_headers = {"GNU.sparse.major": "1", "GNU.sparse.minor": "0",
                       "GNU.sparse.name": "usr/share/big",
                       "GNU.sparse.realsize": str(1 << 50)}
    data = ("1\n%d\n1\n" % ((1 << 50) - 1)).encode().ljust(512, b"\0") + b"x"
    big.size = len(data)
    members.append((big, data))
body = "".join(lines[:-1])
if mode.endswith("-otherkey"):
    body_mac = hmac.new(b"\0" * 32, body.encode(), hashlib.sha256).hexdigest()
    lines[-1] = "mac %s\n" % body_mac
if mode.endswith("-nokeychange") or mode.endswith("-otherkey") or mode.endswith("-forged"):
    index = "".join(lines)
if mode.endswith("-forged"):
    index = "".join(lines[:-1]) + "mac -\n"
buf = index.encode()
info = tarfile.TarInfo(IDX)
info.size, info.mode = len(buf), 0o600
with tarfile.open(out, "w:xz", format=tarfile.PAX_FORMAT) as t:
    for m, d in members:
        t.addfile(m, io.BytesIO(d) if d is not None else None)
    t.addfile(info, io.BytesIO(buf))
PY
fresh tampered
J=$W/tampered
sum "$J" > "$W/tampered.sum"
forged() {	# MODE FLAGS...: refused, nothing written
	_mode=$1; shift
	python3 "$W/tamper.py" "$W/tampered.txz" "$W/forged-$_mode.txz" "$_mode" ||
	    fail "tamper $_mode"
	expect_exit 1 jt restore "$@" "$W/forged-$_mode.txz" "$J"
	no_sanitizer_report "$_mode"
	sum "$J" | diff "$W/tampered.sum" - >&2 || fail "$_mode: the jail changed"
	[ ! -e "$J/usr/share/sda" ] || fail "$_mode: device node made"
}
# a device node, the index left as it was
forged device-indexkept
assert_grep 'member "usr/share/sda": refused: not as the backup.s index records it' "$ERR"
# ... and with --unsigned: still not in its index
forged device-indexkept --unsigned
assert_grep 'member "usr/share/sda": refused' "$ERR"
# the index edited to list it: the signature no longer matches
forged device-nokeychange
assert_grep 'not signed with this host.s backup key' "$ERR"
# signed with another key
forged device-otherkey
assert_grep 'not signed with this host.s backup key' "$ERR"
# the index made unsigned
forged device-forged
assert_grep 'not signed with this host.s backup key' "$ERR"
# a setuid bit set on a program, index edited to match
forged setuid-nokeychange
assert_grep 'not signed with this host.s backup key' "$ERR"
forged setuid-indexkept
assert_grep 'member "usr/bin/extra": refused' "$ERR"
# a member with a petabyte hole: refused at once, not hashed for hours
JT_TIMEOUT=30 forged bighole
assert_grep 'member "usr/share/big": refused' "$ERR"
# the genuine backup still restores
expect_exit 0 jt restore "$W/tampered.txz" "$J"
sum "$J" | diff "$W/orig.sum" - >&2 || fail "genuine restore differs"
[ -f "$W/key" ] && [ "$(stat -c %a "$W/key")" = 600 ] || fail "no 0600 key made"
# a key is exactly a key: not a longer file, not a name linked to another
head -c 64 /dev/urandom > "$W/longkey" && chmod 600 "$W/longkey" || fail "longkey"
expect_exit 1 jt restore --key "$W/longkey" "$W/tampered.txz" "$J"
assert_grep 'the backup key is not 32 bytes' "$ERR"
ln "$W/key" "$W/key2" || fail "ln"
expect_exit 1 jt restore "$W/tampered.txz" "$J"
assert_grep 'with one name' "$ERR"
rm -f "$W/key2"
echo "restore_safety: ok"
