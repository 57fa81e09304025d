#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Jail parameters reach jail.conf as names and quoted values only: a
# profile's or manifest's parameter that is not a jail(8) name (the
# issue's "param persist;}evil{path=/"), or that sets what jailtrim sets
# itself (path), is refused naming the file and line, and nothing is
# written; hostile values are quoted so that jailtrim's own reader finds
# one jail, whose path is the jail built.
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/content_params
rm -rf "$W" && mkdir -p "$W/src/etc" "$W/prof" || fail mkdir
echo hello > "$W/src/etc/motd" || fail "source"

printf '# hostile\n[all]\nfile /etc/motd\nparam persist;}evil{path=/\n' \
    > "$W/prof/inject.profile"
printf '[all]\nfile /etc/motd\nparam path=/\n' > "$W/prof/repath.profile"
printf '[all]\nfile /etc/motd\nparam allow.raw_sockets=0\nparam persist\n' \
    > "$W/prof/good.profile"

# profile NAME LINE PATTERN: the build is refused at NAME.profile:LINE.
profile() {
	rm -rf "$W/out" "$W/j.conf"
	expect_exit 1 jt build -s "$W/src" -P "$W/prof" -p "$1" -n p \
	    -o "$W/out" -j "$W/j.conf"
	assert_grep "$1\.profile:$2: .*$3" "$ERR"
	[ -e "$W/out" ] || [ -e "$W/j.conf" ] &&
	    fail "$1: something was written"
	note "$1: $(head -1 "$ERR")"
}
profile inject 4 "bad jail parameter 'persist;\}evil\{path=/'"
profile repath 3 "'path' is set by jailtrim"

# A good profile's parameters are written as they are.
expect_exit 0 jt build -q -s "$W/src" -P "$W/prof" -p good -n p \
    -o "$W/out" -j "$W/j.conf"
assert_grep '^	allow.raw_sockets = "0";$' "$W/j.conf"
assert_grep '^	persist;$' "$W/j.conf"

# A manifest: a hostile name is refused at its line; hostile values are
# quoted, and jailtrim's reader (verify -c) sees one jail at the root.
mkdir -p "$W/m" || fail mkdir
cat > "$W/m/bad.jail" <<JAIL
name    m
source  $W/src
include /etc/motd
param   persist;}evil{path=/
JAIL
expect_exit 1 jt build "$W/m/bad.jail" -o "$W/m/out"
assert_grep 'bad.jail:4: .*bad jail parameter' "$ERR"
cat > "$W/m/ok.jail" <<JAIL
name    m
source  $W/src
include /etc/motd
param   exec.prestart = echo "}"; } evil { path = "/"; \$HOME \\
param   exec.poststop = /bin/sh -c 'x=\${path}'
output  dir      $W/m/out
output  jailconf $W/m/m.conf
JAIL
expect_exit 0 jt build -q "$W/m/ok.jail"
cat "$W/m/m.conf" >&2
expect_exit 0 jt verify -c "$W/m/m.conf" "$W/m/out"
[ "$(grep -c '{' "$W/m/m.conf")" -ge 1 ] || fail "no stanza"
python3 - "$W/m/m.conf" <<'PY' || fail "values not quoted as written"
import sys
t = open(sys.argv[1]).read()
assert '\texec.prestart = "echo \\"}\\"; } evil { path = \\"/\\"; \\$HOME \\\\";\n' in t, t
assert "\texec.poststop = \"/bin/sh -c 'x=\\${path}'\";\n" in t, t
PY
exit 0
