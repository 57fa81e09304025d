#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Issue 15's ids by construction, on the FreeBSD fixture: the guide's four
# prisoners as a fleet with a uid-range pool of 10000 per jail, renumber
# and a time zone.  A layer adds the same service account to every jail,
# as a package would (svc 1001, its files owned by it): afterwards each
# jail's pw.conf holds its own range, no uid or gid outside the base's is
# shared by two jails (every passwd and group compared, and the owner of
# every file in every directory and tarball), the base's accounts keep
# their ids, /etc/localtime is the base's Asia/Tokyo, and the combined
# jail.conf passes verify -c for each jail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
F=$(fixture_root) || fail "cannot extract the fixture"
[ -n "$F" ] || fail "cannot extract the fixture"
case_dir fleet_renumber
W=$CASES
JT_TIMEOUT=300

overlay layer
L=$OV
{
	grep -v '^nobody:' "$F/etc/master.passwd"
	echo 'svc:*:1001:1001::0:0:A service:/var/db/svc:/usr/sbin/nologin'
	grep '^nobody:' "$F/etc/master.passwd"
} | put_text /etc/master.passwd
grep -v '^#' "$OV/etc/master.passwd" |
    awk -F: 'BEGIN { OFS = ":" } { print $1, "*", $3, $4, $8, $9, $10 }' |
    put_text /etc/passwd
{ cat "$F/etc/group"; echo 'svc:*:1001:'; } | put_text /etc/group
echo data | put_text /var/db/svc/data
chown -R 1001:1001 "$L/var/db/svc" || fail chown
cat >"$W/svc.profile" <<'P' || fail profile
description a service a package added
file /var/db/svc/data
dir /var/db/svc 0750 svc svc
user svc
P

cat >"$W/fleet.jail" <<JAIL || fail manifest
source    $F
source    $L
mode      exec
epoch     1415664000
output    dir       out/\${name}
output    tarball   out/\${name}.tar
output    jailconf  out/prisoners.conf
output    rcconf    out/prisoners.rc
ip4-plan  lo1 127.0.1.0/24
uid-range 10000 10000
renumber  yes
timezone  Asia/Tokyo
profile   $W/svc.profile

jail prisoner1 {
	hostname prisoner1.example.org
	profile  sshd
}
jail prisoner2 {
	hostname prisoner2.example.org
	profile  unbound
}
jail prisoner3 {
	hostname prisoner3.example.org
	include  /usr/sbin/ntpd
}
jail prisoner4 {
	hostname prisoner4.example.org
	profile  sshd
	mode     rc
}
JAIL
mkdir -p "$W/out" || fail mkdir
expect_exit 0 jt build "$W/fleet.jail"
no_sanitizer_report "fleet build"

# The base's ids: every account and group of base.txz's files.
awk -F: '!/^#/ { print $3 }' "$F/etc/master.passwd" | sort -u >"$W/base.uids"
awk -F: '!/^#/ { print $3 }' "$F/etc/group" | sort -u >"$W/base.gids"
: >"$W/all.ids"
for k in 1 2 3 4; do
	J=$W/out/prisoner$k
	lo=$((k * 10000)) hi=$((k * 10000 + 9999))
	for w in "minuid = $lo" "maxuid = $hi" "mingid = $lo" "maxgid = $hi"; do
		assert_grep "^$w\$" "$J/etc/pw.conf"
	done
	# svc moved into this jail's range, in both account files and group
	u=$(awk -F: '$1 == "svc" { print $3 }' "$J/etc/master.passwd")
	[ "$u" = "$lo" ] || fail "prisoner$k: svc has uid '$u', not $lo"
	[ "$(awk -F: '$1 == "svc" { print $3 }' "$J/etc/passwd")" = "$lo" ] ||
	    fail "prisoner$k: passwd disagrees with master.passwd"
	[ "$(awk -F: '$1 == "svc" { print $3 }' "$J/etc/group")" = "$lo" ] ||
	    fail "prisoner$k: group svc not moved"
	# the base's accounts the jail keeps keep their ids
	n=0
	for a in $(awk -F: '!/^#/ { print $1 }' "$F/etc/master.passwd"); do
		got=$(awk -F: -v a="$a" '$1 == a { print $3 }' \
		    "$J/etc/master.passwd")
		[ -n "$got" ] || continue
		n=$((n + 1))
		[ "$got" = "$(awk -F: -v a="$a" '$1 == a { print $3 }' \
		    "$F/etc/master.passwd")" ] ||
		    fail "prisoner$k: base account $a changed its id"
	done
	[ "$n" -ge 1 ] || fail "prisoner$k: no base account"
	# every non-base id this jail uses: accounts, groups, file owners
	{
		awk -F: '!/^#/ { print $3; print $4 }' "$J/etc/master.passwd"
		awk -F: '!/^#/ { print $3 }' "$J/etc/group"
		find "$J" -printf '%U\n%G\n'
		python3 - "$J.tar" <<'PY' || fail "prisoner$k: tarball"
import sys, tarfile
for m in tarfile.open(sys.argv[1]).getmembers():
    print(m.uid)
    print(m.gid)
PY
	} | sort -u | comm -23 - "$W/base.uids" | comm -23 - "$W/base.gids" \
	    >"$W/ids.$k"
	while read -r id; do
		[ "$id" -ge "$lo" ] && [ "$id" -le "$hi" ] ||
		    fail "prisoner$k: id $id outside the base and its range"
	done <"$W/ids.$k"
	[ -s "$W/ids.$k" ] || fail "prisoner$k: no id of its own (svc?)"
	sed "s/\$/ $k/" "$W/ids.$k" >>"$W/all.ids"
	# the zone, a copy of the base's file
	[ -f "$J/etc/localtime" ] && [ ! -L "$J/etc/localtime" ] &&
	    cmp "$F/usr/share/zoneinfo/Asia/Tokyo" "$J/etc/localtime" ||
	    fail "prisoner$k: /etc/localtime is not Asia/Tokyo"
	expect_exit 0 jt verify -c "$W/out/prisoners.conf" -n "prisoner$k" "$J"
done
# no id used by two jails
dup=$(awk '{ print $1 }' "$W/all.ids" | sort | uniq -d)
[ -z "$dup" ] || fail "ids shared between jails: $dup"
[ "$(grep -Ec '^prisoner[1-4] \{$' "$W/out/prisoners.conf")" -eq 4 ] ||
    fail "not four stanzas"
assert_grep '^jail_list="prisoner1 prisoner2 prisoner3 prisoner4"$' \
    "$W/out/prisoners.rc"
chattr -R -i "$W" 2>/dev/null
rm -rf "$W"
echo "fleet_renumber: ok"
