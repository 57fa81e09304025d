#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A FreeBSD package stacked on the base: a "named" stand-in (a program
# cross-compiled against the fixture, needing libfoo.so.1 from
# /usr/local/lib, found only through the ldconfig hints) packed as a pkg
# with +COMPACT_MANIFEST/+MANIFEST.  The jail must have the program, its
# library and a hints file listing /usr/local/lib, since a jail that never
# runs /etc/rc never runs ldconfig; and nothing of the pkg metadata.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
freebsd_objs
W=$JT_TEST_WORK/build_pkg
rm -rf "$W" && mkdir -p "$W" || fail mkdir

python3 - "$OBJ64/prog_foo" "$OBJ64/libfoo.so.1" "$W/named-9.9.pkg" <<'PY' || fail "pkg"
import io, json, sys, tarfile
prog, lib, out = sys.argv[1:]
manifest = {"name": "bind99", "version": "9.9.5", "origin": "dns/bind99",
    "prefix": "/usr/local", "abi": "FreeBSD:10:amd64",
    "files": {"/usr/local/sbin/named": "-", "/usr/local/lib/libfoo.so.1": "-"}}
with tarfile.open(out, "w:xz", format=tarfile.PAX_FORMAT) as t:
    for name in ("+COMPACT_MANIFEST", "+MANIFEST"):
        data = json.dumps(manifest).encode()
        ti = tarfile.TarInfo(name); ti.size = len(data); ti.mode = 0o644
        t.addfile(ti, io.BytesIO(data))
    for path, src, mode in (("/usr/local/sbin/named", prog, 0o555),
                            ("/usr/local/lib/libfoo.so.1", lib, 0o444)):
        ti = t.gettarinfo(src, arcname=path)
        ti.name = path          # pkg keeps absolute names
        ti.mode = mode; ti.uid = ti.gid = 0; ti.uname = "root"; ti.gname = "wheel"
        with open(src, "rb") as f:
            t.addfile(ti, f)
PY

# The package alone does not say where its library is: only the hints do.
expect_exit 0 "$JAILTRIM" deps -s "$FBSD_ROOT" -s "$W/named-9.9.pkg" /usr/local/sbin/named
assert_grep 'libfoo.so.1 => /usr/local/lib/libfoo.so.1 \(ldconfig hints /usr/local/lib\)' "$OUT"

expect_exit 0 "$JAILTRIM" build -s "$FBSD_ROOT" -s "$W/named-9.9.pkg" \
    -i /usr/local/sbin/named -o "$W/root"
for f in /usr/local/sbin/named /usr/local/lib/libfoo.so.1 /libexec/ld-elf.so.1 \
    /lib/libc.so.7 /var/run/ld-elf.so.hints; do
	[ -f "$W/root$f" ] || fail "$f missing from the jail"
done
ls "$W/root" | grep -q '^+' && fail "pkg metadata in the jail root"
python3 - "$W/root/var/run/ld-elf.so.hints" <<'PY' || fail "hints file"
import struct, sys
b = open(sys.argv[1], "rb").read()
magic, ver, strtab, strsize, dirlist, dirlistlen = struct.unpack("<6I", b[:24])
assert magic == 0x746e6845 and ver == 1 and strtab == 128, (hex(magic), ver)
assert b[24:128] == bytes(104), "spare words"
dirs = b[strtab + dirlist: strtab + dirlist + dirlistlen].decode().split(":")
assert dirs == ["/lib", "/usr/lib", "/usr/local/lib"], dirs
assert len(b) == 128 + dirlistlen + 1 and b[-1] == 0
PY
# The jail is self-contained: with its own hints, no rc.conf fallback.
expect_exit 0 "$JAILTRIM" deps -s "$W/root" --all -f list
expect_exit 0 "$JAILTRIM" deps -s "$W/root" /usr/local/sbin/named
assert_grep '\(ldconfig hints /usr/local/lib\)' "$OUT"
echo "build_pkg: ok"
