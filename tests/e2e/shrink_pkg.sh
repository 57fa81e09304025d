#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Packages are units: a fat jail from the fixture with three packages
# registered in a copy of the fixture's pkg database (pkg's own schema):
# appd (its rc.d service enabled), libapp (a dependency of appd), junk
# (nothing needs it).  shrink --detect keeps appd and libapp whole (even
# their documentation), removes junk whole but for the file the admin
# changed, lists it with its size in the dry run, and the apply
# deregisters it: afterwards every registered file is there with its
# recorded sha256 (pkg check -s), junk is gone from packages and files.
# --keep-packages keeps every package.
. "$(dirname "$0")/lib.sh"
ROOT=$(fixture_root)
DB=$JT_SRCDIR/../shared/fixtures/pkgdb/local.sqlite
[ -f "$DB" ] || skip "no fixture database at $DB"
command -v sqlite3 >/dev/null || skip "no sqlite3 program"
W=$JT_TEST_WORK/shrink_pkg
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=600

sha() { sha256sum "$1" | cut -d' ' -f1; }

# register NAME VERSION DEP FILE...: a package of those (existing) files
register() {
	_n=$1 _v=$2 _d=$3; shift 3
	{
		echo "PRAGMA foreign_keys=ON;"
		echo "INSERT INTO packages (origin,name,version,comment,desc,arch,maintainer,prefix,flatsize,automatic,licenselogic) VALUES ('misc/$_n','$_n','$_v','c','d','FreeBSD:10:amd64','m@example.org','/usr/local',0,0,1);"
		for f; do
			echo "INSERT INTO files (path,sha256,package_id) VALUES ('$f','$(sha "$J$f")',(SELECT id FROM packages WHERE name='$_n'));"
		done
		[ -z "$_d" ] || echo "INSERT INTO deps (origin,name,version,package_id) VALUES ('misc/$_d','$_d','1',(SELECT id FROM packages WHERE name='$_n'));"
	} | sqlite3 "$J/var/db/pkg/local.sqlite" || fail "register $_n"
}

J=$W/fat
rm -rf "$J" && cp -a "$ROOT" "$J" && rm -f "$J/.complete" || fail cp
mkdir -p "$J/var/db/pkg" "$J/usr/local/sbin" "$J/usr/local/bin" \
    "$J/usr/local/etc/rc.d" "$J/usr/local/share/appd" "$J/usr/local/lib/libapp" \
    "$J/usr/local/share/doc/libapp" "$J/usr/local/share/junk" || fail mkdir
cp "$DB" "$J/var/db/pkg/local.sqlite" &&
echo "PRAGMA foreign_keys=ON; DELETE FROM packages;" |
    sqlite3 "$J/var/db/pkg/local.sqlite" || fail "empty db"
cp "$J/usr/bin/yes" "$J/usr/local/sbin/appd" &&
cat > "$J/usr/local/etc/rc.d/appd" <<'S' &&
#!/bin/sh
# PROVIDE: appd
# REQUIRE: DAEMON
. /etc/rc.subr
name=appd
rcvar=appd_enable
load_rc_config $name
command=/usr/local/sbin/appd
run_rc_command "$1"
S
chmod 755 "$J/usr/local/etc/rc.d/appd" &&
echo "appd data" > "$J/usr/local/share/appd/data.txt" &&
echo "libapp data" > "$J/usr/local/lib/libapp/app.dat" &&
echo "libapp readme" > "$J/usr/local/share/doc/libapp/README" &&
cp "$J/usr/bin/true" "$J/usr/local/bin/junk" &&
head -c 3000000 /dev/urandom > "$J/usr/local/share/junk/big.dat" &&
echo "stock" > "$J/usr/local/share/junk/edited.txt" &&
sed 's/appd/junkd/g' "$J/usr/local/etc/rc.d/appd" > "$J/usr/local/etc/rc.d/junkd" &&
chmod 755 "$J/usr/local/etc/rc.d/junkd" || fail files
register libapp 2.0 "" /usr/local/lib/libapp/app.dat /usr/local/share/doc/libapp/README
register appd 1.0 libapp /usr/local/sbin/appd /usr/local/etc/rc.d/appd /usr/local/share/appd/data.txt
register junk 3.0 "" /usr/local/etc/rc.d/junkd /usr/local/bin/junk /usr/local/share/junk/big.dat /usr/local/share/junk/edited.txt
echo "the admin's" >> "$J/usr/local/share/junk/edited.txt"
echo 'appd_enable="YES"' >> "$J/etc/rc.conf"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$J" > "$W/orig.sum" || fail sum

expect_exit 0 jt shrink --base "$ROOT" --detect --why -o "$W/rm.txt" "$J"
cat "$OUT" | grep -v '^kept' >&2
assert_grep '^would remove 1 package whole, deregistered from /var/db/pkg/local.sqlite:$' "$OUT"
assert_grep '^ +3\.0 MB +2  junk-3\.0 \(1 changed file kept\)$' "$OUT"
assert_grep '^kept /usr/local/share/doc/libapp/README: package libapp-2.0, kept whole: a kept package depends on it' "$OUT"
assert_grep '^kept /usr/local/share/appd/data.txt: package appd-1.0, kept whole: a file of it is needed' "$OUT"
assert_grep '^kept /usr/local/share/junk/edited.txt: changed since package junk-3.0' "$OUT"
# (its rc.d script, which /etc/rc only orders, does not make it needed;
# the script itself stays for now: /usr/local/etc is kept as user data)
for p in /usr/local/bin/junk /usr/local/share/junk/big.dat; do
	grep -qx "$p" "$W/rm.txt" || fail "$p of the unused package stays"
done
for p in /usr/local/sbin/appd /usr/local/share/appd/data.txt \
    /usr/local/lib/libapp/app.dat /usr/local/share/doc/libapp/README \
    /usr/local/share/junk/edited.txt /var/db/pkg/local.sqlite; do
	! grep -qx "$p" "$W/rm.txt" || fail "$p would go"
done
expect_exit 0 jt shrink --base "$ROOT" --detect --json "$J"
assert_grep '"packages_removed":\[\{"name":"junk","version":"3.0","files":2,"bytes":30[0-9]{5},"changed_kept":1\}\]' "$OUT"
# --keep-packages: every package stays
expect_exit 0 jt shrink --base "$ROOT" --detect --keep-packages -o "$W/rm-keep.txt" "$J"
! grep -q 'package.* whole' "$OUT" || fail "--keep-packages lists packages"
! grep -q '^/usr/local/share/junk' "$W/rm-keep.txt" ||
    fail "--keep-packages removes a package's file"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$J" | cmp -s - "$W/orig.sum" ||
    fail "the dry run changed the jail"

# Apply: junk is deregistered, the database tells the truth.
expect_exit 0 jt shrink --base "$ROOT" --detect --apply --backup "$W/fat.tzst" "$J"
! grep -q 'not their registration' "$ERR" || fail "the backup lacks the database"
[ "$(sqlite3 "$J/var/db/pkg/local.sqlite" 'SELECT name FROM packages ORDER BY name' | tr '\n' ' ')" = "appd libapp " ] ||
    fail "packages after the apply: $(sqlite3 "$J/var/db/pkg/local.sqlite" 'SELECT name FROM packages')"
[ "$(sqlite3 "$J/var/db/pkg/local.sqlite" "SELECT count(*) FROM files WHERE path LIKE '/usr/local/share/junk/%' OR path LIKE '%junk%'")" = 0 ] ||
    fail "junk's files still registered"
# pkg check -s: every registered file there, with its recorded sha256
sqlite3 -separator ' ' "$J/var/db/pkg/local.sqlite" 'SELECT sha256, path FROM files' |
while read -r sum path; do
	[ -f "$J$path" ] || fail "registered $path is gone"
	[ "$(sha "$J$path")" = "$sum" ] || fail "registered $path differs"
done || exit 1
[ ! -e "$J/usr/local/share/junk/big.dat" ] || fail "junk's data stays"
grep -q "the admin's" "$J/usr/local/share/junk/edited.txt" || fail "the change went"

# Restore: the very same tree, the database included: the backup saved
# it before the deregistration (junk registered again, its files back).
expect_exit 0 jt restore "$W/fat.tzst" "$J"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$J" > "$W/restored.sum"
diff "$W/orig.sum" "$W/restored.sum" >&2 || fail "restore differs"
[ "$(sqlite3 "$J/var/db/pkg/local.sqlite" 'SELECT name FROM packages ORDER BY name' | tr '\n' ' ')" = "appd junk libapp " ] ||
    fail "packages after the restore: $(sqlite3 "$J/var/db/pkg/local.sqlite" 'SELECT name FROM packages')"
# the database changed after the shrink (a package added) is no conflict:
# the restore writes the saved one back
expect_exit 0 jt shrink --base "$ROOT" --detect --apply --backup "$W/fat2.tzst" "$J"
register extra 1.0 ""
expect_exit 0 jt restore "$W/fat2.tzst" "$J"
python3 "$JT_SRCDIR/tests/e2e/treesum.py" "$J" | cmp -s - "$W/orig.sum" ||
    fail "the restore over a changed database is not the saved one"

# A self-check that fails rolls the files back before the database is
# touched: junk2 (nothing needs it) stays registered.  The planted
# problem is real: a program of unknown provenance whose library is gone.
mkdir -p "$J/usr/local/share/junk2" "$J/opt/x/bin" &&
echo "junk2 data" > "$J/usr/local/share/junk2/data.txt" &&
cp "$J/usr/bin/bzip2" "$J/opt/x/bin/bz" &&
mv "$J/usr/lib/libbz2.so.4" "$W/libbz2.so.4" || fail "plant"
register junk2 1.0 "" /usr/local/share/junk2/data.txt
expect_exit 3 jt shrink --base "$ROOT" --detect --apply --backup "$W/rb.tzst" "$J"
assert_grep 'rolling back' "$ERR"
[ "$(sqlite3 "$J/var/db/pkg/local.sqlite" "SELECT count(*) FROM packages WHERE name='junk2'")" = 1 ] ||
    fail "a rolled-back apply deregistered junk2"
[ -f "$J/usr/local/share/junk2/data.txt" ] || fail "junk2's file not put back"
echo "shrink_pkg: ok"
