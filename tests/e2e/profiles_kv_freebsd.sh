#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The FreeBSD parts of the redis, memcached and haproxy profiles, verified
# statically: a test root is the FreeBSD 10.1 fixture plus an overlay
# holding what the ports would install (stand-in programs, copies of
# fixture binaries, at /usr/local/bin/redis-server, memcached and
# /usr/local/sbin/haproxy; redis.conf, haproxy.conf and an error page;
# the redis account the port adds, uid 535).  Each jail is
# built with its jail.conf stanza and passes verify -c; the ports' paths,
# owners and commands are what the jail and stanza hold.  Without the
# port's account the build stops and names it.
. "$(dirname "$0")/lib.sh"
need_fixture
F=$(fixture_root) || fail "cannot extract the fixture"
[ -n "$F" ] || fail "cannot extract the fixture"
W=$JT_TEST_WORK/profiles_kv_freebsd
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=300

OV=$W/ports
mkdir -p "$OV/usr/local/bin" "$OV/usr/local/etc" "$OV/etc" || fail mkdir
mkdir -p "$OV/usr/local/sbin" "$OV/usr/local/etc/haproxy/errors" || fail mkdir
cp "$F/usr/bin/logger" "$OV/usr/local/sbin/haproxy" || fail "stand-in"
printf 'global\n\tuser www\n' >"$OV/usr/local/etc/haproxy.conf" &&
    printf 'HTTP/1.0 503\r\n\r\n' >"$OV/usr/local/etc/haproxy/errors/503.http" ||
    fail haproxy.conf
cp "$F/usr/bin/logger" "$OV/usr/local/bin/redis-server" &&
    cp "$F/usr/bin/yes" "$OV/usr/local/bin/memcached" || fail "stand-ins"
printf 'port 6379\ndir /var/db/redis\n' >"$OV/usr/local/etc/redis.conf" ||
    fail redis.conf
cp "$F/etc/master.passwd" "$F/etc/passwd" "$F/etc/group" "$OV/etc/" ||
    fail "accounts"
NOUSER=$W/nouser
cp -a "$OV" "$NOUSER" || fail "cp"
echo 'redis:*:535:535::0:0:Redis Owner:/nonexistent:/usr/sbin/nologin' >>"$OV/etc/master.passwd"
echo 'redis:*:535:535:Redis Owner:/nonexistent:/usr/sbin/nologin' >>"$OV/etc/passwd"
echo 'redis:*:535:' >>"$OV/etc/group"

# --- redis ---
expect_exit 0 jt build -s "$F" -s "$OV" -p redis -n redis -q -o "$W/redis" -j "$W/redis.conf"
expect_exit 0 jt verify -p redis -c "$W/redis.conf" "$W/redis"
assert_grep "^$W/redis: [0-9]+ objects, 1 profile: ok$" "$OUT"
assert_grep '^	exec.start = "/usr/local/bin/redis-server /usr/local/etc/redis.conf --daemonize no";$' "$W/redis.conf"
[ -f "$W/redis/usr/local/etc/redis.conf" ] || fail "redis.conf not in the jail"
for d in "db/redis 750" "run/redis 755" "log/redis 755"; do
	m=$(stat -c '%u:%g %a' "$W/redis/var/${d% *}") || fail "no /var/${d% *}"
	[ "$m" = "535:535 ${d#* }" ] || fail "/var/${d% *} is $m, wanted 535:535 ${d#* }"
done
grep -q '^redis:' "$W/redis/etc/master.passwd" || fail "redis account not in the jail"
# the ports' paths moved with -D: verify looks where it is told
expect_exit 3 jt verify -p redis -D conf=/usr/local/etc/redis/redis.conf "$W/redis"
assert_grep '/usr/local/etc/redis/redis.conf' "$ERR"
# without the port's account: refused, the account named
expect_exit 1 jt build -s "$F" -s "$NOUSER" -p redis -n redis -q -o "$W/redis-nouser"
assert_grep "/var/db/redis: user 'redis' is not in the source's /etc/passwd" "$ERR"

# --- memcached: runs as nobody, drops root itself ---
expect_exit 0 jt build -s "$F" -s "$OV" -p memcached -n memcached -q -o "$W/mc" -j "$W/mc.conf"
expect_exit 0 jt verify -p memcached -c "$W/mc.conf" "$W/mc"
assert_grep "^$W/mc: [0-9]+ objects, 1 profile: ok$" "$OUT"
assert_grep '^	exec.start = "/usr/local/bin/memcached -u nobody -l 127.0.0.1 -p 11211 -m 64";$' "$W/mc.conf"
# -D reaches the command
expect_exit 0 jt build -s "$F" -s "$OV" -p memcached -D memory=512 -D port=11311 -n mc2 -q -o "$W/mc2" -j "$W/mc2.conf"
assert_grep '^	exec.start = "/usr/local/bin/memcached -u nobody -l 127.0.0.1 -p 11311 -m 512";$' "$W/mc2.conf"
expect_exit 0 jt verify -p memcached -D memory=512 -D port=11311 -c "$W/mc2.conf" "$W/mc2"
# --- haproxy: the port's config and error pages, /var/run/haproxy for www ---
expect_exit 0 jt build -s "$F" -s "$OV" -p haproxy -n haproxy -q -o "$W/h" -j "$W/h.conf"
expect_exit 0 jt verify -p haproxy -c "$W/h.conf" "$W/h"
assert_grep '^	exec.start = "/usr/local/sbin/haproxy -db -f /usr/local/etc/haproxy.conf";$' "$W/h.conf"
[ -f "$W/h/usr/local/etc/haproxy/errors/503.http" ] || fail "no error page"
[ "$(stat -c '%u:%g' "$W/h/var/run/haproxy")" = 80:80 ] || fail "/var/run/haproxy owner"
echo "profiles_kv_freebsd: redis, memcached and haproxy verify on the fixture with the ports' paths"
