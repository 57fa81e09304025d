#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# jailtrim build from the FreeBSD fixture: a self-contained sshd root,
# tarballs that do not depend on umask, TZ, locale or cwd, hard links,
# setuid and schg kept in tarball and mtree, refusals, hostile sources.
. "$(dirname "$0")/lib.sh"
need_fixture
TXZ=$JT_FIXTURE_TXZ
W=$JT_TEST_WORK/build_basic
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=600
set -- -s "$TXZ" -i /usr/sbin/sshd -i /etc/ssh/sshd_config \
    -i /etc/ssh/moduli -i /bin/test -i '/bin/[' -i /usr/bin/su -i /var/empty \
    -n sshd --epoch 1416700000

# Two builds in different conditions give the same bytes.
(umask 022; cd /; TZ=UTC LC_ALL=C jt build "$@" -o "$W/root" \
    -t "$W/a.txz" -m "$W/a.mtree" -j "$W/jail.conf" --command /usr/sbin/sshd) ||
    fail "first build"
(umask 077; cd "$W"; TZ=Asia/Kathmandu LC_ALL=C.UTF-8 LANG=de_DE.UTF-8 \
    jt build "$@" -t "$W/b.txz" -m "$W/b.mtree") || fail "second build"
cmp "$W/a.txz" "$W/b.txz" || fail "tarballs differ"
cmp "$W/a.mtree" "$W/b.mtree" || fail "mtrees differ"
note "sha256 $(sha256sum < "$W/a.txz" | cut -c1-16)... both builds"

# The root holds sshd's 24-file closure and is self-contained.
expect_exit 0 "$JAILTRIM" deps -s "$W/root" -f list /usr/sbin/sshd
[ "$(wc -l < "$OUT")" -eq 24 ] || fail "closure in the root: $(wc -l < "$OUT")"
expect_exit 0 "$JAILTRIM" deps -s "$W/root" --all -f list
kb=$(du -sk "$W/root" | cut -f1)
[ "$kb" -le 10240 ] || fail "root is $kb KiB, more than 10 MiB"
note "sshd root: $kb KiB"

# Hard links, setuid and schg: in the tarball, the mtree and the tree.
tar -tvJf "$W/a.txz" > "$W/a.list" 2>/dev/null || fail "tar -t"
assert_grep '^h.* \./bin/test link to \./bin/\[$' "$W/a.list"
assert_grep '^-r-sr-xr-x root/wheel .* \./usr/bin/su$' "$W/a.list"
python3 - "$W/a.txz" <<'PY' || fail "pax SCHILY.fflags"
import sys, tarfile
t = tarfile.open(sys.argv[1])
m = {i.name: i for i in t.getmembers()}
assert m["./usr/bin/su"].pax_headers.get("SCHILY.fflags") == "schg", m["./usr/bin/su"].pax_headers
assert m["./var/empty"].pax_headers.get("SCHILY.fflags") == "schg"
assert all(i.mtime == 1416700000 for i in t.getmembers())
names = [i.name for i in t.getmembers()]
assert names == sorted(names, key=lambda s: s.encode()), "not sorted"
PY
assert_grep '^\./bin/test nlink=2 .*type=file' "$W/a.mtree"
assert_grep '^\./usr/bin/su .*flags=schg mode=4555' "$W/a.mtree"
assert_grep '^\./var/empty .*flags=schg mode=555 .*type=dir' "$W/a.mtree"
[ "$(stat -c %i "$W/root/bin/test")" = "$(stat -c %i "$W/root/bin/[")" ] ||
    fail "hard link lost in the directory"
[ "$(stat -c %a "$W/root/usr/bin/su")" = 4555 ] || fail "setuid lost"
assert_grep 'exec.start = "/usr/sbin/sshd";' "$W/jail.conf"

# A non-empty destination is refused; --force replaces it.
expect_exit 2 "$JAILTRIM" build -s "$W/root" -i /usr/sbin/sshd -o "$W/root"
assert_grep 'not an empty directory.*--force' "$ERR"
expect_exit 0 "$JAILTRIM" build -s "$TXZ" -i /usr/sbin/sshd -o "$W/root" --force
ls -d "$W"/root.* 2>/dev/null && fail "temporary trees left beside the root"

# Hostile source: a symlink to a host file is read inside the root only;
# a device node is not copied.
mkdir -p "$W/hostile-src/etc" "$W/hostile-src/dev" && ln -s /etc/shadow "$W/hostile-src/etc/shadow" &&
    ln -s ../../../../../etc/passwd "$W/hostile-src/etc/up" || fail "hostile root"
expect_exit 1 "$JAILTRIM" build -s "$W/hostile-src" -i /etc/shadow -o "$W/out1"
assert_grep '/etc/shadow' "$ERR"
[ -e "$W/out1" ] && fail "a jail was written from an unresolvable path"
expect_exit 1 "$JAILTRIM" build -s "$W/hostile-src" -i /etc/up -o "$W/out2"
assert_grep "leads above the root" "$ERR"
# A profile naming /etc/shadow, which the source links to the host's:
# looked up inside the root, not found, nothing written, nothing read.
mkdir -p "$W/prof" && printf '[all]\nfile /etc/shadow\n' > "$W/prof/leak.profile"
expect_exit 3 "$JAILTRIM" build -s "$W/hostile-src" -P "$W/prof" -p leak -o "$W/out4"
assert_grep 'leak.profile:2\): /etc/shadow is not in the source' "$ERR"
[ -e "$W/out4" ] && fail "a jail was written from a leaking profile"
expect_exit 1 "$JAILTRIM" build -s "$W/hostile-src" -i /etc/shadow -t "$W/leak.tar"
[ -e "$W/leak.tar" ] && fail "a tarball was written with the host's shadow"
if mknod "$W/hostile-src/dev/null" c 1 3 2>/dev/null; then
	expect_exit 1 "$JAILTRIM" build -s "$W/hostile-src" -i /dev/null -o "$W/out3"
	assert_grep 'device nodes' "$ERR"
fi

# A build killed midway leaves no jail at the destination.
"$JAILTRIM" build "$@" -o "$W/killed" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
[ -e "$W/killed" ] && fail "a killed build left a jail at the destination"
rm -rf "$W"/killed.jailtrim-*
echo "build_basic: ok"
