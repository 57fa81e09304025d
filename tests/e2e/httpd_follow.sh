#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Apache httpd's configuration followed all the way (issue 14), on this
# Debian host's apache2 with a configuration written here, in a layer over
# / and named with -D conf=: SSLCertificateFile (ServerRoot-relative) and
# SSLCertificateKeyFile with their modes and owners (a private key others
# can read is a warning), PidFile under DefaultRuntimeDir, the directories
# of ErrorLog and CustomLog (alone, with their modes), a piped log's
# program (closed), Include and IncludeOptional globs.
. "$(dirname "$0")/lib.sh"
[ -x /usr/sbin/apache2 ] || skip "apache2 not installed (.ci/run installs it)"
[ "$(id -u)" -eq 0 ] || skip "chown needs root"
W=$JT_TEST_WORK/httpd_follow
rm -rf "$W" && mkdir -p "$W" || fail mkdir
O=$W/over
mkdir -p "$O/etc/ap/conf.d" "$O/etc/ap/ssl" "$O/srv/ap/www" "$O/srv/ap/run" \
    "$O/srv/ap/log" "$O/srv/ap/alog" "$O/srv/ap/other" "$O/opt/ap" || fail mkdir
echo hi >"$O/srv/ap/www/index.html"
echo old >"$O/srv/ap/log/error.log"
cp /usr/bin/true "$O/opt/ap/rotlog" || fail cp
chown www-data:adm "$O/srv/ap/log" && chmod 0750 "$O/srv/ap/log" || fail chown
chmod 0700 "$O/srv/ap/alog" || fail chmod
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' \
    >"$O/etc/ap/ssl/site.pem"
printf -- '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' >"$O/etc/ap/ssl/site.key"
chmod 0644 "$O/etc/ap/ssl/site.pem" || fail chmod
chmod 0600 "$O/etc/ap/ssl/site.key" && chown www-data:root "$O/etc/ap/ssl/site.key" ||
    fail chown
cat >"$O/etc/ap/httpd.conf" <<'C'
ServerRoot "/etc/ap"
Define LOGS /srv/ap/log
DefaultRuntimeDir /srv/ap/run
PidFile httpd.pid
ErrorLog ${LOGS}/error.log
Include conf.d/*.conf
IncludeOptional optional.d/*.conf
DocumentRoot /srv/ap/www
C
cat >"$O/etc/ap/conf.d/10-ssl.conf" <<'C'
<VirtualHost *:8443>
	SSLCertificateFile ssl/site.pem
	SSLCertificateKeyFile "/etc/ap/ssl/site.key"
	CustomLog "/srv/ap/alog/access.log" combined
	CustomLog "||/opt/ap/rotlog -l 86400" combined
	ErrorLog syslog:local1
</VirtualHost>
C
echo 'not httpd syntax' >"$O/etc/ap/conf.d/README"

JT_TIMEOUT=600
expect_exit 0 jt build -s / -s "$O" -p httpd -D conf=/etc/ap/httpd.conf -D port=8081 \
    -q -o "$W/jail" -j "$W/jail.conf"
no_sanitizer_report build
J=$W/jail
for f in etc/ap/httpd.conf etc/ap/conf.d/10-ssl.conf etc/ap/ssl/site.pem \
    etc/ap/ssl/site.key srv/ap/www/index.html opt/ap/rotlog; do
	[ -f "$J/$f" ] || fail "the jail lacks /$f"
done
for d in srv/ap/run srv/ap/log srv/ap/alog; do
	[ -d "$J/$d" ] || fail "the jail lacks the directory /$d"
done
[ -e "$J/etc/ap/conf.d/README" ] && fail "a file no Include names came along"
[ -e "$J/srv/ap/log/error.log" ] && fail "a log directory came with its logs"
[ -e "$J/srv/ap/other" ] && fail "a directory nothing names came along"
[ "$(stat -c '%a %U:%G' "$J/etc/ap/ssl/site.key")" = "600 www-data:root" ] ||
    fail "site.key: $(stat -c '%a %U:%G' "$J/etc/ap/ssl/site.key")"
[ "$(stat -c '%a %U:%G' "$J/srv/ap/log")" = "750 www-data:adm" ] ||
    fail "/srv/ap/log: $(stat -c '%a %U:%G' "$J/srv/ap/log")"
[ "$(stat -c '%a' "$J/srv/ap/alog")" = "700" ] ||
    fail "/srv/ap/alog: $(stat -c '%a' "$J/srv/ap/alog")"
assert_grep "warning: .*10-ssl.conf:2: SSLCertificateFile: /etc/ap/ssl/site.pem holds a private key every user can read \(mode 0644\)" "$ERR"
grep -q "site.key.*every user" "$ERR" && fail "a 0600 key was warned about"
expect_exit 0 jt build -s / -s "$O" -p httpd -D conf=/etc/ap/httpd.conf --dry-run
assert_grep "/srv/ap/run  # PidFile in /etc/ap/httpd.conf line 4" "$OUT"
assert_grep "/srv/ap/log  # ErrorLog in /etc/ap/httpd.conf line 5" "$OUT"
assert_grep "/opt/ap/rotlog  # CustomLog in /etc/ap/conf.d/10-ssl.conf line 5" "$OUT"
expect_exit 0 jt verify -p httpd -D conf=/etc/ap/httpd.conf -c "$W/jail.conf" "$J"
assert_grep ": ok$" "$OUT"

# a key named and missing stops the build, saying where
mkdir -p "$W/over3/etc/ap/conf.d" &&
    sed 's|site.key|gone.key|' "$O/etc/ap/conf.d/10-ssl.conf" \
    >"$W/over3/etc/ap/conf.d/10-ssl.conf" || fail "write over3"
expect_exit 3 jt build -s / -s "$O" -s "$W/over3" -p httpd -D conf=/etc/ap/httpd.conf \
    --dry-run
no_sanitizer_report "the broken build"
assert_grep "10-ssl.conf:3: /etc/ap/ssl/gone.key: not in the source \(SSLCertificateKeyFile" "$ERR"
exit 0
