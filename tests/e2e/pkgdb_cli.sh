# SPDX-License-Identifier: BSD-2-Clause
# jailtrim packages: a root holding a copy of the fixture's pkg database
# (2 packages, plexmediaserver needs compat9x-amd64), and this host's dpkg
# database (/bin/ls is coreutils', which needs libc6).  Read-only.
. "$(dirname "$0")/lib.sh"

W="$JT_TEST_WORK/pkgdb_cli"
DB="$JT_SRCDIR/../shared/fixtures/pkgdb/local.sqlite"
rm -rf "$W" && mkdir -p "$W/root/var/db/pkg" || fail "setup"

if [ -f "$DB" ]; then
	cp "$DB" "$W/root/var/db/pkg/" || fail "copy"
	expect_exit 0 jt packages -s "$W/root"
	assert_grep '^# pkg /var/db/pkg/local.sqlite: 2 packages$' "$OUT"
	assert_grep "^plexmediaserver	0.9.12.4.1192	2996 files	202164452 bytes$" "$OUT"
	assert_grep "^compat9x-amd64	9.2.902000.201310	48 files	" "$OUT"
	expect_exit 0 jt packages -l plexmediaserver "$W/root"
	assert_grep '^needs compat9x-amd64$' "$OUT"
	assert_grep '^dep compat9x-amd64 9.2.902000.201310$' "$OUT"
	[ "$(grep -c '^file /usr/local/.* sha256:[0-9a-f]\{64\}$' "$OUT")" -eq 2996 ] ||
	    fail "plexmediaserver's 2996 files with sha256"
	expect_exit 1 jt packages -l nosuch -s "$W/root"
	assert_grep 'package nosuch is not in /var/db/pkg/local.sqlite' "$ERR"
else
	note "no fixture database: pkg part skipped"
fi

# a root without a database: zero packages, not an error
mkdir -p "$W/empty/etc"
expect_exit 0 jt packages "$W/empty"
assert_grep '^# none : 0 packages$' "$OUT"

if [ -r /var/lib/dpkg/status ] && [ -r /var/lib/dpkg/info/coreutils.list ]; then
	expect_exit 0 jt packages -l coreutils -s /
	assert_grep '^file /bin/ls md5:[0-9a-f]{32}$' "$OUT"
	assert_grep '^needs libc6$' "$OUT"
fi
no_sanitizer_report "packages"
echo "pkgdb_cli: ok"
