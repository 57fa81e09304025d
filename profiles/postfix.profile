# postfix.profile — the Postfix mail server: FreeBSD's mail/postfix port
# and Debian's postfix package.  master(8) runs in the foreground (-d) and
# starts the daemons master.cf names from daemon_directory; main.cf and
# master.cf are followed (config postfix): those daemons, the lookup
# tables' files, the TLS files, the queue and data directories, and what
# a chrooted service finds in the queue directory.  It answers SMTP with
# a 220 greeting.  Variables (var NAME DEFAULT) are what an admin may move
# (-D NAME=VALUE): confdir is config_directory (postfix -c), port the one
# master.cf's smtp service listens on.
description Postfix mail server
include base

[freebsd]
var confdir /usr/local/etc/postfix
var user postfix
var group maildrop
var port 25
program /usr/local/sbin/postfix
program /usr/local/libexec/postfix/master
optional /usr/local/sbin/postconf
optional /usr/local/sbin/postqueue
optional /usr/local/sbin/postdrop
optional /usr/local/sbin/sendmail
config postfix ${confdir}/main.cf
user ${user}
group ${group}
# default_privs: local(8) delivers to commands and files as nobody
user nobody
command /usr/local/libexec/postfix/master -d -c ${confdir}
# rc jails: rc.d/postfix runs "postfix start"
rcd postfix
probe smtp ${port}

[linux]
var confdir /etc/postfix
var queue /var/spool/postfix
var user postfix
var group postdrop
var port 25
program /usr/sbin/postfix
program /usr/lib/postfix/sbin/master
optional /usr/sbin/postconf
optional /usr/sbin/postqueue
optional /usr/sbin/postdrop
optional /usr/sbin/sendmail
config postfix ${confdir}/main.cf
user ${user}
group ${group}
# default_privs: local(8) delivers to commands and files as nobody
user nobody
# Debian's master.cf runs smtpd and others chrooted in the queue
# directory; Debian's start (configure-instance.sh) copies what they read
# there, each file only when the root has it ("if [ -f /${file} ]"): the
# jail's copy too, so a root without /etc/resolv.conf starts (without the
# hosts file smtpd names 127.0.0.1 "unknown", but answers)
program /bin/cp
prestart /bin/sh -c 'for f in /etc/hosts /etc/services /etc/nsswitch.conf /etc/localtime /etc/resolv.conf; do [ ! -f $f ] || /bin/cp -pL $f ${queue}/etc || exit 1; done'
command /usr/lib/postfix/sbin/master -d -c ${confdir}
probe smtp ${port}
