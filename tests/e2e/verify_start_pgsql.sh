#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# verify --start of PostgreSQL built from this Debian system (postgresql;
# scripts/install-test-deps.sh installs it with service starts denied).
# The jail holds an empty data directory: the profile's prestart-if-empty
# runs initdb in it (as postgres, through /bin/sh's test of the
# directory), then postgres answers the pgsql probe's SSLRequest with N,
# as its own user; the jail is unchanged afterwards (writes went to the
# throw-away layer).  A data directory holding only a dot file is not
# empty: initdb is skipped and postgres says it is no cluster.  A broken
# postgresql.conf fails the start with the service named and postgres's
# own words.  Nothing is left behind: no process, mount or temporary.
#
# The server only ever listens inside the jail's own network namespace.
. "$(dirname "$0")/lib.sh"
# the newest installed (Debian 12: 15); the profile's default is 15
V=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
V=${V:-15}
PG=/usr/lib/postgresql/$V/bin/postgres
if [ ! -x "$PG" ]; then
	[ -n "${CI:-}" ] && fail "CI must have postgresql"
	skip "postgresql is not installed (scripts/install-test-deps.sh)"
fi
start_setup verify_start_pgsql
JT_TIMEOUT=300

J=$W/pg
DATA=/var/lib/postgresql/$V/main
CONF=/etc/postgresql/$V/main/postgresql.conf
build_jail "$J" pg postgresql -D version=$V
# the stanza: initdb behind the test of the data directory, then postgres
want="	exec.start = \"for f in $DATA/* $DATA/.[!.]* $DATA/..?*; do [ -e \\\"\\\$f\\\" ] && exit 0; done; /usr/lib/postgresql/$V/bin/initdb -D $DATA "
grep -qF "$want" "$J.conf" || { cat "$J.conf"; fail "no initdb behind the test of $DATA"; }
assert_grep "^	exec.start \\+= \"$PG -D $DATA -c config_file=$CONF\";\$" "$J.conf"
assert_grep '^	exec.jail_user = "postgres";$' "$J.conf"
[ -z "$(ls -A "$J$DATA")" ] || fail "the jail's data directory is not empty"
[ "$(stat -c '%U %a' "$J$DATA")" = "postgres 700" ] || fail "data directory: $(stat -c '%U %a' "$J$DATA")"
for f in /usr/lib/postgresql/$V/bin/initdb /bin/sh /usr/share/postgresql/$V/postgres.bki \
    /usr/lib/postgresql/$V/lib/plpgsql.so $CONF; do
	[ -e "$J$f" ] || fail "$f not in the jail"
done
# postgres and its children run as postgres, not as the jail's root
start_verify "$J" "pgsql 5432: SSLRequest answered [SN] \\(" "postgres postgres\$" \
    -p postgresql -D version=$V
! grep -E '^  process [0-9]+ root ' "$OUT" || fail "a process of the jail runs as root"
no_leftovers

# a data directory holding a dot file is not empty: no initdb, and
# postgres finds no cluster in it
B=$W/pg-notempty
rm -rf "$B" && cp -a "$J" "$B" || fail cp
touch "$B$DATA/.keep" || fail touch
expect_exit 3 jt verify -p postgresql -D version=$V --start --timeout 20 "$B"
assert_grep "verify: start: the service \"$PG -D $DATA -c config_file=$CONF\" exited with status" "$ERR"
assert_grep "\\| .*is not a database cluster directory|\\| .*PG_VERSION" "$ERR"
! grep -q 'creating subdirectories' "$ERR" || fail "initdb ran on a directory that is not empty"

# postgresql.conf with a parameter postgres does not know
B=$W/pg-badconf
rm -rf "$B" && cp -a "$J" "$B" || fail cp
echo 'no_such_parameter = 1' >>"$B$CONF" || fail "append"
expect_exit 3 jt verify -p postgresql -D version=$V --start --timeout 20 "$B"
assert_grep "verify: start: the service \"$PG -D $DATA -c config_file=$CONF\" exited with status 1" "$ERR"
assert_grep '\| .*unrecognized configuration parameter "no_such_parameter"' "$ERR"

no_leftovers_settled
echo "verify_start_pgsql: initdb in the jail, postgres answered the SSLRequest"
