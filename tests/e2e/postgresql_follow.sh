#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# postgresql.conf followed (config postgresql), on this Debian host's
# postgres with a configuration written here, moved out of /etc/postgresql
# into a layer over / and named with -D conf=: a relative include, an
# include_if_exists of a file that is not there, an include_dir (its dot
# file left out), hba_file and ident_file, and with ssl on (set in an
# included file) ssl_cert_file and ssl_key_file, the key keeping its
# mode and owner; the jail started answers the SSLRequest with S.  A key
# others can read is a warning, a missing include and a line postgres
# cannot parse are problems, and with ssl off the TLS files are not read.
# Nothing is left behind: no process, mount or temporary of ours.
. "$(dirname "$0")/lib.sh"
V=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
[ -n "$V" ] && [ -x "/usr/lib/postgresql/$V/bin/postgres" ] ||
    skip "postgresql not installed (scripts/install-test-deps.sh)"
command -v openssl >/dev/null || skip "no openssl to make a certificate"
# (root for chown too)
start_setup postgresql_follow
O=$W/over
P=$O/etc/pg
mkdir -p "$P/conf.d" "$P/tls" || fail mkdir
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=pg -days 2 \
    -keyout "$P/tls/key.pem" -out "$P/tls/cert.pem" 2>/dev/null ||
    fail "openssl req"
chown postgres:postgres "$P/tls/key.pem" && chmod 0600 "$P/tls/key.pem" ||
    fail "chown key"
cp /etc/postgresql/$V/main/pg_hba.conf "$P/hba.conf" &&
    cp /etc/postgresql/$V/main/pg_ident.conf "$P/ident.conf" &&
    chown postgres:postgres "$P/hba.conf" "$P/ident.conf" || fail cp
cat >"$P/postgresql.conf" <<C
# moved out of /etc/postgresql
data_directory = '/var/lib/postgresql/$V/main'
hba_file = '/etc/pg/hba.conf'	# a comment
ident_file='/etc/pg/ident.conf'
PORT 5432
unix_socket_directories = '/var/run/postgresql'
dynamic_shared_memory_type = posix
timezone = 'Etc/UTC'
include 'more.conf'
include_if_exists 'absent.conf'
include_dir 'conf.d'
C
echo "ssl = on" >"$P/more.conf"
printf "ssl_cert_file = '/etc/pg/tls/cert.pem'\nssl_key_file '/etc/pg/tls/key.pem'\n" \
    >"$P/conf.d/10-ssl.conf"
echo "ssl_ca_file = '/etc/pg/tls/nosuch.pem'" >"$P/conf.d/.hidden.conf"
echo "log_min_messages = 'warning'" >"$P/conf.d/README"
chown -R postgres:postgres "$P/conf.d" || fail chown

JT_TIMEOUT=300
D="-D version=$V -D conf=/etc/pg/postgresql.conf"
J=$W/jail
# shellcheck disable=SC2086
expect_exit 0 jt build -s / -s "$O" -p postgresql $D -q -o "$J" -j "$J.conf"
no_sanitizer_report build
! grep -q 'every user can read' "$ERR" || fail "a warning for a key only postgres reads"
for f in postgresql.conf more.conf hba.conf ident.conf conf.d/10-ssl.conf \
    tls/cert.pem tls/key.pem; do
	[ -f "$J/etc/pg/$f" ] || fail "the jail lacks /etc/pg/$f"
done
[ ! -e "$J/etc/pg/conf.d/.hidden.conf" ] || fail "include_dir's dot file was read"
[ "$(stat -c '%U %a' "$J/etc/pg/tls/key.pem")" = "postgres 600" ] ||
    fail "the key is $(stat -c '%U %a' "$J/etc/pg/tls/key.pem")"
# shellcheck disable=SC2086
start_verify "$J" "pgsql 5432: SSLRequest answered S \\(TLS on offer\\)$" "" -p postgresql $D

# a key every user can read: a warning, naming the directive
chmod 0644 "$P/tls/key.pem" || fail chmod
# shellcheck disable=SC2086
expect_exit 0 jt build -s / -s "$O" -p postgresql $D -q -o "$W/open"
assert_grep "10-ssl.conf:2: postgresql.conf ssl_key_file: /etc/pg/tls/key.pem holds a private key every user can read \\(mode 0644\\)" "$ERR"
chmod 0600 "$P/tls/key.pem" || fail chmod

# with ssl off the TLS files are not read: a missing key is no problem
echo "ssl = off" >"$P/more.conf"
mv "$P/tls/key.pem" "$P/tls/key.moved" || fail mv
# shellcheck disable=SC2086
expect_exit 0 jt build -s / -s "$O" -p postgresql $D -q -o "$W/nossl"
[ ! -e "$W/nossl/etc/pg/tls/cert.pem" ] || fail "ssl off, the certificate came"
echo "ssl = true" >"$P/more.conf"
# shellcheck disable=SC2086
expect_exit 3 jt build -s / -s "$O" -p postgresql $D -q -o "$W/nokey"
assert_grep "10-ssl.conf:2: .*/etc/pg/tls/key.pem" "$ERR"
mv "$P/tls/key.moved" "$P/tls/key.pem" || fail mv

# a missing include, and a line postgres cannot parse: problems, located
echo "include 'gone.conf'" >>"$P/postgresql.conf"
# shellcheck disable=SC2086
expect_exit 3 jt build -s / -s "$O" -p postgresql $D -q -o "$W/gone"
assert_grep "postgresql.conf:12: .*/etc/pg/gone.conf" "$ERR"
sed -i '$d' "$P/postgresql.conf" && echo "shared_buffers = 128 MB" >>"$P/postgresql.conf" || fail sed
# shellcheck disable=SC2086
expect_exit 3 jt build -s / -s "$O" -p postgresql $D -q -o "$W/bad"
assert_grep "postgresql.conf:12: postgres cannot parse this line: more than one value on a line" "$ERR"
no_leftovers
echo "postgresql_follow: includes, hba and ident files, TLS pair followed; S answered"
