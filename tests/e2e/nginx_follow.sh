#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# nginx's configuration followed all the way (issue 14), on this Debian
# host's nginx with a configuration written here, moved out of /etc/nginx
# into a layer over / and named with -D conf=: ssl_certificate (relative
# to the configuration's directory) and ssl_certificate_key with their
# modes and owners (a private key others can read is a warning), the
# directories of pid, error_log and access_log (alone, with their modes),
# the directories of fastcgi_pass/uwsgi_pass unix: sockets, include globs.
. "$(dirname "$0")/lib.sh"
[ -x /usr/sbin/nginx ] || skip "nginx not installed (.ci/run installs it)"
[ "$(id -u)" -eq 0 ] || skip "chown needs root"
W=$JT_TEST_WORK/nginx_follow
rm -rf "$W" && mkdir -p "$W" || fail mkdir
O=$W/over
mkdir -p "$O/etc/ngx/conf.d" "$O/etc/ngx/ssl" "$O/srv/ngx/www" "$O/srv/ngx/run" \
    "$O/srv/ngx/log" "$O/srv/ngx/alog" "$O/srv/ngx/fpm" "$O/srv/ngx/uwsgi" \
    "$O/srv/ngx/other" || fail mkdir
echo hi >"$O/srv/ngx/www/index.html"
echo old >"$O/srv/ngx/log/error.log"
cp /etc/nginx/mime.types "$O/etc/ngx/mime.types" || fail cp
chown www-data:adm "$O/srv/ngx/log" && chmod 0710 "$O/srv/ngx/log" || fail chown
chmod 0700 "$O/srv/ngx/alog" || fail chmod
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' \
    >"$O/etc/ngx/ssl/site.pem"
printf -- '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' >"$O/etc/ngx/ssl/site.key"
chmod 0644 "$O/etc/ngx/ssl/site.pem" || fail chmod
chmod 0640 "$O/etc/ngx/ssl/site.key" && chown root:www-data "$O/etc/ngx/ssl/site.key" ||
    fail chown
cat >"$O/etc/ngx/nginx.conf" <<'C'
user www-data;
pid /srv/ngx/run/nginx.pid;
error_log /srv/ngx/log/error.log warn;
events { worker_connections 64; }
http {
	include mime.types;
	access_log /srv/ngx/alog/access.log combined;
	include conf.d/*.conf;
}
C
cat >"$O/etc/ngx/conf.d/10-site.conf" <<'C'
server {
	listen 8443 ssl;
	ssl_certificate ssl/site.pem;
	ssl_certificate_key "/etc/ngx/ssl/site.key";
	root /srv/ngx/www;
	location ~ \.php$ { fastcgi_pass unix:/srv/ngx/fpm/php.sock; }
	location /u { uwsgi_pass unix:/srv/ngx/uwsgi/app.sock; }
	location /s { access_log syslog:server=unix:/dev/log; }
}
C
echo 'not nginx syntax {' >"$O/etc/ngx/conf.d/README"

JT_TIMEOUT=600
expect_exit 0 jt build -s / -s "$O" -p nginx -D conf=/etc/ngx/nginx.conf -D port=8081 \
    -q -o "$W/jail" -j "$W/jail.conf"
no_sanitizer_report build
J=$W/jail
for f in etc/ngx/nginx.conf etc/ngx/conf.d/10-site.conf etc/ngx/mime.types \
    etc/ngx/ssl/site.pem etc/ngx/ssl/site.key srv/ngx/www/index.html; do
	[ -f "$J/$f" ] || fail "the jail lacks /$f"
done
for d in srv/ngx/run srv/ngx/log srv/ngx/alog srv/ngx/fpm srv/ngx/uwsgi; do
	[ -d "$J/$d" ] || fail "the jail lacks the directory /$d"
done
[ -e "$J/etc/ngx/conf.d/README" ] && fail "a file no include names came along"
[ -e "$J/srv/ngx/log/error.log" ] && fail "a log directory came with its logs"
[ -e "$J/srv/ngx/other" ] && fail "a directory nothing names came along"
[ "$(stat -c '%a %U:%G' "$J/etc/ngx/ssl/site.key")" = "640 root:www-data" ] ||
    fail "site.key: $(stat -c '%a %U:%G' "$J/etc/ngx/ssl/site.key")"
[ "$(stat -c '%a %U:%G' "$J/srv/ngx/log")" = "710 www-data:adm" ] ||
    fail "/srv/ngx/log: $(stat -c '%a %U:%G' "$J/srv/ngx/log")"
[ "$(stat -c '%a' "$J/srv/ngx/alog")" = "700" ] ||
    fail "/srv/ngx/alog: $(stat -c '%a' "$J/srv/ngx/alog")"
assert_grep "warning: .*10-site.conf:3: ssl_certificate: /etc/ngx/ssl/site.pem holds a private key every user can read \(mode 0644\)" "$ERR"
grep -q "site.key.*every user" "$ERR" && fail "a 0640 key was warned about"
expect_exit 0 jt build -s / -s "$O" -p nginx -D conf=/etc/ngx/nginx.conf --dry-run
assert_grep "/srv/ngx/fpm  # fastcgi_pass in /etc/ngx/conf.d/10-site.conf line 6" "$OUT"
assert_grep "/srv/ngx/uwsgi  # uwsgi_pass in /etc/ngx/conf.d/10-site.conf line 7" "$OUT"
assert_grep "/srv/ngx/run  # pid in /etc/ngx/nginx.conf line 2" "$OUT"
# the jail verifies with the same -D
expect_exit 0 jt verify -p nginx -D conf=/etc/ngx/nginx.conf -c "$W/jail.conf" "$J"
assert_grep ": ok$" "$OUT"

# the host's own configuration tree, moved: builds and verifies
# (its own absolute names moved with it: nothing comes from /etc/nginx)
mkdir -p "$W/over2/etc" && cp -a /etc/nginx "$W/over2/etc/nginx-moved" || fail cp
grep -rl /etc/nginx/ "$W/over2/etc/nginx-moved" | while read -r f; do
	sed -i 's|/etc/nginx/|/etc/nginx-moved/|g' "$f" || exit 1
done || fail "sed the moved tree"
expect_exit 0 jt build -s / -s "$W/over2" -p nginx -D conf=/etc/nginx-moved/nginx.conf \
    -q -o "$W/jail2" -j "$W/jail2.conf"
[ -f "$W/jail2/etc/nginx-moved/nginx.conf" ] || fail "the moved config is not in the jail"
[ -f "$W/jail2/etc/nginx-moved/mime.types" ] || fail "the moved mime.types is not in the jail"
# (sites-enabled/default still links to /etc/nginx/sites-available: that comes)
[ -e "$W/jail2/etc/nginx/nginx.conf" ] && fail "the unmoved nginx.conf came along"
expect_exit 0 jt verify -p nginx -D conf=/etc/nginx-moved/nginx.conf -c "$W/jail2.conf" \
    "$W/jail2"
assert_grep ": ok$" "$OUT"

# a certificate named and missing stops the build, saying where
mkdir -p "$W/over3/etc/ngx/conf.d" &&
    sed 's|ssl/site.pem|ssl/gone.pem|' "$O/etc/ngx/conf.d/10-site.conf" \
    >"$W/over3/etc/ngx/conf.d/10-site.conf" || fail "write over3"
expect_exit 3 jt build -s / -s "$O" -s "$W/over3" -p nginx -D conf=/etc/ngx/nginx.conf \
    --dry-run
no_sanitizer_report "the broken build"
assert_grep "10-site.conf:3: /etc/ngx/ssl/gone.pem: not in the source \(ssl_certificate" "$ERR"
exit 0
