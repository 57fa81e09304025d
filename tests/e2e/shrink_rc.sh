#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# shrink --detect keeps what the jail's rc system runs (rcsys): services
# the defaults enable (syslogd, cron), a script's commands run by bare
# name (su), the program behind daemon(8), /etc/rc's own needs even when
# rc.conf enables nothing; scripts with KEYWORD nojail are skipped, and
# what cannot be followed is a warning naming script and line.
. "$(dirname "$0")/lib.sh"
ROOT=$(fixture_root)
W=$JT_TEST_WORK/shrink_rc
rm -rf "$W" && mkdir -p "$W" || fail mkdir

jail() {	# a fresh copy of the fixture at $1
	rm -rf "$1" && cp -a "$ROOT" "$1" && rm -f "$1/.complete" || fail cp
}

# 1. rc.conf enables nothing: the defaults' syslogd and cron run, so the
# jail boots /etc/rc: its shell, libc and loader stay.
jail "$W/empty"
: > "$W/empty/etc/rc.conf"
expect_exit 0 jt shrink --base "$ROOT" --detect --why -o "$W/empty.rm" "$W/empty"
for p in /bin/sh /lib/libc.so.7 /libexec/ld-elf.so.1 /sbin/rcorder \
    /usr/sbin/syslogd /usr/sbin/cron /etc/syslog.conf /etc/rc.d/syslogd \
    /etc/rc.d/cron /sbin/sysctl; do
	! grep -qx "$p" "$W/empty.rm" || fail "$p would go from an rc jail"
done
assert_grep '^kept /usr/sbin/syslogd: .*syslogd' "$OUT"
assert_grep '^kept /etc/rc.d/cron: .*cron_enable=YES in /etc/defaults/rc.conf' "$OUT"
# what cannot be followed is said, with its place
assert_grep '^jailtrim: warning: /etc/rc.subr:[0-9]+: a command computed' "$ERR"
# --rc: the same for a jail that boots /etc/rc with every service off
jail "$W/off"
for v in syslogd cron sendmail; do echo "${v}_enable=NO"; done > "$W/off/etc/rc.conf"
echo 'sendmail_submit_enable=NO
sendmail_outbound_enable=NO
sendmail_msp_queue_enable=NO' >> "$W/off/etc/rc.conf"
expect_exit 0 jt shrink --base "$ROOT" --detect --rc -o "$W/off.rm" "$W/off"
for p in /bin/sh /lib/libc.so.7 /libexec/ld-elf.so.1 /etc/rc /sbin/rcorder; do
	! grep -qx "$p" "$W/off.rm" || fail "--rc: $p would go"
done
grep -qx /usr/sbin/syslogd "$W/off.rm" || fail "a service turned off is kept"

# 2. enabled services, a script calling su by name, a daemon(8) wrapper,
# a nojail script (skipped even when enabled).
jail "$W/fat"
mkdir -p "$W/fat/usr/local/etc/rc.d" "$W/fat/usr/local/sbin"
cp "$W/fat/usr/bin/yes" "$W/fat/usr/local/sbin/appd" || fail cp
cat > "$W/fat/usr/local/etc/rc.d/appd" <<'S'
#!/bin/sh
# PROVIDE: appd
# REQUIRE: DAEMON
. /etc/rc.subr
name=appd
rcvar=appd_enable
load_rc_config $name
: ${appd_enable:=NO}
command=/usr/sbin/daemon
command_args="-p /var/run/appd.pid /usr/local/sbin/appd -f /usr/local/etc/appd.conf"
run_rc_command "$1"
S
cat > "$W/fat/usr/local/etc/rc.d/backup" <<'S'
#!/bin/sh
# PROVIDE: backup
# REQUIRE: LOGIN
. /etc/rc.subr
name=backup
rcvar=backup_enable
start_cmd=backup_start
backup_start()
{
	su -m operator -c 'true'
}
load_rc_config $name
run_rc_command "$1"
S
echo 'conf' > "$W/fat/usr/local/etc/appd.conf"
chmod 755 "$W/fat/usr/local/etc/rc.d/appd" "$W/fat/usr/local/etc/rc.d/backup"
printf 'sshd_enable="YES"\nappd_enable="YES"\nbackup_enable="YES"\nntpd_enable="YES"\n' \
    > "$W/fat/etc/rc.conf"
expect_exit 0 jt shrink --base "$ROOT" --detect --why -o "$W/fat.rm" "$W/fat"
for p in /usr/bin/su /usr/sbin/daemon /usr/local/sbin/appd \
    /usr/local/etc/rc.d/appd /usr/local/etc/rc.d/backup /usr/sbin/sshd \
    /usr/sbin/syslogd /bin/sh /lib/libc.so.7; do
	! grep -qx "$p" "$W/fat.rm" || fail "$p would go"
done
assert_grep "^kept /usr/bin/su: .*backup" "$OUT"
assert_grep "^kept /usr/local/sbin/appd: " "$OUT"
# FreeBSD 10.1's ntpd carries KEYWORD nojail: not run in a jail
grep -qx /usr/sbin/ntpd "$W/fat.rm" || fail "a nojail service's program kept"
# the same with an ntpd that runs in jails (newer releases): its -c
# config stays
sed -i 's/^# KEYWORD: nojail/# KEYWORD:/' "$W/fat/etc/rc.d/ntpd"
expect_exit 0 jt shrink --base "$ROOT" --detect -o "$W/fat2.rm" "$W/fat"
for p in /usr/sbin/ntpd /etc/ntp.conf; do
	! grep -qx "$p" "$W/fat2.rm" || fail "$p of a running ntpd would go"
done

# 3. apply: the rc jail still boots as far as the static checks see
expect_exit 0 jt shrink --base "$ROOT" --detect --apply --backup "$W/fat.tzst" "$W/fat"
for p in /usr/bin/su /usr/local/sbin/appd /bin/sh /libexec/ld-elf.so.1 \
    /etc/ntp.conf; do
	[ -e "$W/fat$p" ] || fail "$p gone after apply"
done
echo "shrink_rc: ok"
