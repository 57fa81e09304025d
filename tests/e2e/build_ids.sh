#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A jail's own ids, time zone and root password (issue 15 items 3, 5) on
# the FreeBSD fixture with a layer that adds service accounts as a
# package would (svc 1001, web 2002, and inr already in the range):
# --uid-range writes pw.conf(5)'s minuid/maxuid/mingid/maxgid (the
# source's other lines kept); --renumber moves svc and web into the range
# in master.passwd, passwd and group and as the owners of their files in
# the directory, the tarball and the mtree, and the report (text and
# JSON) shows it; the base's accounts (every one of base.txz's) and ids
# under 100 keep theirs; a range too small, an unknown zone, a readable
# or clear root password file stop the build before anything is written;
# the manifest's directives do what the flags do; a Linux root refuses
# the range, and gets the root password file's hash in its shadow.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
F=$(fixture_root) || fail "cannot extract the fixture"
[ -n "$F" ] || fail "cannot extract the fixture"
case_dir build_ids
W=$CASES

# --- the layer: accounts a package added, files they own ------------------
overlay layer
L=$OV
{
	grep -v '^nobody:' "$F/etc/master.passwd"
	echo 'svc:*:1001:1001::0:0:A service:/var/db/svc:/usr/sbin/nologin'
	echo 'web:*:2002:2002::0:0:Another:/var/db/web:/usr/sbin/nologin'
	echo 'inr:*:10003:10003::0:0:In the range:/nonexistent:/usr/sbin/nologin'
	echo 'low:*:95:95::0:0:Under 100:/nonexistent:/usr/sbin/nologin'
	grep '^nobody:' "$F/etc/master.passwd"
} | put_text /etc/master.passwd
grep -v '^#' "$OV/etc/master.passwd" |
    awk -F: 'BEGIN { OFS = ":" } { print $1, "*", $3, $4, $8, $9, $10 }' |
    put_text /etc/passwd
{
	cat "$F/etc/group"
	echo 'svc:*:1001:web'
	echo 'web:*:2002:'
	echo 'inr:*:10003:'
	echo 'low:*:95:svc'
} | put_text /etc/group
printf 'defaultshell = /bin/sh\nminuid = 1000\nreuseuids = yes\n' |
    put_text /etc/pw.conf
echo data | put_text /var/db/svc/data
echo conf | put_text /usr/local/etc/web.conf
chown 1001:1001 "$L/var/db/svc" "$L/var/db/svc/data" &&
    chown 2002:1001 "$L/usr/local/etc/web.conf" || fail chown
cat >"$W/svc.profile" <<'EOF' || fail profile
description a service a package added
program /bin/sh
file /var/db/svc/data
file /usr/local/etc/web.conf
dir /var/db/svc 0750 svc svc
user svc
user web
user inr
user low
user hast
user bind
EOF

# --- flags: every output -------------------------------------------------
J=$W/j
expect_exit 0 jt build -s "$F" -s "$L" -p "$W/svc.profile" -n j --epoch 1 \
    -o "$J" -t "$J.txz" -m "$J.mtree" --uid-range 10000:10 --renumber \
    --timezone Asia/Tokyo --wall-cmos-clock
no_sanitizer_report
assert_grep '^renumbered: 4 accounts' "$OUT"
assert_grep '^  user svc: 1001 -> 10000$' "$OUT"
assert_grep '^  user web: 2002 -> 10001$' "$OUT"
assert_grep '^  group svc: 1001 -> 10000$' "$OUT"
assert_grep '^  group web: 2002 -> 10001$' "$OUT"
# pw.conf: the range, the source's other lines, its minuid gone
assert_grep '^minuid = 10000$' "$J/etc/pw.conf"
assert_grep '^maxuid = 10009$' "$J/etc/pw.conf"
assert_grep '^mingid = 10000$' "$J/etc/pw.conf"
assert_grep '^maxgid = 10009$' "$J/etc/pw.conf"
assert_grep '^defaultshell = /bin/sh$' "$J/etc/pw.conf"
assert_grep '^reuseuids = yes$' "$J/etc/pw.conf"
[ "$(grep -c '^minuid' "$J/etc/pw.conf")" = 1 ] || fail "two minuid lines"
# the account files
assert_grep '^svc:\*:10000:10000::0:0:A service:/var/db/svc:' "$J/etc/master.passwd"
assert_grep '^web:\*:10001:10001::' "$J/etc/master.passwd"
assert_grep '^inr:\*:10003:10003::' "$J/etc/master.passwd"
assert_grep '^low:\*:95:95::' "$J/etc/master.passwd"
assert_grep '^hast:\*:845:845::' "$J/etc/master.passwd"
assert_grep '^bind:\*:53:53::' "$J/etc/master.passwd"
assert_grep '^svc:\*:10000:10000:A service:' "$J/etc/passwd"
assert_grep '^svc:\*:10000:web$' "$J/etc/group"
assert_grep '^web:\*:10001:$' "$J/etc/group"
assert_grep '^low:\*:95:svc$' "$J/etc/group"
grep -aq 'A service' "$J/etc/pwd.db" || fail "pwd.db lacks svc"
# root locked
assert_grep '^root:\*:0:0:' "$J/etc/master.passwd"
# the owners, in every output
[ "$(stat -c %u:%g "$J/var/db/svc")" = 10000:10000 ] || fail "dir: /var/db/svc"
[ "$(stat -c %u:%g "$J/var/db/svc/data")" = 10000:10000 ] || fail "dir: data"
[ "$(stat -c %u:%g "$J/usr/local/etc/web.conf")" = 10001:10000 ] ||
    fail "dir: web.conf is $(stat -c %u:%g "$J/usr/local/etc/web.conf")"
tar -tvf "$J.txz" --numeric-owner >"$W/tv" || fail "tar -t"
assert_grep ' 10000/10000 .* \./var/db/svc/data$' "$W/tv"
assert_grep ' 10001/10000 .* \./usr/local/etc/web\.conf$' "$W/tv"
! grep -Eq ' (1001|2002)/' "$W/tv" || fail "tarball: an old id is left"
assert_grep '^\./var/db/svc/data .*gid=10000 uid=10000 ' "$J.mtree"
assert_grep '^\./usr/local/etc/web\.conf .*gid=10000 uid=10001 ' "$J.mtree"
! grep -Eq '(uid|gid)=(1001|2002) ' "$J.mtree" || fail "mtree: an old id"
# verify agrees with the renumbered files
expect_exit 0 jt verify -p "$W/svc.profile" "$J"
# time zone: a regular copy
[ -f "$J/etc/localtime" ] && [ ! -L "$J/etc/localtime" ] || fail "localtime"
cmp -s "$J/etc/localtime" "$F/usr/share/zoneinfo/Asia/Tokyo" ||
    fail "localtime is not Asia/Tokyo"
[ -f "$J/etc/wall_cmos_clock" ] && [ ! -s "$J/etc/wall_cmos_clock" ] ||
    fail "no empty wall_cmos_clock"

# --- JSON report ---------------------------------------------------------
expect_exit 0 jt build -s "$F" -s "$L" -p "$W/svc.profile" -n j -q \
    -m "$W/json.mtree" --uid-range 10000:10 --renumber
expect_exit 0 jt build -s "$F" -s "$L" -p "$W/svc.profile" -n j --json \
    -m "$W/json2.mtree" --uid-range 10000:10 --renumber
python3 - "$OUT" <<'PY' || fail "json: renumbered"
import json, sys
r = json.load(open(sys.argv[1]))["renumbered"]
want = [{"name": "svc", "kind": "group", "from": 1001, "to": 10000},
        {"name": "web", "kind": "group", "from": 2002, "to": 10001},
        {"name": "svc", "kind": "user", "from": 1001, "to": 10000},
        {"name": "web", "kind": "user", "from": 2002, "to": 10001}]
assert r == want, r
PY

# --- base accounts keep their ids: every one of base.txz's ----------------
P=$W/base.profile
{
	echo "description every base account"
	echo "program /bin/sh"
	grep -v '^#' "$F/etc/master.passwd" | cut -d: -f1 | sed 's/^/user /'
	grep -v '^#' "$F/etc/group" | cut -d: -f1 | sed 's/^/group /'
} >"$P" || fail "base profile"
B=$W/base
expect_exit 0 jt build -s "$F" -p "$P" -n base -q -o "$B" \
    --uid-range 20000:100 --renumber
grep -v '^#' "$F/etc/master.passwd" | cut -d: -f1,3,4 | sort >"$W/want"
grep -v '^#' "$B/etc/master.passwd" | cut -d: -f1,3,4 | sort >"$W/got"
cmp -s "$W/want" "$W/got" || { diff "$W/want" "$W/got" >&2; fail "a base id moved"; }
grep -v '^#' "$F/etc/group" | cut -d: -f1,3 | sort >"$W/want"
grep -v '^#' "$B/etc/group" | cut -d: -f1,3 | sort >"$W/got"
cmp -s "$W/want" "$W/got" || { diff "$W/want" "$W/got" >&2; fail "a base gid moved"; }

# --- refusals, before anything is written --------------------------------
R=$W/refused
expect_exit 1 jt build -s "$F" -s "$L" -p "$W/svc.profile" -n j -q -o "$R" \
    --uid-range 10003:2 --renumber
assert_grep 'no free uid for user web \(2002\) in the range 10003-10004|no free gid for group web' "$ERR"
[ ! -e "$R" ] || fail "a range too small: the jail was written"
expect_exit 2 jt build -s "$F" -p "$W/svc.profile" -n j -q -o "$R" \
    -s "$L" --timezone Asia/Nowhere
assert_grep "unknown time zone 'Asia/Nowhere'" "$ERR"
[ ! -e "$R" ] || fail "an unknown zone: the jail was written"
expect_exit 2 jt build -s "$F" -i /bin/sh -n j -q -o "$R" --timezone ../../etc/passwd
expect_exit 2 jt build -s "$F" -i /bin/sh -n j -q -o "$R" --renumber
assert_grep 'needs --uid-range' "$ERR"
expect_exit 2 jt build -s "$F" -i /bin/sh -n j -q -o "$R" --uid-range 10000
expect_exit 2 jt build -s "$F" -i /bin/sh -n j -q -o "$R" --uid-range 0:10
expect_exit 2 jt build -s "$F" -i /bin/sh -n j -q -o "$R" \
    --uid-range 4294967290:10
HASH='$6$jtsalt$Nn0o0UqZP1vKeyOUuO1PaT7c3XKiZr6v1R3.Ue8e4tY8oVh0VrqkDdtKrV2T3nRbP0d7gN8XzZp1rB0m9yL6a1'
printf '%s\n' "$HASH" >"$W/rootpw" && chmod 644 "$W/rootpw" || fail rootpw
expect_exit 2 jt build -s "$F" -i /bin/sh -n j -q -o "$R" --rootpw-file "$W/rootpw"
assert_grep 'readable or writable by group or others' "$ERR"
printf 'hunter2 is my password\n' >"$W/clear" && chmod 600 "$W/clear" || fail clear
expect_exit 2 jt build -s "$F" -i /bin/sh -n j -q -o "$R" --rootpw-file "$W/clear"
assert_grep 'not a crypt\(3\) hash' "$ERR"
! grep -q hunter2 "$ERR" || fail "the clear password was repeated"
[ ! -e "$R" ] || fail "a refused option: the jail was written"
chmod 600 "$W/rootpw" || fail chmod
expect_exit 0 jt build -s "$F" -i /bin/sh -n j -q -o "$W/pw" --rootpw-file "$W/rootpw"
[ "$(grep '^root:' "$W/pw/etc/master.passwd" | cut -d: -f2)" = "$HASH" ] ||
    fail "root's hash is not the file's"
grep -aqF "$HASH" "$W/pw/etc/spwd.db" || fail "spwd.db lacks root's hash"
! grep -aqF "$HASH" "$W/pw/etc/pwd.db" || fail "pwd.db holds root's hash"

# --- the manifest's directives -------------------------------------------
M=$W/m.jail
cat >"$M" <<EOF || fail manifest
source $F
source $L
profile $W/svc.profile
uid-range 10000 10
renumber yes
timezone Europe/Paris
wall-cmos-clock yes
rootpw-file rootpw
epoch 1
output dir m
output mtree m.mtree
EOF
expect_exit 0 jt build "$M" -q
assert_grep '^minuid = 10000$' "$W/m/etc/pw.conf"
assert_grep '^svc:\*:10000:10000:' "$W/m/etc/master.passwd"
[ "$(grep '^root:' "$W/m/etc/master.passwd" | cut -d: -f2)" = "$HASH" ] ||
    fail "manifest: root's hash"
cmp -s "$W/m/etc/localtime" "$F/usr/share/zoneinfo/Europe/Paris" ||
    fail "manifest: localtime"
[ -f "$W/m/etc/wall_cmos_clock" ] || fail "manifest: wall_cmos_clock"
assert_grep '^\./var/db/svc/data .*gid=10000 uid=10000 ' "$W/m.mtree"
# the flags win over the manifest's values
expect_exit 0 jt build "$M" -q -o "$W/m2" -m "$W/m2.mtree" --uid-range 30000:5 --force
assert_grep '^svc:\*:30000:30000:' "$W/m2/etc/master.passwd"
printf 'source %s\nprofile sshd\nrenumber yes\noutput mtree x\n' "$F" >"$W/bad.jail"
expect_exit 1 jt build "$W/bad.jail" --dry-run
assert_grep "'renumber yes' needs a 'uid-range'" "$ERR"
printf 'source %s\nprofile sshd\nuid-range 10 x\noutput mtree x\n' "$F" >"$W/bad.jail"
expect_exit 1 jt build "$W/bad.jail" --dry-run
assert_grep 'bad.jail:3: .*bad uid range' "$ERR"

# --- a Linux root: refused clearly ---------------------------------------
[ -x /bin/true ] || { echo "build_ids: ok"; exit 0; }
expect_exit 2 jt build -s / -i /bin/true -n lx -q -o "$W/lx" --uid-range 10000:10
assert_grep 'only for FreeBSD roots' "$ERR"
[ ! -e "$W/lx" ] || fail "linux: written"
# root: locked, never the host's hash; or the file's
expect_exit 0 jt build -s / -i /bin/true -n lx -q -o "$W/lxpw" --rootpw-file "$W/rootpw"
[ "$(grep '^root:' "$W/lxpw/etc/shadow" | cut -d: -f2)" = "$HASH" ] ||
    fail "linux: root's hash is not the file's"
[ "$(grep -c '^root:' "$W/lxpw/etc/shadow")" = 1 ] || fail "linux: two roots"
[ "$(grep '^root:' "$W/lxpw/etc/shadow" | cut -d: -f3-)" = \
    "$(grep '^root:' /etc/shadow | cut -d: -f3-)" ] ||
    fail "linux: root's other shadow fields changed"
# a time zone works there too: a regular copy, not the host's link
if [ -f /usr/share/zoneinfo/Asia/Tokyo ]; then
	expect_exit 0 jt build -s / -i /bin/true -n lx -q -o "$W/lx" \
	    --timezone Asia/Tokyo
	[ -f "$W/lx/etc/localtime" ] && [ ! -L "$W/lx/etc/localtime" ] &&
	    cmp -s "$W/lx/etc/localtime" /usr/share/zoneinfo/Asia/Tokyo ||
	    fail "linux: localtime is not a copy of Asia/Tokyo"
fi
echo "build_ids: ok"
