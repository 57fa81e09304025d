#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# host_ldd: jailtrim's glibc emulation against the real thing.  For
# programs of this (Debian) host, the regular files that
# `jailtrim deps -s / -f list PROG` lists must be exactly the real paths
# of PROG and of every object ldd reports (libraries and interpreter).
# Every other entry must be a symlink that leads to a directory or to a
# listed file, and the symlinks passed through to reach PROG and its
# interpreter (fixed paths, unlike library lookups) must all be listed.
. "$(dirname "$0")/lib.sh"

[ "$(uname -s)" = Linux ] || skip "not a Linux host"
command -v ldd >/dev/null || skip "ldd not installed"
command -v python3 >/dev/null || skip "python3 not installed"

W=$JT_TEST_WORK/host_ldd
rm -rf "$W" && mkdir -p "$W" || fail "cannot create $W"
[ -s /etc/ld.so.preload ] &&
    note "/etc/ld.so.preload is not empty: ldd will list preloaded objects"

# Programs installed by the packages .ci/run installs (build-essential,
# cmake, libarchive-dev, clang, lld, xz-utils, zstd, openssh-*, git, file,
# python3); /usr/bin/python3 and /usr/bin/clang are symlinks on Debian,
# clang and ld.lld reach libLLVM through library symlinks.
PROGS="/usr/sbin/sshd /usr/bin/ssh /usr/bin/xz /usr/bin/zstd /usr/bin/cmake
/usr/bin/git /usr/bin/python3 /usr/bin/file /usr/bin/clang /usr/bin/ld.lld
/usr/bin/make /usr/bin/gcc /usr/bin/tar /usr/bin/curl /usr/bin/gdb
/usr/bin/bsdtar /usr/bin/strace"

# chain.py PATH...: every symlink traversed (as a path, not its target)
# when resolving each PATH on the host, component by component.
cat >"$W/chain.py" <<'EOF'
import os, sys
def chain(path, seen):
    todo = [c for c in path.split('/') if c]
    cur = '/'
    hops = 0
    while todo:
        c = todo.pop(0)
        if c == '.':
            continue
        if c == '..':
            cur = os.path.dirname(cur)
            continue
        nxt = os.path.join(cur, c)
        if os.path.islink(nxt):
            hops += 1
            if hops > 40:
                sys.exit('symlink loop at ' + path)
            seen.add(nxt)
            t = os.readlink(nxt)
            if t.startswith('/'):
                cur = '/'
            todo = [x for x in t.split('/') if x] + todo
        else:
            cur = nxt
seen = set()
for p in sys.argv[1:]:
    chain(p, seen)
for s in sorted(seen):
    print(s)
EOF

command -v nm >/dev/null || skip "nm (binutils) not installed"
gcc_s=$(readlink -f "$(ldconfig -p |
    awk '/libgcc_s.so.1 .*x86-64/ { print $NF; exit }')")
tested=0
bad=0
for prog in $PROGS; do
	[ -x "$prog" ] || { note "$prog: not installed, not tested"; continue; }
	name=$(basename "$prog")
	# ldd's view, with the environment the loader would honour cleared.
	if ! env -u LD_LIBRARY_PATH -u LD_PRELOAD ldd "$prog" >"$W/$name.ldd" 2>&1; then
		note "$prog: ldd failed (static?), not tested"; continue
	fi
	if grep -q 'not found' "$W/$name.ldd"; then
		note "$prog: ldd reports missing libraries on this host, not tested"
		continue
	fi
	# '=> /path (addr)' lines and the interpreter line '/path (addr)';
	# linux-vdso has no path.
	awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' \
	    "$W/$name.ldd" >"$W/$name.lddpaths"
	interp=$(awk '$1 ~ /^\// { print $1; exit }' "$W/$name.ldd")
	[ -n "$interp" ] || { note "$prog: no interpreter in ldd output, not tested"; continue; }
	{ readlink -f "$prog"; xargs -r readlink -f <"$W/$name.lddpaths"; } |
	    LC_ALL=C sort -u >"$W/$name.want"
	# ...and libgcc_s.so.1, which libc dlopen()s for pthread_exit,
	# pthread_cancel and backtrace when the process imports one of them
	# (ldd cannot see a dlopen).
	if { echo "$prog"; cat "$W/$name.lddpaths"; } | xargs -r nm -D \
	    --undefined-only 2>/dev/null |
	    grep -Eq ' U (pthread_exit|pthread_cancel|backtrace)(@|$)'; then
		[ -f "$gcc_s" ] || fail "$prog imports pthread_exit, no libgcc_s"
		{ cat "$W/$name.want"; echo "$gcc_s"; } | LC_ALL=C sort -u \
		    >"$W/$name.want2" && mv "$W/$name.want2" "$W/$name.want"
	fi

	expect_exit 0 timeout 300 "$JAILTRIM" deps -s / -f list "$prog"
	cp "$OUT" "$W/$name.list"
	tested=$((tested + 1))

	# Format: absolute paths, sorted bytewise, no duplicates.
	if grep -qv '^/' "$W/$name.list"; then
		note "$prog: a listed path is not absolute"; bad=1
	fi
	if ! LC_ALL=C sort -uc "$W/$name.list" 2>/dev/null; then
		note "$prog: list not sorted bytewise/unique"; bad=1
	fi

	# Classify entries: symlinks, regular files; anything else is wrong.
	: >"$W/$name.reg"; : >"$W/$name.links"
	while IFS= read -r p; do
		if [ -L "$p" ]; then
			echo "$p" >>"$W/$name.links"
		elif [ -f "$p" ]; then
			echo "$p" >>"$W/$name.reg"
		elif [ -e "$p" ]; then
			note "$prog: $p listed, neither a regular file nor a symlink"; bad=1
		else
			note "$prog: $p listed but does not exist on the host"; bad=1
		fi
	done <"$W/$name.list"
	LC_ALL=C sort -u -o "$W/$name.reg" "$W/$name.reg"

	# The main assertion: regular files == real paths of ldd's objects.
	if ! diff -u "$W/$name.want" "$W/$name.reg" >"$W/$name.diff"; then
		note "$prog: regular files differ from ldd (- ldd, + jailtrim):"
		cat "$W/$name.diff" >&2
		bad=1
	fi

	# Each symlink listed leads to a directory or to a listed file.
	while IFS= read -r l; do
		t=$(readlink -f "$l")
		if [ ! -d "$t" ] && ! grep -Fxq "$t" "$W/$name.reg"; then
			note "$prog: symlink $l listed, but its target $t is not"; bad=1
		fi
	done <"$W/$name.links"

	# The symlinks on the way to PROG and to the interpreter (e.g. /lib64
	# and /usr/lib64/ld-linux-x86-64.so.2 on Debian 12) are all listed.
	python3 "$W/chain.py" "$prog" "$interp" >"$W/$name.chain" ||
	    fail "chain.py $prog"
	LC_ALL=C sort -u "$W/$name.links" >"$W/$name.links.s"
	missing=$(LC_ALL=C comm -23 "$W/$name.chain" "$W/$name.links.s")
	if [ -n "$missing" ]; then
		note "$prog: symlinks passed through but not listed: $missing"; bad=1
	fi
	note "$prog: $(wc -l <"$W/$name.list") entries, $(wc -l <"$W/$name.reg") files"
done

[ "$bad" -eq 0 ] || fail "jailtrim and ldd disagree (see above; files in $W)"
[ "$tested" -ge 6 ] || fail "only $tested programs tested, at least 6 required"
echo "ok: $tested programs"
