#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# build's jail.conf and mtree outputs as a user or a script wants them:
# the stanza's path is -o's, else /usr/local/jails/NAME (the handbook's
# layout) with a note; --hostname, --ip4, --ip6 and --param as a manifest
# gives them; "-" writes the mtree or the stanza to stdout; --dry-run
# --json prints JSON; restore -h prints restore's usage alone.
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/build_cli_outputs
rm -rf "$W" && mkdir -p "$W/src/etc" || fail mkdir
echo hello > "$W/src/etc/motd"
set -- -s "$W/src" -i /etc/motd

# No -o: the handbook's path for the name, and a note saying so.
expect_exit 0 jt build "$@" -q -n web -j "$W/web.conf"
assert_grep '^	path = "/usr/local/jails/web";$' "$W/web.conf"
assert_grep 'note: .*path is /usr/local/jails/web' "$ERR"
# With -o: that directory.
expect_exit 0 jt build "$@" -q -n web -o "$W/root" -j "$W/root.conf"
assert_grep "^	path = \"$W/root\";\$" "$W/root.conf"
grep -q note "$ERR" && fail "a note with -o: $(cat "$ERR")"

# The manifest's jail parameters as flags; the stanza on stdout.
expect_exit 0 jt build "$@" -n web -j - --hostname www.example.org \
    --ip4 'lo1|127.0.1.9/32' --ip4 127.0.1.10 --ip6 '::1' \
    --param allow.raw_sockets=1 --param persist
assert_grep '^web \{$' "$OUT"
assert_grep '^	host.hostname = "www.example.org";$' "$OUT"
assert_grep '^	ip4.addr = "lo1\|127.0.1.9/32", "127.0.1.10";$' "$OUT"
assert_grep '^	ip6.addr = "::1";$' "$OUT"
assert_grep '^	allow.raw_sockets = "?1"?;$' "$OUT"
assert_grep '^	persist;$' "$OUT"
grep -q 'entries\|bytes' "$OUT" && fail "a report mixed into the stanza"
# A parameter jailtrim sets itself is a usage error, before any work.
expect_exit 2 jt build "$@" -j - --param path=/x
assert_grep "parameter 'path'" "$ERR"

# The mtree on stdout, the same bytes as in a file.
expect_exit 0 jt build "$@" -q -m "$W/a.mtree"
expect_exit 0 jt build "$@" -m -
cmp "$OUT" "$W/a.mtree" || fail "mtree on stdout differs from the file"
[ ! -e ./- ] && [ ! -e "$W/-" ] || fail "a file named -"
expect_exit 2 jt build "$@" -m - -j -

# --dry-run --json: one JSON document with every entry.
expect_exit 0 jt build "$@" --dry-run --json --bare
python3 - "$OUT" <<'PY' || fail "dry-run JSON: $(head -c 300 "$OUT")"
import json, sys
d = json.load(open(sys.argv[1]))
paths = [e["path"] for e in d["entries"]]
assert paths == ["/etc", "/etc/hosts", "/etc/motd"], paths
m = d["entries"][2]
assert m["type"] == "file" and m["size"] == 6 and m["mode"] == "0644", m
assert m["why"], m
PY

# restore -h: restore's usage, not shrink's.
expect_exit 0 "$JAILTRIM" restore -h
assert_grep '^usage: jailtrim restore ' "$ERR"
grep -q 'jailtrim shrink' "$ERR" && fail "restore -h shows shrink's usage"
exit 0
