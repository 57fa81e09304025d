# unbound.profile — the unbound DNS resolver: FreeBSD's base since 10.0
# (local_unbound, /usr/sbin/unbound, /var/unbound with /etc/unbound a
# symlink to it), the dns/unbound port (-D sbindir=/usr/local/sbin
# -D confdir=/usr/local/etc/unbound -D rcd=unbound) and Debian's unbound
# package.  unbound.conf is followed (includes, directory, chroot,
# trust anchors, root hints, TLS and control keys, pid and log files).
# Variables (var NAME DEFAULT) are what an admin may move (-D NAME=VALUE).
description unbound DNS server

include base

[freebsd]
var sbindir /usr/sbin
var confdir /var/unbound
var conf ${confdir}/unbound.conf
var user unbound
var port 53
var rcd local_unbound
program ${sbindir}/unbound
optional ${sbindir}/unbound-anchor
optional ${sbindir}/unbound-checkconf
optional ${sbindir}/unbound-control
# /etc/unbound is a symlink to ../var/unbound (facts §4.3)
file? /etc/unbound
# rc.d/local_unbound writes the configuration at first start: none yet
# is no problem (unbound starts with its defaults)
config unbound ${conf}
file? ${confdir}/root.key
dir ${confdir} 0755 ${user} ${user}
user ${user}
group ${user}
command ${sbindir}/unbound -c ${conf}
rcd ${rcd}
probe dns ${port} localhost.

[linux]
var conf /etc/unbound/unbound.conf
var user unbound
var port 53
# Debian's unbound-helper copies dns-root-data's trust anchor to
# auto-trust-anchor-file before each start when it is newer or missing:
# a fresh install has none until then.  A root without dns-root-data
# cannot start (the copy fails): the build says so, naming the package
var rootkey /usr/share/dns/root.key
var anchor /var/lib/unbound/root.key
program /usr/sbin/unbound
optional /usr/sbin/unbound-anchor
optional /usr/sbin/unbound-checkconf
optional /usr/sbin/unbound-control
config unbound ${conf}
file? ${rootkey} dns-root-data
dir /var/lib/unbound 0755 ${user} ${user}
dir /run/unbound 0755 ${user} ${user}
user ${user}
group ${user}
prestart /usr/bin/cp -u ${rootkey} ${anchor}
# -d -d: in the foreground, logging to stderr (no syslogd in the jail);
# -p: no pid file, as Debian's unit
command /usr/sbin/unbound -d -d -p -c ${conf}
probe dns ${port} localhost.
