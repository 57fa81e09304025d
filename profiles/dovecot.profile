# dovecot.profile — the Dovecot IMAP server: FreeBSD's mail/dovecot port
# and Debian's dovecot-core and dovecot-imapd packages.  It runs in the
# foreground (-F); dovecot.conf is followed with its !include files
# (config dovecot): the service programs, the TLS files ("</path"), the
# plugins and modules it loads.  It answers IMAP with "* OK".  Variables
# (var NAME DEFAULT) are what an admin may move (-D NAME=VALUE); port is
# the one its imap listener uses.
description Dovecot IMAP server
include base

[freebsd]
var conf /usr/local/etc/dovecot/dovecot.conf
var user dovecot
var loginuser dovenull
var port 143
var basedir /var/run/dovecot
var statedir /var/db/dovecot
program /usr/local/sbin/dovecot
# dovecot runs doveconf to read its configuration
program /usr/local/bin/doveconf
optional /usr/local/bin/doveadm
config dovecot ${conf}
dir ${basedir} 0755 root wheel
dir ${statedir} 0750 root wheel
user ${user}
user ${loginuser}
command /usr/local/sbin/dovecot -F -c ${conf}
rcd dovecot
probe imap ${port}

[linux]
var conf /etc/dovecot/dovecot.conf
var user dovecot
var loginuser dovenull
var port 143
var basedir /run/dovecot
var statedir /var/lib/dovecot
program /usr/sbin/dovecot
# dovecot runs doveconf to read its configuration
program /usr/bin/doveconf
optional /usr/bin/doveadm
config dovecot ${conf}
pam dovecot
dir ${basedir} 0755 root root
dir ${statedir} 0750 root root
user ${user}
user ${loginuser}
command /usr/sbin/dovecot -F -c ${conf}
probe imap ${port}
