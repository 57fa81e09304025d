# SPDX-License-Identifier: BSD-2-Clause
# Messages that help: no "file:0:" location for a problem that has no line,
# and a build that cannot set owners as a user other than root says that
# owners need root, not only "Operation not permitted".
. "$(dirname "$0")/lib.sh"

W="$JT_TEST_WORK/args_messages"
rm -rf "$W" && mkdir -p "$W/src/etc/lighttpd" "$W/p" "$W/out" || fail "setup"

# server.modules holds a bad name: a problem of the file, no line.
printf 'server.modules = ( "a/b" )\n' > "$W/src/etc/lighttpd/lighttpd.conf"
printf '[all]\nconfig lighttpd /etc/lighttpd/lighttpd.conf\n' > "$W/p/t.profile"
expect_exit 3 "$JAILTRIM" build -s "$W/src" -P "$W/p" -p t --dry-run
assert_grep "/etc/lighttpd/lighttpd.conf: server.modules: 'a/b' is not a module name" "$ERR"
grep -n ':0:' "$ERR" && fail "a ':0:' location"
[ "$(sort "$ERR" | uniq -d)" = "" ] || fail "a line said twice"

# a library not found: each path tried is said once (rtld tries the hints'
# /lib and /usr/lib, then the same defaults); a PATH given twice, once
if [ -f "${JT_FIXTURE_TXZ:-}" ]; then
	expect_exit 0 "$JAILTRIM" build -s "$JT_FIXTURE_TXZ" -p sshd -q \
	    -o "$W/jail"
	rm "$W/jail/usr/lib/private/libssh.so.5" || fail "rm"
	expect_exit 3 "$JAILTRIM" deps -s "$W/jail" /usr/sbin/sshd /usr/sbin/sshd
	assert_grep 'needs libssh.so.5: not found; tried ' "$ERR"
	[ "$(sort "$ERR" | uniq -d)" = "" ] || { cat "$ERR" >&2;
	    fail "a line said twice"; }
	sed -n 's/.*; tried //p' "$ERR" | tr ',' '\n' | tr -d ' ' | sort |
	    uniq -d | grep . && fail "a path said twice in a tried list"
else
	note "fixture absent: the tried list is not checked"
fi

# not root: the owners (root:wheel here) cannot be set
command -v runuser >/dev/null || skip "runuser not found"
[ "$(id -u)" = 0 ] || skip "needs root to run a build as nobody"
id nobody >/dev/null 2>&1 || skip "no user nobody"
mkdir -p "$W/src/etc" && echo 'wheel:*:0:root' > "$W/src/etc/group"
chmod 755 "$W" "$W/src" "$W/src/etc" && chmod 644 "$W/src/etc/group" &&
    chmod 777 "$W/out" || fail "modes"
# the binary's directories must be searchable by nobody
runuser -u nobody -- "$JAILTRIM" -h >/dev/null 2>&1
[ $? -lt 126 ] || skip "nobody cannot run $JAILTRIM"
expect_exit 1 runuser -u nobody -- "$JAILTRIM" build -s "$W/src" -i /etc/group \
    -o "$W/out/j"
assert_grep 'Operation not permitted' "$ERR"
assert_grep 'setting the owners of a jail.s files needs root' "$ERR"
# what it suggests works
expect_exit 0 runuser -u nobody -- "$JAILTRIM" build -s "$W/src" -i /etc/group \
    -t "$W/out/j.tar" -q
exit 0
