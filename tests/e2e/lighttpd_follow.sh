#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# lighttpd's configuration followed all the way (issue 14), on this Debian
# host's lighttpd with a configuration written here, in a layer over /
# (moved with -D conf=): lighttpd's own grammar (configparser.y) — an
# array element followed by a line that starts with ',', "+=", ":=",
# conditionals with else, "global { }", var.x and bare keys, env.X,
# string + string and integer + integer, include globs — and what it
# names: FastCGI/SCGI bin-path programs and CGI interpreters (closed),
# certificates and keys (modes and owners kept; a private key others can
# read is a warning), the log, pid, upload and cache directories (the
# directories alone, with their modes and owners).
. "$(dirname "$0")/lib.sh"
[ -x /usr/sbin/lighttpd ] || skip "lighttpd not installed (.ci/run installs it)"
[ -x /usr/bin/perl ] || skip "perl not installed"
[ "$(id -u)" -eq 0 ] || skip "chown needs root"
W=$JT_TEST_WORK/lighttpd_follow
rm -rf "$W" && mkdir -p "$W" || fail mkdir
O=$W/over
mkdir -p "$O/etc/lt/conf.d" "$O/etc/lt/ssl" "$O/srv/www/htdocs" \
    "$O/srv/www/alt" "$O/srv/log" "$O/srv/run" "$O/srv/up1" "$O/srv/up2" \
    "$O/srv/cache" "$O/srv/sock" "$O/srv/big-log-dir" "$O/opt/app" || fail mkdir
echo hi >"$O/srv/www/htdocs/index.html"
echo alt >"$O/srv/www/alt/index.html"
# a log lighttpd writes: the directory comes, not what is in it
echo old >"$O/srv/log/error.log"
chown www-data:www-data "$O/srv/log" "$O/srv/up1" || fail chown
chmod 0700 "$O/srv/log" && chmod 0770 "$O/srv/up1" || fail chmod
# a FastCGI and an SCGI program: real ELF programs with a closure
cp /usr/bin/true "$O/opt/app/fcgi-app" && cp /usr/bin/false "$O/opt/app/scgi-app" ||
    fail cp
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' \
    >"$O/etc/lt/ssl/site.pem"
printf -- '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' >"$O/etc/lt/ssl/site.key"
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' >"$O/etc/lt/ssl/ca.pem"
chmod 0644 "$O/etc/lt/ssl/site.pem" "$O/etc/lt/ssl/ca.pem" || fail chmod
chmod 0640 "$O/etc/lt/ssl/site.key" && chown root:www-data "$O/etc/lt/ssl/site.key" ||
    fail chown
cat >"$O/etc/lt/lighttpd.conf" <<'C'
# the stock config's shape: an element, then a line starting with ','
server.modules = (
	"mod_indexfile",
	"mod_access",
	"mod_alias"
	, "mod_redirect",
	,
)
basedir = "/srv/www"
var.logdir = "/srv/log"
server.document-root = basedir + "/htdocs"
server.errorlog = var.logdir + "/error.log"
server.pid-file = "/srv/run/lighttpd.pid"
server.upload-dirs = ( "/srv/up1", "/srv/up2" )
server.username = "www-data"
server.groupname = "www-data"
server.port = 8000 + 81
server.tag = "lt/" + server.port
home = env.HOME
global {
	server.modules += ( "mod_fastcgi", "mod_scgi" )
}
server.modules += ( "mod_cgi" )
deflate.cache-dir := "/srv/cache"
$HTTP["host"] == "alt.example" {
	server.document-root = basedir + "/alt"
} else $HTTP["url"] =^ "/app/" {
	fastcgi.server = ( "/app/" => ((
		"bin-path" => "/opt/app/fcgi-app -x",
		"socket" => "/srv/sock/app.sock",
		"bin-environment" => ( "A" => "1" ),
	)) )
} else {
	cgi.assign = ( ".pl" => "/usr/bin/perl", ".cgi" => "" )
}
$SERVER["socket"] == ":8443" {
	ssl.engine = "enable"
	ssl.pemfile = "/etc/lt/ssl/site.pem"
	ssl.privkey = "/etc/lt/ssl/site.key"
	ssl.ca-file = "/etc/lt/ssl/ca.pem"
}
include "conf.d/*.conf"
C
cat >"$O/etc/lt/conf.d/10-scgi.conf" <<'C'
scgi.server += ( "/s/" => ( ( "bin-path" => "/opt/app/scgi-app",
    "socket" => "/srv/sock/s.sock" ) ) )
C
# a file that matches no glob is not read
echo 'this is not lighttpd syntax' >"$O/etc/lt/conf.d/README"

JT_TIMEOUT=600
expect_exit 0 jt build -s / -s "$O" -p lighttpd -D conf=/etc/lt/lighttpd.conf \
    -D port=8081 -q -o "$W/jail" -j "$W/jail.conf"
J=$W/jail
for f in etc/lt/lighttpd.conf etc/lt/conf.d/10-scgi.conf srv/www/htdocs/index.html \
    srv/www/alt/index.html opt/app/fcgi-app opt/app/scgi-app usr/bin/perl \
    etc/lt/ssl/site.pem etc/lt/ssl/site.key etc/lt/ssl/ca.pem; do
	[ -f "$J/$f" ] || fail "the jail lacks /$f"
done
for d in srv/log srv/run srv/up1 srv/up2 srv/cache srv/sock; do
	[ -d "$J/$d" ] || fail "the jail lacks the directory /$d"
done
[ -e "$J/etc/lt/conf.d/README" ] && fail "a file no include names came along"
[ -e "$J/srv/log/error.log" ] && fail "a log directory came with its logs"
[ -e "$J/srv/big-log-dir" ] && fail "a directory nothing names came along"
# perl's closure came with the CGI interpreter (the FastCGI program's is
# libc's alone)
for lib in $(ldd /usr/bin/perl | awk '$3 ~ /^\// {print $1}'); do
	[ -e "$J/usr/lib/x86_64-linux-gnu/$lib" ] || fail "perl came without $lib"
done
# modes and owners, as the source has them
[ "$(stat -c '%a %U:%G' "$J/etc/lt/ssl/site.key")" = "640 root:www-data" ] ||
    fail "site.key: $(stat -c '%a %U:%G' "$J/etc/lt/ssl/site.key")"
[ "$(stat -c '%a %U' "$J/srv/log")" = "700 www-data" ] ||
    fail "/srv/log: $(stat -c '%a %U' "$J/srv/log")"
[ "$(stat -c '%a %U' "$J/srv/up1")" = "770 www-data" ] ||
    fail "/srv/up1: $(stat -c '%a %U' "$J/srv/up1")"
# a private key everyone can read: a warning naming file, line and mode
assert_grep "warning: .*lighttpd.conf:[0-9]+: ssl.pemfile: /etc/lt/ssl/site.pem holds a private key every user can read \(mode 0644\)" "$ERR"
grep -q "site.key.*every user" "$ERR" && fail "a 0640 key was warned about"
grep -q "ca.pem.*every user" "$ERR" && fail "a certificate was warned about"
# why each came
expect_exit 0 jt build -s / -s "$O" -p lighttpd -D conf=/etc/lt/lighttpd.conf \
    --dry-run
assert_grep "/opt/app/fcgi-app  # fastcgi.server bin-path in /etc/lt/lighttpd.conf line 2[0-9]" "$OUT"
assert_grep "/opt/app/scgi-app  # scgi.server bin-path in /etc/lt/conf.d/10-scgi.conf line 1" "$OUT"
assert_grep "/usr/bin/perl  # cgi.assign in /etc/lt/lighttpd.conf line [0-9]+" "$OUT"
assert_grep "/srv/sock  # fastcgi.server socket in" "$OUT"
# the jail verifies with the same -D
expect_exit 0 jt verify -p lighttpd -D conf=/etc/lt/lighttpd.conf \
    -c "$W/jail.conf" "$J"
assert_grep ": ok$" "$OUT"

# what is named and missing stops the build, saying where
sed 's|/opt/app/fcgi-app|/opt/app/gone|' "$O/etc/lt/lighttpd.conf" >"$W/gone.conf" &&
    mkdir -p "$W/over2/etc/lt" && cp "$W/gone.conf" "$W/over2/etc/lt/lighttpd.conf" ||
    fail "write gone.conf"
expect_exit 3 jt build -s / -s "$O" -s "$W/over2" -p lighttpd \
    -D conf=/etc/lt/lighttpd.conf --dry-run
assert_grep "lighttpd.conf:2[0-9]: /opt/app/gone: not in the source \(fastcgi.server bin-path" "$ERR"
# an array may not start with ','; lighttpd refuses that too
mkdir -p "$W/over3/etc/lt" &&
    printf 'server.modules = ( , "mod_access" )\n' >"$W/over3/etc/lt/lighttpd.conf" ||
    fail "write over3"
expect_exit 3 jt build -s / -s "$W/over3" -p lighttpd -D conf=/etc/lt/lighttpd.conf \
    --dry-run
assert_grep "an array starts with an element" "$ERR"
exit 0
