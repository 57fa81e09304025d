# named.profile — BIND's named.  FreeBSD >= 10: the dns/bind99 port under
# /usr/local (facts §4.2); older bases and Debian: /usr/sbin/named.
# Variables (var NAME DEFAULT) are what an admin may move (-D NAME=VALUE).
description BIND DNS server
include base

[freebsd]
var confdir /usr/local/etc/namedb
var conf ${confdir}/named.conf
var user bind
var group bind
var port 53
var rundir /var/run/named
program /usr/local/sbin/named
optional /usr/local/sbin/rndc-confgen
optional /usr/local/sbin/named-checkconf
config named ${conf}
file? ${confdir}/rndc.key
dir ${confdir}/working 0755 ${user} wheel
dir ${confdir}/dynamic 0755 ${user} wheel
dir ${confdir}/slave 0755 ${user} wheel
dir ${rundir} 0755 ${user} ${group}
user ${user}
group ${group}
command /usr/local/sbin/named -u ${user} -c ${conf}
rcd named
probe dns ${port} localhost.

[linux]
var confdir /etc/bind
var conf ${confdir}/named.conf
var user bind
var group bind
var port 53
var cachedir /var/cache/bind
var rundir /run/named
program /usr/sbin/named
optional /usr/sbin/named-checkconf
config named ${conf}
file? ${confdir}/rndc.key
file? ${confdir}/bind.keys
dir ${cachedir} 0775 root ${group}
dir ${rundir} 0775 root ${group}
user ${user}
group ${group}
command /usr/sbin/named -f -u ${user} -c ${conf}
probe dns ${port} localhost.
