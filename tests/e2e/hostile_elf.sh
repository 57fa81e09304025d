#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# hostile_elf: malformed ELF objects in a directory root.  jailtrim must
# report them as errors (exit 1, the message naming the object), never
# crash, hang or trip a sanitizer.
#
# The root is a minimal copy of this host's /usr/bin/true with its
# interpreter and libc, made at test time; /bin/x is then replaced by
# damaged variants of true.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
command -v ldd >/dev/null || skip "ldd not installed"
[ -x /usr/bin/true ] || skip "/usr/bin/true missing"

W=$JT_TEST_WORK/hostile_elf
rm -rf "$W" && mkdir -p "$W" || fail "cannot create $W"
R=$W/root



# names_x: the message must name the object, /bin/x.
names_x() {
	grep -Eq '/bin/x([^A-Za-z0-9_./-]|$)' "$ERR" ||
	    { cat "$ERR" >&2; fail "$1: stderr does not name /bin/x"; }
}

# --- the root: /bin/x (true), PT_INTERP as an absolute symlink to the real
# loader next to libc, like a non-merged-/usr Debian.
INTERP=$(ldd /usr/bin/true | awk '$1 ~ /^\// { print $1; exit }')
LIBC=$(ldd /usr/bin/true | awk '$1 == "libc.so.6" && $2 == "=>" { print $3; exit }')
[ -n "$INTERP" ] && [ -n "$LIBC" ] || skip "cannot read true's interpreter/libc from ldd"
LIBDIR=$(dirname "$LIBC")
REAL_LD=$LIBDIR/$(basename "$INTERP")
mkdir -p "$R/bin" "$R$LIBDIR" "$R$(dirname "$INTERP")" || fail "mkdir in $R"
cp "$(readlink -f /usr/bin/true)" "$W/true.orig" || fail "cannot copy true"
cp "$(readlink -f "$LIBC")" "$R$LIBC" || fail "cannot copy $LIBC"
cp "$(readlink -f "$INTERP")" "$R$REAL_LD" || fail "cannot copy $INTERP"
[ "$R$INTERP" = "$R$REAL_LD" ] || ln -s "$REAL_LD" "$R$INTERP" || fail "ln $INTERP"

# Positive control: the intact copy resolves, inside the root, to exactly
# these files (the absolute interpreter symlink resolved against $R).
cp "$W/true.orig" "$R/bin/x" || fail "cp"
expect_exit 0 jt deps -s "$R" -f list /bin/x
printf '%s\n' /bin/x "$INTERP" "$REAL_LD" "$LIBC" | LC_ALL=C sort -u >"$W/want"
diff -u "$W/want" "$OUT" >&2 || fail "control: intact /bin/x: list differs"
no_sanitizer_report control

# ELF patcher (ELF64 little-endian only; the host's true is that on amd64
# and arm64).  Usage: patch.py FILE OP; prints nothing, exits 2 if the
# file is not ELF64 LE.
cat >"$W/patch.py" <<'EOF'
import struct, sys
path, op = sys.argv[1], sys.argv[2]
b = bytearray(open(path, 'rb').read())
if b[:4] != b'\x7fELF' or b[4] != 2 or b[5] != 1:
    sys.exit(2)
(e_phoff, e_shoff) = struct.unpack_from('<QQ', b, 0x20)
(e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx) = struct.unpack_from('<HHHHH', b, 0x36)
def phdrs():
    for i in range(e_phnum):
        o = e_phoff + i * e_phentsize
        yield o, struct.unpack_from('<IIQQQQQQ', b, o)
def dyn():
    for o, (pt, _f, off, _v, _p, filesz, _m, _a) in phdrs():
        if pt == 2:  # PT_DYNAMIC
            for j in range(filesz // 16):
                tag, val = struct.unpack_from('<qQ', b, off + 16 * j)
                yield off + 16 * j, tag, val
                if tag == 0:
                    return
if op == 'shoff':        # section header table far beyond EOF
    struct.pack_into('<Q', b, 0x28, 0xffffffffffff)
elif op == 'shnum':      # 65535 sections: table runs past EOF
    struct.pack_into('<H', b, 0x3c, 65535)
elif op == 'shentsize':  # absurd entry size
    struct.pack_into('<H', b, 0x3a, 65535)
elif op == 'shstrndx':   # names table index out of range
    struct.pack_into('<H', b, 0x3e, 65534)
elif op == 'shsize':     # every section claims to be huge
    for i in range(1, e_shnum):
        struct.pack_into('<Q', b, e_shoff + i * e_shentsize + 0x20, 0xffffffffffff0000)
elif op == 'shall':      # all of the above at once
    for i in range(1, e_shnum):
        struct.pack_into('<Q', b, e_shoff + i * e_shentsize + 0x20, 0xffffffffffff0000)
    struct.pack_into('<Q', b, 0x28, 0xffffffffffff)
    struct.pack_into('<HHH', b, 0x3a, 65535, 65535, 65534)
elif op == 'noshdr':     # no section header table at all (sstrip)
    struct.pack_into('<Q', b, 0x28, 0)
    struct.pack_into('<HHH', b, 0x3a, 0, 0, 0)
    b = b[:e_shoff]
elif op == 'phoff':      # program headers far beyond EOF
    struct.pack_into('<Q', b, 0x20, 0xffffffffffff)
elif op == 'phnum':      # 65535 program headers: run past EOF
    struct.pack_into('<H', b, 0x38, 65535)
elif op == 'dynoff':     # PT_DYNAMIC's p_offset beyond EOF, huge p_filesz
    for o, (pt, *_r) in phdrs():  # (p_vaddr kept: what the loader uses)
        if pt == 2:
            struct.pack_into('<Q', b, o + 8, 0xfffffffffff0)
            struct.pack_into('<Q', b, o + 0x20, 0xffffffffffff)
elif op == 'dynaddr':    # PT_DYNAMIC nowhere: offset past EOF, p_vaddr
    for o, (pt, *_r) in phdrs():  # in no PT_LOAD
        if pt == 2:
            struct.pack_into('<QQQQ', b, o + 8, 0xfffffffffff0,
                0x7fffffff0000, 0x7fffffff0000, 0xffffffffffff)
elif op == 'needed':     # DT_NEEDED string offset far outside DT_STRTAB
    for o, tag, val in dyn():
        if tag == 1:
            struct.pack_into('<Q', b, o + 8, 0x7ffffff0)
elif op == 'strtab':     # DT_STRTAB address mapped by no PT_LOAD
    for o, tag, val in dyn():
        if tag == 5:
            struct.pack_into('<Q', b, o + 8, 0x7ffffffffff0)
elif op == 'interpsz':   # PT_INTERP claims 4 GiB
    for o, (pt, *_r) in phdrs():
        if pt == 3:
            struct.pack_into('<Q', b, o + 0x20, 0xffffffff)
elif op == 'interpnul':  # PT_INTERP string without its NUL
    for o, (pt, _f, off, _v, _p, filesz, _m, _a) in phdrs():
        if pt == 3:
            b[off + filesz - 1] = ord('X')
elif op == 'dynoffset':  # print PT_DYNAMIC's file offset
    for o, (pt, _f, off, *_r) in phdrs():
        if pt == 2:
            print(off)
    sys.exit(0)
else:
    sys.exit('unknown op ' + op)
open(path, 'wb').write(b)
EOF
python3 "$W/patch.py" "$W/true.orig" dynoffset >"$W/dynoff" ||
    skip "host true is not ELF64 little-endian; patcher does not apply"
DYNOFF=$(cat "$W/dynoff")
SIZE=$(stat -c %s "$W/true.orig")
[ "$DYNOFF" -gt 1000 ] && [ "$DYNOFF" -gt $((SIZE / 2)) ] ||
    note "true's PT_DYNAMIC at $DYNOFF: truncation cases cut less than expected"

# Each case runs in a subshell (fail/expect_exit exit it): all cases run,
# failures are counted and reported at the end.
FAILED=
try() {
	_what=$1; shift
	( "$@" ) || FAILED="$FAILED
  $_what"
}

# must_fail WHAT: deps on the current /bin/x exits 1 naming it, cleanly.
must_fail() {
	expect_exit 1 jt deps -s "$R" -f list /bin/x
	names_x "$1"
	no_sanitizer_report "$1"
}

# patched OP: /bin/x := true with patch.py OP applied.
patched() {
	cp "$W/true.orig" "$R/bin/x" && python3 "$W/patch.py" "$R/bin/x" "$1" ||
	    fail "patch $1"
}

# --- (a) truncated copies: the object must be reported malformed (exit 1).
# 100 bytes cuts the program headers, 1000 keeps the headers and
# PT_INTERP but loses PT_DYNAMIC, half and "mid-DYNAMIC" cut the dynamic
# section itself.
truncated() {
	head -c "$1" "$W/true.orig" >"$R/bin/x" || fail "head -c $1"
	must_fail "truncated to $1 bytes"
}
for n in 100 1000 $((SIZE / 2)) $((DYNOFF + 40)); do
	try "truncated to $n bytes" truncated "$n"
done

# --- (b) damaged section headers (and PT_DYNAMIC's p_offset/p_filesz).
# The loader never reads them (it finds the dynamic section by p_vaddr and
# walks it to DT_NULL; checked: chroot runs each of these), so an emulator
# may either ignore them (exit 0, same closure as the control) or reject
# the object (exit 1 naming it); anything else fails.
ignorable() {
	patched "$1"
	OUT=$W/out.$1 ERR=$W/err.$1
	jt deps -s "$R" -f list /bin/x >"$OUT" 2>"$ERR"
	rc=$?
	no_sanitizer_report "section headers '$1'"
	note "section headers '$1': exit $rc"
	case $rc in
	0)	diff -u "$W/want" "$OUT" >&2 ||
		    fail "section headers '$1': exit 0 but the list differs" ;;
	1)	names_x "section headers '$1'" ;;
	*)	cat "$ERR" >&2
		fail "section headers '$1': exit $rc, expected 0 or 1" ;;
	esac
}
for op in shoff shnum shentsize shstrndx shsize shall dynoff; do
	try "section headers '$op'" ignorable $op
done

# No section header table at all (e_shoff = e_shnum = 0, as sstrip and
# some packers leave programs): valid ELF, the gABI makes section headers
# optional for executables, and the loader runs it.  The closure must be
# the control's (exit 0).
noshdr() {
	patched noshdr
	expect_exit 0 jt deps -s "$R" -f list /bin/x
	diff -u "$W/want" "$OUT" >&2 || fail "no section headers: list differs"
}
try "no section headers (sstrip)" noshdr

# Damaged program headers or dynamic section: the kernel or the loader
# itself refuses (or crashes on) these -- checked with chroot: ENOEXEC for
# phoff, phnum, interpsz, interpnul; SIGSEGV for dynaddr, needed, strtab --
# so they are malformed input: exit 1 naming /bin/x.
for op in phoff phnum dynaddr needed strtab interpsz interpnul; do
	try "patched '$op'" eval 'patched '$op' && must_fail "patched '\'$op\''"'
done

# --- (c) not ELF at all: random bytes (seeded; first bytes forced so the
# file starts neither with \177ELF nor with #!).
random_bytes() {
	python3 -c '
import random, sys
r = random.Random(1234)
sys.stdout.buffer.write(b"\x00\x01" + bytes(r.randrange(256) for _ in range(4094)))
' >"$R/bin/x" || fail "python3 random bytes"
	must_fail "random bytes"
	# The message must say what is wrong: not an ELF object (nor a script).
	assert_grep '[Nn]ot an? (ELF|elf)|ELF|[Ss]cript|format' "$ERR"
}
try "random bytes" random_bytes

# ELF magic followed by garbage: still malformed, exit 1.
magic_garbage() {
	python3 -c '
import random, sys
r = random.Random(4321)
sys.stdout.buffer.write(b"\x7fELF" + bytes(r.randrange(256) for _ in range(4092)))
' >"$R/bin/x" || fail "magic+garbage"
	must_fail "ELF magic + garbage"
}
try "ELF magic + garbage" magic_garbage

# --- (d) an empty file.
empty() {
	: >"$R/bin/x" || fail "truncate"
	must_fail "empty file"
}
try "empty file" empty

# A directory where the program should be: an error naming it, no crash.
directory() {
	rm -f "$R/bin/x" && mkdir "$R/bin/x" || fail "mkdir bin/x"
	must_fail "directory"
}
try "directory as program" directory
rm -rf "$R/bin/x"

# A '#!' script naming itself as interpreter: must terminate with an
# error (1 or 3), not recurse forever.
self_script() {
	printf '#!/bin/x\n' >"$R/bin/x" || fail "write script"
	OUT=$W/out.script ERR=$W/err.script
	jt deps -s "$R" -f list /bin/x >"$OUT" 2>"$ERR"
	rc=$?
	no_sanitizer_report "self-interpreting script"
	case $rc in
	1|3)	names_x "self-interpreting script" ;;
	*)	cat "$ERR" >&2; fail "self-interpreting script: exit $rc, expected 1 or 3" ;;
	esac
}
try "self-interpreting script" self_script

[ -z "$FAILED" ] || fail "failed cases:$FAILED"
echo "ok"
