# nsd.profile — NLnet Labs' authoritative DNS server: FreeBSD's dns/nsd
# port and Debian's nsd package.  nsd.conf is followed (includes,
# zonesdir, each zone's zonefile with its patterns, pid file, database,
# xfrd state, zone list, TLS and control keys).  An nsd without zones
# answers REFUSED: the probe asks for name, a name of a zone it serves
# (-D name=www.example.org.).  Variables (var NAME DEFAULT) are what an
# admin may move (-D NAME=VALUE).
description NSD authoritative DNS server
include base

[freebsd]
var confdir /usr/local/etc/nsd
var conf ${confdir}/nsd.conf
var user nsd
var group nsd
var port 53
var name localhost.
program /usr/local/sbin/nsd
optional /usr/local/sbin/nsd-checkconf
optional /usr/local/sbin/nsd-control
config nsd ${conf}
dir /var/db/nsd 0755 ${user} ${group}
dir /var/run/nsd 0755 ${user} ${group}
user ${user}
group ${group}
command /usr/local/sbin/nsd -c ${conf}
rcd nsd
probe dns ${port} ${name}

[linux]
var confdir /etc/nsd
var conf ${confdir}/nsd.conf
var user nsd
var group nsd
var port 53
var name localhost.
program /usr/sbin/nsd
optional /usr/sbin/nsd-checkconf
optional /usr/sbin/nsd-control
config nsd ${conf}
dir /var/lib/nsd 0755 ${user} ${group}
dir /run/nsd 0755 ${user} ${group}
user ${user}
group ${group}
# -d: in the foreground
command /usr/sbin/nsd -d -c ${conf}
probe dns ${port} ${name}
