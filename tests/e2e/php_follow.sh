#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# PHP behind lighttpd (issue 14): when a fastcgi.server bin-path (or a
# cgi.assign interpreter) is php-cgi or php-fpm, its php.ini (Debian's
# /etc/php/V/SAPI, V from the program's real name), every *.ini of its
# scan directory (conf.d, Debian's links into mods-available), its
# extension_dir and each extension and zend_extension they load come,
# each with its closure; "config php PROGRAM" in a profile does the same.
# php-cgi is not installed here: stand-ins at Debian's paths, real ELF
# objects (an extension is a copy of libxml2, whose closure is known).
. "$(dirname "$0")/lib.sh"
[ -x /usr/sbin/lighttpd ] || skip "lighttpd not installed (.ci/run installs it)"
X=/usr/lib/x86_64-linux-gnu/libxml2.so.2
[ -f "$X" ] || skip "no $X for a stand-in extension"
W=$JT_TEST_WORK/php_follow
rm -rf "$W" && mkdir -p "$W" || fail mkdir
O=$W/over
E=/usr/lib/php/20220829
mkdir -p "$O/usr/bin" "$O/etc/php/8.2/cgi/conf.d" "$O/etc/php/8.2/mods-available" \
    "$O$E" "$O/etc/lt" "$O/srv/www" "$O/P" || fail mkdir
cp /usr/bin/true "$O/usr/bin/php-cgi8.2" && ln -s php-cgi8.2 "$O/usr/bin/php-cgi" &&
    cp "$X" "$O$E/xml.so" && cp /usr/lib/x86_64-linux-gnu/libz.so.1 "$O$E/opcache.so" &&
    cp /usr/lib/x86_64-linux-gnu/libz.so.1 "$O$E/never.so" || fail "stand-ins"
cat >"$O/etc/php/8.2/cgi/php.ini" <<'I'
[PHP]
; extension=never   (a comment: not loaded)
memory_limit = 128M ; a comment after a value
[PATH=/srv/www]
display_errors = Off
I
printf '; priority=10\nzend_extension=opcache.so\n' >"$O/etc/php/8.2/mods-available/opcache.ini"
printf 'extension = "xml"\n' >"$O/etc/php/8.2/mods-available/xml.ini"
ln -s ../../mods-available/opcache.ini "$O/etc/php/8.2/cgi/conf.d/10-opcache.ini" &&
    ln -s ../../mods-available/xml.ini "$O/etc/php/8.2/cgi/conf.d/20-xml.ini" ||
    fail ln
echo 'not an ini file' >"$O/etc/php/8.2/cgi/conf.d/README"
echo '<?php echo 1;' >"$O/srv/www/index.php"
cat >"$O/etc/lt/lighttpd.conf" <<'C'
server.modules = ( "mod_fastcgi" )
server.document-root = "/srv/www"
server.port = 8082
fastcgi.server = ( ".php" => ((
	"bin-path" => "/usr/bin/php-cgi",
	"socket" => "/run/lighttpd/php.socket",
)) )
C

expect_exit 0 jt build -s / -s "$O" -p lighttpd -D conf=/etc/lt/lighttpd.conf \
    --dry-run
P=$OUT
assert_grep " /usr/bin/php-cgi -> php-cgi8.2  # fastcgi.server bin-path" "$P"
assert_grep " /usr/bin/php-cgi8.2  # fastcgi.server bin-path" "$P"
assert_grep " /etc/php/8.2/cgi/php.ini  # php.ini of /usr/bin/php-cgi" "$P"
assert_grep " /etc/php/8.2/cgi/conf.d/10-opcache.ini -> ../../mods-available/opcache.ini  # PHP scan directory" "$P"
assert_grep " /etc/php/8.2/mods-available/xml.ini " "$P"
assert_grep " $E/opcache.so  # PHP extension opcache.so in /etc/php/8.2/cgi/conf.d/10-opcache.ini line 2" "$P"
assert_grep " $E/xml.so  # PHP extension xml in /etc/php/8.2/cgi/conf.d/20-xml.ini line 1" "$P"
# the extension's closure: libxml2's own libraries
assert_grep " /usr/lib/x86_64-linux-gnu/liblzma.so.5 .*of $E/xml.so" "$P"
grep -q "never.so" "$P" && fail "a commented-out extension came along"
grep -q "conf.d/README" "$P" && fail "a non-.ini file of conf.d came along"
# extension_dir set in php.ini wins; a missing extension stops the build
printf 'extension_dir = "/opt/ext"\n' >"$O/etc/php/8.2/cgi/conf.d/05-dir.ini"
expect_exit 3 jt build -s / -s "$O" -p lighttpd -D conf=/etc/lt/lighttpd.conf \
    --dry-run
assert_grep "10-opcache.ini:2: /opt/ext/opcache.so: not in the source \(PHP extension opcache.so" "$ERR"
rm "$O/etc/php/8.2/cgi/conf.d/05-dir.ini"
# a profile names PHP itself: config php PROGRAM (php-fpm alike)
printf 'include base\n[linux]\nprogram /usr/bin/php-cgi\nconfig php /usr/bin/php-cgi\n' \
    >"$O/P/php.profile"
expect_exit 0 jt build -s / -s "$O" -P "$O/P" -p php --dry-run
assert_grep " $E/xml.so  # PHP extension xml" "$OUT"
printf 'include base\n[linux]\nconfig php /usr/bin/true\n' >"$O/P/notphp.profile"
expect_exit 3 jt build -s / -s "$O" -P "$O/P" -p notphp --dry-run
assert_grep "/usr/bin/true: not PHP's php-cgi or php-fpm" "$ERR"
exit 0
