#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# deps_all_chain: "deps --all" of long library chains (issue 9).  Every
# closure of a chain of n libraries (lib i needs lib i-1) holds the ones
# below it; finding each node with a linear scan made --all cubic
# (2,000 libraries: 15 s of CPU).  Now each closure is linear and the
# closures share their searches: 3,000 must finish within a CPU-time
# limit, with the right list.  The shared searches must not
# change any answer: --all equals each root asked for alone, on a tree
# where the same name resolves differently by loader (an inherited
# DT_RPATH, $ORIGIN through a symlink).  Objects are generated here.
. "$(dirname "$0")/lib.sh"

command -v cc >/dev/null || skip "cc not installed"
command -v perl >/dev/null || skip "perl not installed"
command -v python3 >/dev/null || skip "python3 not installed"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 objects expected"

W=$JT_TEST_WORK/deps_all_chain
rm -rf "$W" && mkdir -p "$W/obj" || fail "cannot create $W"
# 3,000 libraries within 30 s of CPU: about 6 s idle and 12 s on a loaded
# host here; the cubic version needs over 50 s.  A sanitizer build is 4x
# slower: it checks the same answers on 1,000, with no limit.
N=3000 CPU=30
if ldd "$JAILTRIM" 2>/dev/null | grep -Eq 'lib(a|ub)san'; then
	N=1000 CPU=unlimited
fi

# Tiny x86_64 objects: no libc, one symbol; names patched per copy.
LDF="-shared -fPIC -nostdlib -s -Wl,-z,noseparate-code -Wl,--build-id=none"
echo 'int f(void) { return 1; }' >"$W/obj/f.c"
( cd "$W/obj" &&
  cc $LDF -o libchYYYYY.so -Wl,-soname,libchYYYYY.so f.c &&
  cc $LDF -o top.so -Wl,-soname,libchXXXXX.so -Wl,--no-as-needed f.c \
      -L. -lchYYYYY ) || fail "cannot build the chain objects"
mkdir -p "$W/chain/usr/lib"
perl -e '
	my ($n, $obj, $out) = @ARGV;
	local $/;
	open(my $f, "<", "$obj/top.so") or die; binmode $f; my $top = <$f>;
	open($f, "<", "$obj/libchYYYYY.so") or die; binmode $f; my $base = <$f>;
	for my $i (0 .. $n - 1) {
		my ($x, $y) = (sprintf("%05d", $i), sprintf("%05d", $i - 1));
		my $b = $i == 0 ? $base : $top;
		if ($i == 0) { $b =~ s/YYYYY/$x/g } else { $b =~ s/XXXXX/$x/g; $b =~ s/YYYYY/$y/g }
		open(my $o, ">", "$out/libch$x.so") or die; binmode $o; print $o $b;
	}' "$N" "$W/obj" "$W/chain/usr/lib" || fail "cannot copy the chain"

# The chain: every library, each closure resolved, within the CPU limit.
(
	ulimit -t $CPU
	exec "$JAILTRIM" deps -s "$W/chain" --all -f list
) >"$W/list" 2>"$W/err"
rc=$?
[ $rc -eq 0 ] || { head "$W/err" >&2; fail "deps --all of $N libraries: exit $rc (>128: the CPU limit)"; }
[ "$(wc -l <"$W/list")" -eq $N ] || fail "deps --all: $(wc -l <"$W/list") paths, want $N"
TOP=$(printf '/usr/lib/libch%05d.so' $((N - 1)))
[ "$(head -1 "$W/list")" = /usr/lib/libch00000.so ] &&
    [ "$(tail -1 "$W/list")" = "$TOP" ] || fail "deps --all: wrong list"
# The deepest closure holds the whole chain.
expect_exit 0 jt deps -s "$W/chain" -f list "$TOP"
[ "$(wc -l <"$OUT")" -eq $N ] || fail "closure of the top: not $N paths"

# --all equals the roots one by one.
T=$W/tree
mkdir -p "$T/usr/bin" "$T/usr/lib" "$T/opt/inh" "$T/opt/o/lib" "$T/lib"
( cd "$W/obj" &&
  cc $LDF -o libfoo.so -Wl,-soname,libfoo.so f.c &&
  cc $LDF -o liby.so -Wl,-soname,liby.so f.c &&
  cc $LDF -o ld.so -Wl,-soname,ld.so f.c &&
  cc $LDF -o libmid.so -Wl,-soname,libmid.so -Wl,--no-as-needed f.c \
      -L. -lfoo -Wl,-rpath-link,. &&
  cc $LDF -o libx.so -Wl,-soname,libx.so -Wl,--no-as-needed \
      -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN' f.c -L. -ly &&
  PROG="-nostdlib -s -Wl,-e,f -Wl,--dynamic-linker=/lib/ld.so -Wl,--no-as-needed" &&
  cc $PROG -o prog f.c -Wl,--disable-new-dtags -Wl,-rpath,/opt/inh \
      -L. -lmid -Wl,-rpath-link,. &&
  cc $PROG -o prog2 f.c -L. -lmid -Wl,-rpath-link,. &&
  cc $PROG -o prog3 f.c -L. -lx ) || fail "cannot build the tree objects"
cp "$W/obj/prog" "$W/obj/prog2" "$W/obj/prog3" "$T/usr/bin/" &&
cp "$W/obj/libfoo.so" "$T/opt/inh/" && cp "$W/obj/libfoo.so" "$T/usr/lib/" &&
cp "$W/obj/ld.so" "$T/lib/ld.so" && cp "$W/obj/libmid.so" "$T/usr/lib/" &&
cp "$W/obj/libx.so" "$W/obj/liby.so" "$T/opt/o/lib/" &&
cp "$W/obj/liby.so" "$T/usr/lib/" &&
ln -s ../../opt/o/lib/libx.so "$T/usr/lib/libx.so" || fail "cannot lay out the tree"
jt deps -s "$T" --all -f json >"$W/all.json" 2>"$W/all.err"
all_rc=$?
python3 - "$JAILTRIM" "$T" "$W/all.json" <<'PY' || fail "--all differs from the roots alone"
import json, subprocess, sys
jailtrim, tree, allf = sys.argv[1:4]
every = json.load(open(allf))["closures"]
assert len(every) >= 8, "only %d closures" % len(every)
for c in every:
    one = subprocess.run([jailtrim, "deps", "-s", tree, "-f", "json", c["root"]],
                         capture_output=True, text=True)
    alone = json.loads(one.stdout)["closures"]
    if alone != [c]:
        print("differs for", c["root"], "\n--all:", c, "\nalone:", alone)
        sys.exit(1)
paths = {c["root"]: [d["path"] for d in c["files"]] for c in every}
assert "/opt/inh/libfoo.so" in paths["/usr/bin/prog"], paths["/usr/bin/prog"]
assert "/usr/lib/libfoo.so" in paths["/usr/bin/prog2"], paths["/usr/bin/prog2"]
assert "/usr/lib/liby.so" in paths["/usr/bin/prog3"], paths["/usr/bin/prog3"]
assert "/opt/o/lib/liby.so" in paths["/opt/o/lib/libx.so"], paths["/opt/o/lib/libx.so"]
PY
[ $all_rc -eq 0 ] || { cat "$W/all.err" >&2; fail "deps --all of the tree: exit $all_rc"; }
rm -rf "$W"
