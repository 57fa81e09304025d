#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Profile variables (issue 14): "var NAME DEFAULT" in a profile, ${NAME} in
# its later lines and its includers', -D NAME=VALUE on build, verify and
# shrink and "define NAME=VALUE" in a manifest.  lighttpd with its config
# in /var/etc/lighttpd.conf (a layer over this Debian host's /) builds,
# verifies and answers on the port -D gives it, with no profile copied; a
# -D naming no variable is refused before any work; a ${NAME} never
# declared is an error naming the profile's file and line.
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/profile_vars
rm -rf "$W" && mkdir -p "$W/over/var/etc" "$W/over/var/www/moved" "$W/P" ||
    fail mkdir

# --- the profile language, on profiles written here (no host program) ---
cat >"$W/P/inner.profile" <<'P'
var dir /srv/inner
var mode 0750
[linux]
dir ${dir} ${mode} root root
[freebsd]
dir ${dir} ${mode} root wheel
P
# an includer sees inner's variables; its own var, before the include,
# sets inner's default (the first declaration wins)
cat >"$W/P/outer.profile" <<'P'
var mode 0700
include inner
[linux]
dir ${dir}/sub ${mode} root root
[freebsd]
dir ${dir}/sub ${mode} root wheel
P
cat >"$W/P/typo.profile" <<'P'
var conf /etc/x.conf
[all]
file ${cnof}
P
expect_exit 0 jt profiles show -P "$W/P" --platform linux outer
assert_grep "^var mode 0700	# $W/P/outer.profile:1$" "$OUT"
assert_grep "^var dir /srv/inner	# $W/P/inner.profile:1$" "$OUT"
assert_grep "^dir /srv/inner 0700 root root	# $W/P/inner.profile:4$" "$OUT"
assert_grep "^dir /srv/inner/sub 0700 root root	# $W/P/outer.profile:4$" "$OUT"
grep -q "0750" "$OUT" && fail "inner's default mode won over outer's"
expect_exit 1 jt profiles show -P "$W/P" typo
assert_grep "typo.profile:3: unknown variable '\\$\\{cnof\\}'" "$ERR"

# -D overrides a default, in every profile that declares it; a dry run
# needs no source beyond the accounts
mkdir -p "$W/empty/etc"
echo 'root:x:0:0:root:/root:/bin/sh' >"$W/empty/etc/passwd"
echo 'root:x:0:' >"$W/empty/etc/group"
expect_exit 0 jt build -P "$W/P" -s "$W/empty" -p outer -D dir=/opt/o \
    -D mode=0711 --dry-run
assert_grep "^d 0711 root:root +0 /opt/o/sub " "$OUT"
assert_grep "^d 0711 root:root +0 /opt/o " "$OUT"

# --- a -D naming no variable: refused before any work, by every command ---
# (the source does not exist: reading it would be another error)
expect_exit 2 jt build -s "$W/nosuch" -p lighttpd -D cnof=/x -o "$W/no"
assert_grep "^jailtrim: -D cnof: no variable of that name in the profiles lighttpd" "$ERR"
assert_grep "^jailtrim: their variables: conf user group port" "$ERR"
grep -q nosuch "$ERR" && fail "the source was read before -D was checked"
[ -e "$W/no" ] && fail "a refused build left an output"
expect_exit 2 jt verify -p lighttpd -D cnof=/x "$W/nosuch"
assert_grep "^jailtrim: -D cnof: no variable" "$ERR"
expect_exit 2 jt shrink -p lighttpd -D cnof=/x "$W/nosuch"
assert_grep "^jailtrim: -D cnof: no variable" "$ERR"
expect_exit 2 jt build -s "$W/nosuch" -p lighttpd -D conf -o "$W/no"
assert_grep "'conf' is not NAME=VALUE" "$ERR"
expect_exit 2 jt build -s "$W/nosuch" -p lighttpd -D 'conf=a b' -o "$W/no"
assert_grep "must be one word" "$ERR"
# a manifest's define: checked with its line, then as -D
cat >"$W/bad.jail" <<M
source $W/nosuch
profile lighttpd
define nope=1
output dir $W/no
M
expect_exit 2 jt build "$W/bad.jail"
assert_grep "^jailtrim: -D nope: no variable" "$ERR"
printf 'source /\nprofile lighttpd\ndefine conf\noutput dir %s/no\n' "$W" \
    >"$W/bad2.jail"
expect_exit 1 jt build "$W/bad2.jail"
assert_grep "bad2.jail:3: 'conf' is not NAME=VALUE" "$ERR"

# --- lighttpd moved, on Debian: builds, verifies, answers on its port ---
[ -x /usr/sbin/lighttpd ] || skip "lighttpd not installed (.ci/run installs it)"
cat >"$W/over/var/etc/lighttpd.conf" <<'C'
server.modules = ( "mod_indexfile", "mod_staticfile", )
server.document-root = "/var/www/moved"
server.errorlog = "/var/log/lighttpd/error.log"
server.pid-file = "/run/lighttpd.pid"
server.username = "www-data"
server.groupname = "www-data"
server.port = 8081
index-file.names = ( "index.html" )
mimetype.assign = ( ".html" => "text/html" )
C
echo moved >"$W/over/var/www/moved/index.html"
# the jail's parent is not a source: the output is not one of them
cat >"$W/moved.jail" <<M
source /
source $W/over
profile lighttpd
define conf=/var/etc/lighttpd.conf
define port=8081
include /var/www/moved/index.html
output dir $W/jail
output jailconf $W/jail.conf
M
JT_TIMEOUT=600
expect_exit 0 jt build -q "$W/moved.jail"
[ -f "$W/jail/var/etc/lighttpd.conf" ] || fail "the moved config is not in the jail"
[ -e "$W/jail/etc/lighttpd/lighttpd.conf" ] &&
    fail "the default config came along though -D moved it"
assert_grep "exec.start = \"/usr/sbin/lighttpd -D -f /var/etc/lighttpd.conf\"" "$W/jail.conf"
# verify with the same -D: the static checks pass
expect_exit 0 jt verify -p lighttpd -D conf=/var/etc/lighttpd.conf \
    -c "$W/jail.conf" "$W/jail"
assert_grep ": ok$" "$OUT"
# without it, verify looks for the default config and says so
expect_exit 3 jt verify -p lighttpd -c "$W/jail.conf" "$W/jail"
assert_grep "/etc/lighttpd/lighttpd.conf" "$ERR"
# shrink (a dry run, on a copy) follows the moved config with -D, and
# misses it without
rm -rf "$W/shrunk" && cp -a "$W/jail" "$W/shrunk" || fail "cp jail"
expect_exit 0 jt shrink -p lighttpd -D conf=/var/etc/lighttpd.conf --why "$W/shrunk"
assert_grep "^kept /var/www/moved/index.html: server.document-root in /var/etc/lighttpd.conf line 2" "$OUT"
expect_exit 0 jt shrink -p lighttpd --why "$W/shrunk"
assert_grep "the jail lacks: .*/etc/lighttpd/lighttpd.conf: not in the source" "$ERR"
# started: the probe goes to the port -D (the manifest's define) names
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
	mkdir -p "$W/tmp" && export TMPDIR="$W/tmp"
	expect_exit 0 jt verify "$W/moved.jail" --start --timeout 60
	assert_grep "probe .*8081.*HTTP/1.[01] 200" "$OUT"
	note "$(grep -E 'probe|answered' "$OUT" | tr '\n' ' ')"
else
	note "not root or no network namespaces: not started"
fi
exit 0
