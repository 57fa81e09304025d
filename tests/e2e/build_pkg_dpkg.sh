#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Packages as units from this Debian host's dpkg database: build -s /
# --pkg python3-minimal brings python3-minimal and every package it
# depends on (Depends and Pre-Depends, the first installed alternative,
# Provides), each with every file its info/NAME[:ARCH].list names but the
# documentation (share/doc, share/man, share/info ...).  The expected set
# is computed here from /var/lib/dpkg by a reader of its own; what the
# jail holds beyond it must be the closure of an object or a script
# (said so by --why) or the files every jail gets.  The jail verifies and
# python3 runs in it under chroot.  deps --pkg names the same packages.
. "$(dirname "$0")/lib.sh"
PKG=python3-minimal
[ -r /var/lib/dpkg/status ] || skip "no dpkg database"
dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'install ok installed' ||
    skip "$PKG is not installed"
W=$JT_TEST_WORK/build_pkg_dpkg
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=300

# closure and files, the expectation: "P name" lines, then "F path" lines
python3 - "$PKG" > "$W/expect" <<'PY' || fail "reading dpkg's database"
import os, re, sys
st = open("/var/lib/dpkg/status", encoding="utf-8", errors="replace").read()
pk, prov = {}, {}
for para in st.split("\n\n"):
    f, key = {}, None
    for line in para.split("\n"):
        if line[:1] in (" ", "\t") and key:
            f[key] += " " + line.strip()
        elif ":" in line:
            key, _, v = line.partition(":"); f[key] = v.strip()
    if "Package" not in f or not f.get("Status", "").endswith(" installed"):
        continue
    f.setdefault("Architecture", "all")
    pk.setdefault(f["Package"], f)
    for p in filter(None, (x.strip().split(" ")[0] for x in f.get("Provides", "").split(","))):
        prov.setdefault(p, []).append(f["Package"])
def find(name):
    name = name.split(":")[0]
    if name in pk: return name
    return sorted(prov.get(name, [None]))[0]
order, seen = [sys.argv[1]], {sys.argv[1]}
for n in order:
    f = pk[n]
    for field in ("Pre-Depends", "Depends"):
        for group in filter(None, f.get(field, "").split(",")):
            for alt in group.split("|"):
                q = find(re.sub(r"\(.*?\)", "", alt).strip())
                if q:
                    if q not in seen: seen.add(q); order.append(q)
                    break
doc = re.compile(r"/share/(doc|man|info|examples|gtk-doc)(/|$)|^/usr/local/(man|info)(/|$)")
paths = set()
for n in order:
    arch = pk[n]["Architecture"]
    for lst in ("/var/lib/dpkg/info/%s:%s.list" % (n, arch), "/var/lib/dpkg/info/%s.list" % n):
        if os.path.exists(lst):
            for p in open(lst, encoding="utf-8", errors="replace").read().split("\n"):
                if p and p != "/." and not doc.search(p) and os.path.lexists(p) \
                        and (os.path.islink(p) or not os.path.isdir(p)):
                    paths.add(p)
                    # usrmerge: /bin/tar is /usr/bin/tar through /bin -> usr/bin
                    paths.add(os.path.join(os.path.realpath(os.path.dirname(p)),
                                           os.path.basename(p)))
            break
for n in sorted(order): print("P", n)
for p in sorted(paths): print("F", p)
PY
[ "$(grep -c '^P ' "$W/expect")" -ge 2 ] || fail "$PKG has no dependency here"

expect_exit 0 jt build -s / --pkg "$PKG" -n py -o "$W/j" --why
cp "$OUT" "$W/report"
# (NAME-VERSION: a version has dashes too; each expected name is looked for)
grep '^P ' "$W/expect" | LC_ALL=C sort > "$W/want.pkgs"
[ "$(grep -c '^  [^ ]*: .*, [0-9]* paths\{0,1\}$' "$W/report")" -eq \
    "$(wc -l < "$W/want.pkgs")" ] || fail "not $(wc -l < "$W/want.pkgs") packages"
sed 's/^P //' "$W/want.pkgs" | while IFS= read -r n; do
	grep -q "^  $n-[^ -]*\(-[^ -]*\)\{0,1\}: " "$W/report" ||
	    { echo "package $n not brought" >&2; exit 1; }
done || fail "the packages brought differ"
assert_grep "^  $PKG-[^ ]*: asked for \(--pkg\), [0-9]+ paths$" "$W/report"
# every file expected is there, as the host has it (a link as a link)
sed -n 's/^F //p' "$W/expect" | while IFS= read -r p; do
	[ -e "$W/j$p" ] || [ -L "$W/j$p" ] || { echo "missing $p" >&2; exit 1; }
done || fail "a file of the packages is not in the jail"
# no documentation
! find "$W/j" -path '*/share/doc/*' -o -path '*/share/man/*' | grep -q . ||
    fail "documentation in the jail"
# anything else: a closure's ("X of Y"), a symbolic link passed on the way
# to a package's file (/etc/rmt -> /usr/sbin/rmt -> /etc/alternatives/rmt
# -> rmt-tar), ld.so's cache and config for a library ld.so.conf reaches,
# the CA bundle of a TLS library, the skeleton's files,
# or every jail's files
(cd "$W/j" && find . ! -type d | sed 's/^\.//') | LC_ALL=C sort > "$W/have"
sed -n 's/^F //p' "$W/expect" | LC_ALL=C sort > "$W/want.files"
LC_ALL=C comm -13 "$W/want.files" "$W/have" | while IFS= read -r p; do
	case $p in /etc/passwd|/etc/group|/etc/shadow|/etc/hosts) continue ;; esac
	grep -q "^$p: .* of /" "$W/report" && continue
	grep -q "^$p: ld.so finds .* through it" "$W/report" && continue
	grep -q "^$p: added because .* links " "$W/report" && continue
	grep -q "^$p: skeleton: " "$W/report" && continue
	[ -L "$W/j$p" ] && grep -q "^$p: package " "$W/report" && continue
	echo "unexplained $p" >&2; exit 1
done || fail "the jail holds files no package or closure explains"
expect_exit 0 jt verify "$W/j"
chroot "$W/j" /usr/bin/python3 -c 'import os, sys; print(sys.version_info[0])' \
    > "$W/py.out" 2>&1 || { cat "$W/py.out" >&2; fail "python3 does not run in the jail"; }
[ "$(cat "$W/py.out")" = 3 ] || fail "python3 printed $(cat "$W/py.out")"

expect_exit 0 jt deps -s / --pkg "$PKG"
sed -n 's/^package \([^ ]*\) .*/P \1/p' "$OUT" | LC_ALL=C sort > "$W/deps.pkgs"
diff "$W/want.pkgs" "$W/deps.pkgs" >&2 || fail "deps --pkg's packages differ"
grep -qx /usr/bin/python3 "$OUT" || fail "deps --pkg lacks /usr/bin/python3"
no_sanitizer_report "deps --pkg"
echo "build_pkg_dpkg: ok"
