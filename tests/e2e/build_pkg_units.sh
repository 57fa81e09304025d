#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Packages as units (build --pkg, the profile and manifest directive
# "package", deps --pkg) on the FreeBSD fixture, from the two places a
# FreeBSD root knows its packages:
#  1. a pkg database (a copy of the fixture's local.sqlite, pkg's own
#     schema, emptied) in an overlay stacked on the base, registering
#     appd (a program needing libbz2 from the base) which depends on
#     libapp, and junk that nothing asks for;
#  2. .pkg layers made here, whose +MANIFEST "deps" say the same.
# Each brings exactly the packages' files but their documentation
# (share/doc, share/examples, PREFIX/man), the closure of the program,
# and the accounts and hosts files every jail gets; the jail verifies.
# A module whose first line is "#! perl" (perl-base's Getopt/Long.pm has
# one) is data, not a script whose interpreter must be found.
. "$(dirname "$0")/lib.sh"
ROOT=$(fixture_root)
DB=$JT_SRCDIR/../shared/fixtures/pkgdb/local.sqlite
[ -f "$DB" ] || skip "no fixture database at $DB"
command -v sqlite3 >/dev/null || skip "no sqlite3 program"
W=$JT_TEST_WORK/build_pkg_units
{ [ ! -d "$W" ] || chattr -R -i "$W" 2>/dev/null || :; } && rm -rf "$W" &&
    mkdir -p "$W" || fail mkdir
JT_TIMEOUT=300

# the files of a package, placed in the overlay $OV
OV=$W/ov
mkdir -p "$OV/var/db/pkg" "$OV/usr/local/sbin" "$OV/usr/local/etc" \
    "$OV/usr/local/man/man8" "$OV/usr/local/share/examples/appd" \
    "$OV/usr/local/lib/libapp" "$OV/usr/local/share/doc/libapp" \
    "$OV/usr/local/bin" || fail mkdir
cp "$ROOT/usr/bin/bzip2" "$OV/usr/local/sbin/appd" &&
echo "appd config" > "$OV/usr/local/etc/appd.conf" &&
echo "appd manual" > "$OV/usr/local/man/man8/appd.8.gz" &&
echo "example" > "$OV/usr/local/share/examples/appd/appd.conf.sample" &&
echo "libapp data" > "$OV/usr/local/lib/libapp/app.dat" &&
printf '#! perl\npackage Mod;\n1;\n' > "$OV/usr/local/lib/libapp/Mod.pm" &&
chmod 644 "$OV/usr/local/lib/libapp/Mod.pm" &&
echo "libapp readme" > "$OV/usr/local/share/doc/libapp/README" &&
cp "$ROOT/usr/bin/true" "$OV/usr/local/bin/junk" || fail files

# register NAME VERSION DEP FILE...: pkg's rows for a package of those files
register() {
	_n=$1 _v=$2 _d=$3; shift 3
	{
		echo "PRAGMA foreign_keys=ON;"
		echo "INSERT INTO packages (origin,name,version,comment,desc,arch,maintainer,prefix,flatsize,automatic,licenselogic) VALUES ('misc/$_n','$_n','$_v','c','d','FreeBSD:10:amd64','m@example.org','/usr/local',0,0,1);"
		for f; do
			echo "INSERT INTO files (path,sha256,package_id) VALUES ('$f','$(sha256sum "$OV$f" | cut -d' ' -f1)',(SELECT id FROM packages WHERE name='$_n'));"
		done
		[ -z "$_d" ] || echo "INSERT INTO deps (origin,name,version,package_id) VALUES ('misc/$_d','$_d','1',(SELECT id FROM packages WHERE name='$_n'));"
	} | sqlite3 "$OV/var/db/pkg/local.sqlite" || fail "register $_n"
}
cp "$DB" "$OV/var/db/pkg/local.sqlite" &&
echo "PRAGMA foreign_keys=ON; DELETE FROM packages;" |
    sqlite3 "$OV/var/db/pkg/local.sqlite" || fail "empty db"
register libapp 2.0 "" /usr/local/lib/libapp/app.dat /usr/local/lib/libapp/Mod.pm \
    /usr/local/share/doc/libapp/README
register appd 1.0 libapp /usr/local/sbin/appd /usr/local/etc/appd.conf \
    /usr/local/man/man8/appd.8.gz /usr/local/share/examples/appd/appd.conf.sample
register junk 3.0 "" /usr/local/bin/junk

# files J: every file and symbolic link of the jail J, sorted
files() { (cd "$1" && find . ! -type d | sed 's/^\.//' | LC_ALL=C sort); }
# (the accounts and the skeleton's /etc files the fixture has)
EVERY="/etc/group
/etc/hosts
/etc/login.conf
/etc/login.conf.db
/etc/master.passwd
/etc/nsswitch.conf
/etc/passwd
/etc/protocols
/etc/pwd.db
/etc/services
/etc/spwd.db"
CLOSURE="/lib/libc.so.7
/libexec/ld-elf.so.1
/usr/lib/libbz2.so.4"
WANT=$(printf '%s\n%s\n%s\n' "$EVERY" "$CLOSURE" "/usr/local/etc/appd.conf
/usr/local/lib/libapp/Mod.pm
/usr/local/lib/libapp/app.dat
/usr/local/sbin/appd" | LC_ALL=C sort)
DOCS="/usr/local/man/man8/appd.8.gz
/usr/local/share/doc/libapp/README
/usr/local/share/examples/appd/appd.conf.sample"
WANT_DOCS=$(printf '%s\n%s\n' "$WANT" "$DOCS" | LC_ALL=C sort)

# same_files JAIL EXPECTED WHAT
same_files() {
	files "$1" > "$W/got" && printf '%s\n' "$2" > "$W/want" &&
	diff "$W/want" "$W/got" >&2 || fail "$3: the jail's files differ (- expected, + got)"
}

# 1. the pkg database
expect_exit 0 jt build -s "$ROOT" -s "$OV" --pkg appd -n appd -o "$W/j1" --why
same_files "$W/j1" "$WANT" "--pkg appd (pkg database)"
assert_grep '^packages: 2 \(documentation left out; --docs keeps it\)$' "$OUT"
assert_grep '^  appd-1\.0: asked for \(--pkg\), 2 paths$' "$OUT"
assert_grep '^  libapp-2\.0: a dependency of appd; asked for \(--pkg\), 2 paths$' "$OUT"
assert_grep '^/usr/local/lib/libapp/app\.dat: package libapp-2\.0, a dependency of appd; asked for \(--pkg\)$' "$OUT"
assert_grep '^/usr/local/sbin/appd: package appd-1\.0, asked for \(--pkg\)$' "$OUT"
assert_grep '^/usr/lib/libbz2\.so\.4: libbz2\.so\.4 of /usr/local/sbin/appd \(ldconfig hints\), for package appd-1\.0$' "$OUT"
expect_exit 0 jt verify "$W/j1"
no_sanitizer_report "build --pkg"
# --docs keeps the documentation
expect_exit 0 jt build -s "$ROOT" -s "$OV" --pkg appd --docs -o "$W/j2"
same_files "$W/j2" "$WANT_DOCS" "--pkg appd --docs"
assert_grep '^packages: 2 \(with their documentation\)$' "$OUT"
expect_exit 0 jt build -s "$ROOT" -s "$OV" --pkg appd -o "$W/j2" --force --json
assert_grep '"packages":\[\{"name":"appd","version":"1\.0","why":"asked for \(--pkg\)","paths":2\},\{"name":"libapp","version":"2\.0","why":"a dependency of appd; asked for \(--pkg\)","paths":2\}\],"entries":' "$OUT"
# the profile directive and the manifest's say the same
mkdir -p "$W/profiles" && printf 'package appd\n' > "$W/profiles/appd.profile" ||
    fail profile
expect_exit 0 jt build -s "$ROOT" -s "$OV" -P "$W/profiles" -p appd -o "$W/j3"
same_files "$W/j3" "$WANT" "profile 'package appd'"
assert_grep '^  appd-1\.0: profile appd \(appd\.profile:1\), 2 paths$' "$OUT"
printf 'source %s\nsource %s\npackage appd\noutput dir %s\n' "$ROOT" "$OV" \
    "$W/j4" > "$W/appd.jail" || fail manifest
expect_exit 0 jt build "$W/appd.jail"
same_files "$W/j4" "$WANT" "manifest 'package appd'"
# a package that is not there: an error naming it and the database read
expect_exit 1 jt build -s "$ROOT" -s "$OV" --pkg nosuch -o "$W/j5"
assert_grep 'asked for \(--pkg\): package nosuch is not in the source.s package databases \(read: pkg /var/db/pkg/local\.sqlite\)' "$ERR"
[ ! -e "$W/j5" ] || fail "a jail was written for a missing package"
expect_exit 1 jt build -s "$ROOT" --pkg appd -o "$W/j5"
assert_grep 'package appd is not in the source.s package databases \(read: none: no /var/db/pkg/local\.sqlite, /var/lib/dpkg/status or \.pkg layer\)' "$ERR"
# deps --pkg: the packages, then the files
expect_exit 0 jt deps -s "$ROOT" -s "$OV" --pkg appd
printf 'package appd 1.0: asked for\npackage libapp 2.0: a dependency of appd\n%s\n' \
    "$(printf '%s\n%s\n' "$CLOSURE" "/usr/local/etc/appd.conf
/usr/local/lib/libapp/Mod.pm
/usr/local/lib/libapp/app.dat
/usr/local/sbin/appd" | LC_ALL=C sort)" > "$W/deps.want"
diff "$W/deps.want" "$OUT" >&2 || fail "deps --pkg appd"
no_sanitizer_report "deps --pkg"

# 2. .pkg layers made here, with "deps"
python3 - "$OV" "$W" <<'PY' || fail "pkg layers"
import io, json, os, sys, tarfile
ov, out = sys.argv[1:]
def pkg(name, version, files, deps):
    m = {"name": name, "version": version, "origin": "misc/" + name,
         "prefix": "/usr/local", "abi": "FreeBSD:10:amd64",
         "files": {f: "-" for f in files}, "deps": deps}
    with tarfile.open(os.path.join(out, name + ".pkg"), "w:xz",
                      format=tarfile.PAX_FORMAT) as t:
        for meta in ("+COMPACT_MANIFEST", "+MANIFEST"):
            data = json.dumps(m).encode()
            ti = tarfile.TarInfo(meta); ti.size = len(data); ti.mode = 0o644
            t.addfile(ti, io.BytesIO(data))
        for f in files:
            ti = t.gettarinfo(ov + f, arcname=f)
            ti.name = f; ti.uid = ti.gid = 0; ti.uname = "root"; ti.gname = "wheel"
            with open(ov + f, "rb") as fh:
                t.addfile(ti, fh)
pkg("libapp", "2.0", ["/usr/local/lib/libapp/app.dat",
    "/usr/local/lib/libapp/Mod.pm",
    "/usr/local/share/doc/libapp/README"], {})
pkg("appd", "1.0", ["/usr/local/sbin/appd", "/usr/local/etc/appd.conf",
    "/usr/local/man/man8/appd.8.gz",
    "/usr/local/share/examples/appd/appd.conf.sample"],
    {"libapp": {"origin": "misc/libapp", "version": "2.0"}})
PY
L="-s $ROOT -s $W/libapp.pkg -s $W/appd.pkg"
expect_exit 0 jt deps $L --pkg appd
diff "$W/deps.want" "$OUT" >&2 || fail "deps --pkg appd from .pkg layers"
expect_exit 0 jt deps $L --pkg appd -f json
assert_grep '^\{"packages":\[\{"name":"appd","version":"1\.0","needed_by":null\},\{"name":"libapp","version":"2\.0","needed_by":"appd"\}\],"files":\[' "$OUT"
assert_grep '"documentation_left_out":3\}$' "$OUT"
expect_exit 0 jt build $L --pkg appd -o "$W/j6"
same_files "$W/j6" "$WANT" "--pkg appd (.pkg layers)"
expect_exit 0 jt verify "$W/j6"
expect_exit 1 jt deps $L --pkg nosuch
assert_grep "package nosuch is not in the source's package databases \(read: \.pkg layer $W/libapp\.pkg: \+MANIFEST, \.pkg layer $W/appd\.pkg: \+MANIFEST\)" "$ERR"
expect_exit 2 jt deps $L --pkg appd /bin/sh
no_sanitizer_report "deps --pkg"
echo "build_pkg_units: ok"
