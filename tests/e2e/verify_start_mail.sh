#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# verify --start of the mail services built from this Debian system
# (postfix and dovecot-imapd; scripts/install-test-deps.sh installs them
# with service starts denied): each jail holds what its configuration
# names (postfix: the daemons of master.cf, the alias database, the queue
# directories with their owners; dovecot: the !include'd files, the
# service programs, the TLS module and the key file with its mode),
# answers its probe in C (SMTP 220, IMAP "* OK"), runs its daemons as
# their users and is unchanged afterwards.  A broken main configuration
# (main.cf, dovecot.conf) fails verify with the file, line and reason.
# Nothing is left behind: no process, mount or temporary of ours.
#
# The servers only ever listen inside the jails' own network namespaces.
. "$(dirname "$0")/lib.sh"
[ -x /usr/sbin/postfix ] || [ -x /usr/sbin/dovecot ] ||
    skip "neither postfix nor dovecot is installed (scripts/install-test-deps.sh)"
start_setup verify_start_mail
JT_TIMEOUT=300

# PROFILE|PROGRAM|PROBE'S DETAIL|A DAEMON'S USER AND NAME: the master
# process is root's, its daemons run as their user
start_services "postfix|/usr/sbin/postfix|smtp 25: banner 220 |postfix qmgr\$" \
    "dovecot|/usr/sbin/dovecot|imap 143: banner \* OK |dovecot anvil\$"
[ -n "${CI:-}" ] && [ "$started" -ne 2 ] && fail "CI must start both"
no_leftovers

if [ -d "$W/postfix" ]; then
	J=$W/postfix
	# master.cf's daemons, not the whole daemon_directory
	[ -x "$J/usr/lib/postfix/sbin/smtpd" ] && [ -x "$J/usr/lib/postfix/sbin/qmgr" ] ||
	    fail "postfix: master.cf's daemons are not in the jail"
	[ ! -e "$J/usr/lib/postfix/sbin/postscreen" ] ||
	    fail "postfix: postscreen (not in master.cf) is in the jail"
	# alias_maps = hash:/etc/aliases is the .db file
	[ -f "$J/etc/aliases.db" ] || fail "postfix: no /etc/aliases.db"
	m=$(stat -c '%U:%G %a' "$J/var/spool/postfix/maildrop") || fail "no maildrop"
	[ "$m" = "postfix:postdrop 1730" ] || fail "maildrop is $m"
	[ -d "$J/var/mail" ] || fail "postfix: no mail_spool_directory"
	# the chrooted smtpd's copies, made at start as Debian's start does
	# (each only when the jail has the file: profile_start_files)
	assert_grep '^	exec.start = "/bin/sh -c .for f in /etc/hosts /etc/services /etc/nsswitch.conf /etc/localtime /etc/resolv.conf; do \[ ! -f \\\$f \] \|\| /bin/cp -pL \\\$f /var/spool/postfix/etc \|\| exit 1; done.";$' "$W/postfix.conf"
	[ -x "$J/bin/cp" ] || fail "postfix: no cp for the prestart"
	# main.cf without "=": postfix would not start; verify says where
	B=$W/postfix-badconf
	rm -rf "$B" && cp -a "$J" "$B" || fail cp
	echo 'this line is not a setting' >>"$B/etc/postfix/main.cf"
	n=$(wc -l <"$B/etc/postfix/main.cf")
	expect_exit 3 jt verify -p postfix --start --timeout 20 "$B"
	assert_grep "/etc/postfix/main.cf:$n: missing '=' after attribute name 'this' \(postfix will not start\)" "$ERR"
	# a master.cf service whose program is not in the jail
	echo 'submission inet n - y - - nosuchd' >>"$B/etc/postfix/master.cf"
	sed -i '$d' "$B/etc/postfix/main.cf"
	expect_exit 3 jt verify -p postfix "$B"
	assert_grep '/usr/lib/postfix/sbin/nosuchd' "$ERR"
fi

if [ -d "$W/dovecot" ]; then
	J=$W/dovecot
	[ -f "$J/etc/dovecot/conf.d/10-ssl.conf" ] || fail "dovecot: !include conf.d/*.conf not followed"
	[ -x "$J/usr/lib/dovecot/imap-login" ] || fail "dovecot: no imap-login"
	[ -f "$J/usr/lib/dovecot/modules/libssl_iostream_openssl.so" ] ||
	    fail "dovecot: no TLS module"
	# ssl_key = </etc/dovecot/private/dovecot.key: there, not readable by all
	k=$J/etc/dovecot/private/dovecot.key
	[ -e "$k" ] || fail "dovecot: no ssl_key"
	[ "$(stat -L -c %a "$k" | cut -c3)" = 0 ] || fail "dovecot: the key is readable by others"
	B=$W/dovecot-badconf
	rm -rf "$B" && cp -a "$J" "$B" || fail cp
	echo 'protocols imap' >>"$B/etc/dovecot/dovecot.conf"
	n=$(wc -l <"$B/etc/dovecot/dovecot.conf")
	expect_exit 3 jt verify -p dovecot --start --timeout 20 "$B"
	assert_grep "/etc/dovecot/dovecot.conf:$n: expecting '=' \(dovecot will not start\)" "$ERR"
	# a section left open
	sed -i '$d' "$B/etc/dovecot/dovecot.conf"
	echo 'service imap {' >>"$B/etc/dovecot/conf.d/20-imap.conf"
	expect_exit 3 jt verify -p dovecot "$B"
	assert_grep "missing '}': 1 section left open \(dovecot will not start\)" "$ERR"
fi

no_leftovers_settled
echo "verify_start_mail: $started services started and answered"
