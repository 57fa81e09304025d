#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# lighttpd with PHP through FastCGI, live (issue 14's acceptance): this
# Debian host's lighttpd, lighttpd-mod-openssl and php-cgi, with a
# configuration written here in a layer over / (-D conf=): an array with
# an empty element, conditionals, fastcgi.server running php-cgi, and
# ssl.pemfile for a TLS socket.  The jail holds php-cgi with its php.ini,
# the ini files of its scan directory and the extensions they load, and
# the PEM file (mode and owner kept); verify --start answers 200 for
# index.php, run by php-cgi (the page answers 500 when an extension the
# scan directory loads is missing: a copy of the jail without
# 20-ctype.ini fails with that status named).  Nothing is left behind:
# no process, mount or temporary of ours.
. "$(dirname "$0")/lib.sh"
for p in /usr/sbin/lighttpd /usr/bin/php-cgi /usr/lib/lighttpd/mod_openssl.so; do
	if [ ! -e "$p" ]; then
		[ -n "${CI:-}" ] && fail "CI must have $p"
		skip "$p is not installed (scripts/install-test-deps.sh)"
	fi
done
command -v openssl >/dev/null || skip "no openssl to make a certificate"
start_setup verify_start_lighttpd_php
JT_TIMEOUT=300

O=$W/over
mkdir -p "$O/etc/lt" "$O/srv/php" || fail mkdir
cat >"$O/srv/php/index.php" <<'P'
<?php
// 200 only when php-cgi runs with its extensions: ctype is one the
// scan directory's 20-ctype.ini loads
if (!extension_loaded("ctype")) { http_response_code(500); }
echo "php ", PHP_VERSION, "\n";
P
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=lt -days 2 \
    -keyout "$W/k.pem" -out "$W/c.pem" 2>/dev/null || fail "openssl req"
cat "$W/c.pem" "$W/k.pem" >"$O/etc/lt/site.pem" && rm -f "$W/k.pem" "$W/c.pem" ||
    fail pem
chown root:www-data "$O/etc/lt/site.pem" && chmod 0640 "$O/etc/lt/site.pem" ||
    fail chown
cat >"$O/etc/lt/lighttpd.conf" <<'C'
server.document-root = "/srv/php"
server.port = 8080
server.bind = "127.0.0.1"
server.username = "www-data"
server.groupname = "www-data"
server.pid-file = "/run/lighttpd/lt.pid"
# the stock config's shape: an element, then a line starting with ','
server.modules = (
	"mod_access",
	"mod_fastcgi",
	"mod_openssl",
	, "mod_staticfile"
)
index-file.names = ( "index.php", )
$HTTP["url"] =~ "^/" {
	fastcgi.server = ( ".php" => ((
		"bin-path" => "/usr/bin/php-cgi",
		"socket" => "/run/lighttpd/php.socket",
		"max-procs" => 1,
	)) )
}
$SERVER["socket"] == "127.0.0.1:8443" {
	ssl.engine = "enable"
	ssl.pemfile = "/etc/lt/site.pem"
}
C

J=$W/jail
D="-D conf=/etc/lt/lighttpd.conf -D port=8080"
# shellcheck disable=SC2086
build_jail "$J" lt lighttpd -s "$O" $D
# where this php-cgi reads its php.ini, scan directory and extensions
phpq() { echo "<?php echo $1;" >"$W/q.php" && /usr/bin/php-cgi -q "$W/q.php" 2>/dev/null; }
ini=$(phpq 'php_ini_loaded_file()')
scan=$(phpq 'PHP_CONFIG_FILE_SCAN_DIR')
extdir=$(phpq 'ini_get("extension_dir")')
[ -n "$ini" ] && [ -n "$scan" ] && [ -n "$extdir" ] || fail "php-cgi's paths"
for f in /usr/bin/php-cgi "$ini" "$scan/20-ctype.ini" "$extdir/ctype.so" \
    /etc/lt/site.pem /srv/php/index.php /usr/lib/lighttpd/mod_openssl.so; do
	[ -e "$J$f" ] || fail "the jail lacks $f"
done
[ "$(stat -c '%U:%G %a' "$J/etc/lt/site.pem")" = "root:www-data 640" ] ||
    fail "the PEM is $(stat -c '%U:%G %a' "$J/etc/lt/site.pem")"
# shellcheck disable=SC2086
start_verify "$J" "http 8080 /: HTTP/1\\.[01] 200 OK" "www-data php-cgi" -p lighttpd $D
no_leftovers
# without the extensions php-cgi's page answers 500: the probe names it
B=$W/noext
cp -a "$J" "$B" && rm -f "$B$scan/20-ctype.ini" || fail cp
# shellcheck disable=SC2086
expect_exit 3 jt verify -p lighttpd $D --start --timeout 20 "$B"
assert_grep "probe 'http 8080 /': 127\\.0\\.0\\.1:8080: status 500, wanted 200" "$ERR"
no_leftovers
echo "verify_start_lighttpd_php: php-cgi answered 200 through lighttpd's FastCGI"
