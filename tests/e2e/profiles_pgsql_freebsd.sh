#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The FreeBSD part of the postgresql profile, verified statically: a test
# root is the FreeBSD 10.1 fixture plus an overlay holding what
# databases/postgresql15-server would install (stand-in programs, copies
# of fixture binaries, at /usr/local/bin/postgres, initdb and pg_ctl;
# stand-in modules, copies of a fixture library, at
# /usr/local/lib/postgresql/plpgsql.so and dict_snowball.so; the share
# directory's catalogs; the postgres account the port adds, uid 770).
# The jail is built with its jail.conf stanza and passes verify -c: the
# data directory /var/db/postgres/data15 is there, empty and postgres's,
# exec.start runs initdb behind /bin/sh's test of it, then postgres, as
# postgres, with System V IPC of the jail's own.  -D moves the version.
# A root without /bin/sh (the test's shell) is refused with it named.
. "$(dirname "$0")/lib.sh"
need_fixture
F=$(fixture_root) || fail "cannot extract the fixture"
[ -n "$F" ] || fail "cannot extract the fixture"
W=$JT_TEST_WORK/profiles_pgsql_freebsd
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=300

OV=$W/ports
S=$OV/usr/local/share/postgresql
mkdir -p "$OV/usr/local/bin" "$OV/usr/local/lib/postgresql" "$OV/etc" \
    "$S/timezonesets" "$S/extension" || fail mkdir
for p in postgres initdb pg_ctl; do
	cp "$F/usr/bin/logger" "$OV/usr/local/bin/$p" || fail "stand-in $p"
done
for m in plpgsql dict_snowball; do
	cp "$F/lib/libz.so.6" "$OV/usr/local/lib/postgresql/$m.so" ||
	    fail "stand-in $m.so"
done
for f in postgres.bki system_views.sql postgresql.conf.sample \
    timezonesets/Default extension/plpgsql.control; do
	echo "-- $f" >"$S/$f" || fail "$f"
done
cp "$F/etc/master.passwd" "$F/etc/passwd" "$F/etc/group" "$OV/etc/" ||
    fail "accounts"
NOUSER=$W/nouser
cp -a "$OV" "$NOUSER" || fail "cp"
echo 'postgres:*:770:770::0:0:PostgreSQL Daemon:/var/db/postgres:/bin/sh' >>"$OV/etc/master.passwd"
echo 'postgres:*:770:770:PostgreSQL Daemon:/var/db/postgres:/bin/sh' >>"$OV/etc/passwd"
echo 'postgres:*:770:' >>"$OV/etc/group"

J=$W/pg
D=/var/db/postgres/data15
expect_exit 0 jt build -s "$F" -s "$OV" -p postgresql -n pg -q -o "$J" -j "$J.conf"
expect_exit 0 jt verify -p postgresql -c "$J.conf" "$J"
assert_grep "^$J: [0-9]+ objects, 1 profile: ok$" "$OUT"
want="	exec.start = \"for f in $D/* $D/.[!.]* $D/..?*; do [ -e \\\"\\\$f\\\" ] && exit 0; done; /usr/local/bin/initdb -D $D --auth-local=peer --auth-host=scram-sha-256\";"
grep -qxF "$want" "$J.conf" || { cat "$J.conf"; fail "no initdb behind the test of $D"; }
assert_grep "^	exec.start \\+= \"/usr/local/bin/postgres -D $D\";\$" "$J.conf"
assert_grep '^	exec.jail_user = "postgres";$' "$J.conf"
assert_grep '^	sysvshm = "?new"?;$' "$J.conf"
assert_grep '^	sysvsem = "?new"?;$' "$J.conf"
[ "$(stat -c '%u:%g %a' "$J$D")" = "770:770 700" ] ||
    fail "$D is $(stat -c '%u:%g %a' "$J$D"), wanted 770:770 700"
[ -z "$(ls -A "$J$D")" ] || fail "$D is not empty"
for f in /bin/sh /usr/local/bin/initdb /usr/local/bin/postgres /usr/local/bin/pg_ctl \
    /usr/local/lib/postgresql/plpgsql.so /usr/local/share/postgresql/postgres.bki \
    /usr/local/share/postgresql/timezonesets/Default; do
	[ -e "$J$f" ] || fail "$f not in the jail"
done
grep -q '^postgres:[^:]*:770:' "$J/etc/master.passwd" || fail "postgres account not in the jail"
# the test of the directory is /bin/sh's: without it verify names it
B=$W/pg-nosh
cp -a "$J" "$B" && rm -f "$B/bin/sh" || fail "cp"
expect_exit 3 jt verify -p postgresql "$B"
assert_grep 'postgresql.profile:[0-9]+\): /bin/sh is not in the' "$ERR"
# another version of the port, moved with -D
expect_exit 0 jt build -s "$F" -s "$OV" -p postgresql -D version=16 -n pg16 -q -o "$W/pg16" -j "$W/pg16.conf"
assert_grep "^	exec.start \\+= \"/usr/local/bin/postgres -D /var/db/postgres/data16\";\$" "$W/pg16.conf"
[ -d "$W/pg16/var/db/postgres/data16" ] || fail "no data16"
expect_exit 0 jt verify -p postgresql -D version=16 -c "$W/pg16.conf" "$W/pg16"
# without the port's account: refused, the account named
expect_exit 1 jt build -s "$F" -s "$NOUSER" -p postgresql -n pg -q -o "$W/pg-nouser"
assert_grep "user 'postgres' is not in the source's /etc/passwd" "$ERR"
echo "profiles_pgsql_freebsd: postgresql verifies on the fixture with the port's paths"
