#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Hard links in an archive source follow tar semantics: "b -> a" links to
# the content a has at that point; a later member a replaces a only.  The
# dir, tarball and mtree outputs must give every name its own content and
# link only the names that share one, in one layer and across layers.
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/content_hardlink
rm -rf "$W" && mkdir -p "$W" || fail mkdir

# one.tar: a=old, b -> a (old), a=new (replaces a only), c -> a (new).
# two.tar: a=top, which hides one.tar's a (and so c's partner).
python3 - "$W" <<'PY' || fail "make archives"
import io, sys, tarfile
def reg(t, name, data):
    i = tarfile.TarInfo(name); i.size = len(data); i.mode = 0o644
    t.addfile(i, io.BytesIO(data))
def hard(t, name, target):
    i = tarfile.TarInfo(name); i.type = tarfile.LNKTYPE
    i.linkname = target; i.mode = 0o644
    t.addfile(i)
with tarfile.open(sys.argv[1] + "/one.tar", "w", format=tarfile.PAX_FORMAT) as t:
    reg(t, "./a", b"old\n")
    hard(t, "./b", "./a")
    reg(t, "./a", b"new\n")
    hard(t, "./c", "./a")
with tarfile.open(sys.argv[1] + "/two.tar", "w", format=tarfile.PAX_FORMAT) as t:
    reg(t, "./a", b"top\n")
PY

# check DIR TAR MTREE SPEC: SPEC is "name=content:group ...", names of
# the same group must be one inode (dir), one hard-link chain (tarball)
# and carry nlink = group size (mtree); group "-" is a single name.
check() {
	python3 - "$@" <<'PY' || fail "outputs of $5 disagree with tar semantics"
import hashlib, os, re, sys, tarfile
d, tp, mp, spec = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split()
want = {}
for s in spec:
    name, rest = s.split("=")
    data, group = rest.split(":")
    want[name] = (data + "\n", group)
size = {g: sum(1 for v in want.values() if v[1] == g) for _, g in want.values()}
# the directory
ino = {}
for n, (data, g) in want.items():
    p = os.path.join(d, n)
    got = open(p).read()
    assert got == data, f"dir {n}: {got!r} != {data!r}"
    st = os.stat(p)
    nl = size[g] if g != "-" else 1
    assert st.st_nlink == nl, f"dir {n}: nlink {st.st_nlink} != {nl}"
    if g != "-":
        ino.setdefault(g, st.st_ino)
        assert ino[g] == st.st_ino, f"dir {n}: not linked to its group"
# the tarball: read it as tar(1) would extract it
t = tarfile.open(tp)
m = {i.name[2:]: i for i in t.getmembers()}
for n, (data, g) in want.items():
    i = m[n]
    got = t.extractfile(i).read().decode()
    assert got == data, f"tar {n}: {got!r} != {data!r}"
    if g == "-":
        assert not i.islnk(), f"tar {n}: a hard link, should be alone"
heads = {}
for n, (data, g) in want.items():
    i = m[n]
    head = i.linkname[2:] if i.islnk() else n
    if g != "-":
        heads.setdefault(g, head)
        assert heads[g] == head, f"tar {n}: linked to {head}, not {heads[g]}"
# the mtree
lines = {l.split()[0][2:]: l for l in open(mp) if l.startswith("./")}
for n, (data, g) in want.items():
    l = lines[n]
    nl = size[g] if g != "-" else 1
    ok = f"nlink={nl} " in l if nl > 1 else "nlink=" not in l  # 1: implied
    assert ok, f"mtree {n}: {l.strip()} (want nlink={nl})"
    sha = hashlib.sha256(data.encode()).hexdigest()
    assert f"sha256digest={sha}" in l or f"sha256={sha}" in l, \
        f"mtree {n}: digest is not that of {data!r}: {l.strip()}"
PY
}

# One layer: a=new linked with c, b=old alone.
expect_exit 0 jt build -q -s "$W/one.tar" -i /a -i /b -i /c -n hl \
    -o "$W/r1" -t "$W/r1.tar" -m "$W/r1.mtree"
check "$W/r1" "$W/r1.tar" "$W/r1.mtree" "a=new:A b=old:- c=new:A" one-layer
note "one layer: $(stat -c '%n %h' "$W/r1/a" "$W/r1/b" "$W/r1/c" | tr '\n' ' ')"

# Two layers (-s twice): a=top from two.tar; b and c stay one.tar's,
# each alone (c's partner is hidden), never grouped by the name "a".
expect_exit 0 jt build -q -s "$W/one.tar" -s "$W/two.tar" -i /a -i /b -i /c \
    -n hl -o "$W/r2" -t "$W/r2.tar" -m "$W/r2.mtree"
check "$W/r2" "$W/r2.tar" "$W/r2.mtree" "a=top:- b=old:- c=new:C" two-layers
note "two layers: $(stat -c '%n %h' "$W/r2/a" "$W/r2/b" "$W/r2/c" | tr '\n' ' ')"
exit 0
