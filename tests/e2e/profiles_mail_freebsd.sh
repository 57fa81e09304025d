#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The FreeBSD parts of the postfix and dovecot profiles, verified
# statically: a test root is the FreeBSD 10.1 fixture plus an overlay
# holding what the ports would install (stand-in programs, copies of
# fixture binaries, at /usr/local/sbin/postfix, /usr/local/libexec/postfix/*,
# /usr/local/sbin/dovecot, /usr/local/libexec/dovecot/*, a module copied
# from a fixture library; main.cf, master.cf and dovecot.conf with an
# !include; the accounts the ports add: postfix 125, maildrop 126,
# dovecot 143, dovenull 144).  Each jail is built with its jail.conf
# stanza and passes verify -c; the ports' paths, owners and commands are
# what the jail and stanza hold; what the configs name and nothing more
# of the ports' directories is there.  A key file every user can read is
# a warning; a daemon master.cf names and the root lacks is refused.
. "$(dirname "$0")/lib.sh"
need_fixture
F=$(fixture_root) || fail "cannot extract the fixture"
[ -n "$F" ] || fail "cannot extract the fixture"
W=$JT_TEST_WORK/profiles_mail_freebsd
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=300

OV=$W/ports
PF=$OV/usr/local/libexec/postfix DC=$OV/usr/local/libexec/dovecot
mkdir -p "$OV/usr/local/sbin" "$OV/usr/local/bin" "$PF" "$DC" \
    "$OV/usr/local/etc/postfix" "$OV/usr/local/etc/dovecot/conf.d" \
    "$OV/usr/local/lib/dovecot" "$OV/usr/local/etc/ssl" "$OV/etc/mail" \
    "$OV/var/db/postfix" || fail mkdir
for p in sbin/postfix sbin/postconf sbin/dovecot bin/doveconf; do
	cp "$F/usr/bin/logger" "$OV/usr/local/$p" || fail "stand-in $p"
done
for p in master smtpd qmgr pickup cleanup postscreen; do
	cp "$F/usr/bin/logger" "$PF/$p" || fail "stand-in $p"
done
for p in imap imap-login anvil log config auth; do
	cp "$F/usr/bin/logger" "$DC/$p" || fail "stand-in $p"
done
cp "$F/lib/libz.so.6" "$OV/usr/local/lib/dovecot/libssl_iostream_openssl.so" ||
    fail "stand-in module"
# the port's main.cf names its paths through $name expansion
cat >"$OV/usr/local/etc/postfix/main.cf" <<'CF' || fail main.cf
compatibility_level = 3.6
queue_directory = /var/spool/postfix
command_directory = /usr/local/sbin
daemon_directory = /usr/local/libexec/postfix
data_directory = /var/db/postfix
mail_owner = postfix
alias_maps = hash:/etc/mail/aliases
smtpd_tls_cert_file = ${config_directory}/cert.pem
smtpd_tls_key_file = $config_directory/key.pem
CF
cat >"$OV/usr/local/etc/postfix/master.cf" <<'CF' || fail master.cf
# service type  private unpriv  chroot  wakeup  maxproc command + args
smtp      inet  n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
CF
printf -- '-----BEGIN CERTIFICATE-----\n' >"$OV/usr/local/etc/postfix/cert.pem" &&
    printf -- '-----BEGIN PRIVATE KEY-----\n' >"$OV/usr/local/etc/postfix/key.pem" &&
    chmod 600 "$OV/usr/local/etc/postfix/key.pem" &&
    : >"$OV/etc/mail/aliases.db" || fail "postfix files"
for d in active bounce corrupt defer deferred flush hold incoming private saved trace; do
	mkdir -p "$OV/var/spool/postfix/$d" && chown 125:0 "$OV/var/spool/postfix/$d" &&
	    chmod 700 "$OV/var/spool/postfix/$d" || fail "queue $d"
done
mkdir -p "$OV/var/spool/postfix/maildrop" "$OV/var/spool/postfix/public" \
    "$OV/var/spool/postfix/pid" || fail mkdir
chown 125:126 "$OV/var/spool/postfix/maildrop" "$OV/var/spool/postfix/public" &&
    chmod 1730 "$OV/var/spool/postfix/maildrop" &&
    chmod 2710 "$OV/var/spool/postfix/public" && chown 125:0 "$OV/var/db/postfix" ||
    fail "queue owners"
cat >"$OV/usr/local/etc/dovecot/dovecot.conf" <<'CF' || fail dovecot.conf
protocols = imap
!include conf.d/*.conf
!include_try local.conf
CF
cat >"$OV/usr/local/etc/dovecot/conf.d/10-ssl.conf" <<'CF' || fail 10-ssl.conf
ssl = required
ssl_cert = </usr/local/etc/ssl/dovecot.pem
ssl_key = </usr/local/etc/ssl/dovecot.key  # the port's sample names these
CF
printf -- '-----BEGIN CERTIFICATE-----\n' >"$OV/usr/local/etc/ssl/dovecot.pem" &&
    printf -- '-----BEGIN PRIVATE KEY-----\n' >"$OV/usr/local/etc/ssl/dovecot.key" &&
    chmod 600 "$OV/usr/local/etc/ssl/dovecot.key" || fail "dovecot files"
mkdir -p "$OV/etc" && cp "$F/etc/master.passwd" "$F/etc/passwd" "$F/etc/group" "$OV/etc/" ||
    fail "accounts"
for a in "postfix 125 125" "dovecot 143 143" "dovenull 144 144"; do
	set -- $a
	echo "$1:*:$2:$3::0:0:$1:/nonexistent:/usr/sbin/nologin" >>"$OV/etc/master.passwd"
	echo "$1:*:$2:$3:$1:/nonexistent:/usr/sbin/nologin" >>"$OV/etc/passwd"
	echo "$1:*:$3:" >>"$OV/etc/group"
done
echo 'maildrop:*:126:' >>"$OV/etc/group"

# --- postfix ---
expect_exit 0 jt build -s "$F" -s "$OV" -p postfix -n postfix -q -o "$W/pf" -j "$W/pf.conf"
expect_exit 0 jt verify -p postfix -c "$W/pf.conf" "$W/pf"
assert_grep "^$W/pf: [0-9]+ objects, 1 profile: ok$" "$OUT"
assert_grep '^	exec.start = "/usr/local/libexec/postfix/master -d -c /usr/local/etc/postfix";$' "$W/pf.conf"
for p in master smtpd qmgr pickup cleanup; do
	[ -f "$W/pf/usr/local/libexec/postfix/$p" ] || fail "postfix: no $p"
done
[ ! -e "$W/pf/usr/local/libexec/postfix/postscreen" ] ||
    fail "postfix: postscreen (not in master.cf) is in the jail"
for f in etc/mail/aliases.db usr/local/etc/postfix/master.cf usr/local/etc/postfix/cert.pem; do
	[ -f "$W/pf/$f" ] || fail "postfix: no /$f"
done
[ "$(stat -c %a "$W/pf/usr/local/etc/postfix/key.pem")" = 600 ] || fail "postfix: key mode"
m=$(stat -c '%u:%g %a' "$W/pf/var/spool/postfix/maildrop") || fail "no maildrop"
[ "$m" = "125:126 1730" ] || fail "maildrop is $m, wanted 125:126 1730"
[ "$(stat -c %u "$W/pf/var/db/postfix")" = 125 ] || fail "data_directory owner"
grep -q '^maildrop:' "$W/pf/etc/group" || fail "maildrop group not in the jail"
# a key every user can read: built all the same, with a warning
chmod 644 "$OV/usr/local/etc/postfix/key.pem" || fail chmod
expect_exit 0 jt build -s "$F" -s "$OV" -p postfix -n postfix -q -o "$W/pf-key"
assert_grep 'smtpd_tls_key_file: /usr/local/etc/postfix/key.pem holds a private key every user can read \(mode 0644\)' "$ERR"
chmod 600 "$OV/usr/local/etc/postfix/key.pem" || fail chmod
# a daemon master.cf names that the root lacks: refused, named
echo 'submission inet n - n - - submissiond' >>"$OV/usr/local/etc/postfix/master.cf"
expect_exit 3 jt build -s "$F" -s "$OV" -p postfix -n postfix -q -o "$W/pf-bad"
assert_grep '/usr/local/libexec/postfix/submissiond: not in the source \(service submission/inet in /usr/local/etc/postfix/master.cf line 6\)' "$ERR"
sed -i '$d' "$OV/usr/local/etc/postfix/master.cf" || fail sed
# -D confdir moves where main.cf is looked for
expect_exit 3 jt verify -p postfix -D confdir=/usr/local/etc/postfix2 "$W/pf"
assert_grep '/usr/local/etc/postfix2/main.cf' "$ERR"

# --- dovecot ---
expect_exit 0 jt build -s "$F" -s "$OV" -p dovecot -n dovecot -q -o "$W/dc" -j "$W/dc.conf"
expect_exit 0 jt verify -p dovecot -c "$W/dc.conf" "$W/dc"
assert_grep "^$W/dc: [0-9]+ objects, 1 profile: ok$" "$OUT"
assert_grep '^	exec.start = "/usr/local/sbin/dovecot -F -c /usr/local/etc/dovecot/dovecot.conf";$' "$W/dc.conf"
for f in usr/local/bin/doveconf usr/local/libexec/dovecot/imap-login \
    usr/local/lib/dovecot/libssl_iostream_openssl.so \
    usr/local/etc/dovecot/conf.d/10-ssl.conf usr/local/etc/ssl/dovecot.pem; do
	[ -f "$W/dc/$f" ] || fail "dovecot: no /$f"
done
[ "$(stat -c %a "$W/dc/usr/local/etc/ssl/dovecot.key")" = 600 ] || fail "dovecot: key mode"
grep -q '^dovenull:' "$W/dc/etc/master.passwd" || fail "dovenull not in the jail"
# ssl = required without the TLS module: refused, the module named
mv "$OV/usr/local/lib/dovecot/libssl_iostream_openssl.so" "$W/module.so" || fail mv
expect_exit 3 jt build -s "$F" -s "$OV" -p dovecot -n dovecot -q -o "$W/dc-bad"
assert_grep 'ssl = required in /usr/local/etc/dovecot/dovecot.conf: no libssl_iostream_openssl.so in /usr/local/lib/dovecot' "$ERR"
echo "profiles_mail_freebsd: postfix and dovecot verify on the fixture with the ports' paths"
