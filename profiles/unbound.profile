# unbound.profile — the DNS resolver in FreeBSD's base since 10.0
# (local_unbound), and Debian's unbound package.  Variables (var NAME
# DEFAULT) are what an admin may move (-D NAME=VALUE).
description unbound DNS server

include base

[freebsd]
var conf /var/unbound/unbound.conf
var port 53
program /usr/sbin/unbound
optional /usr/sbin/unbound-anchor
optional /usr/sbin/unbound-checkconf
optional /usr/sbin/unbound-control
# /etc/unbound is a symlink to ../var/unbound (facts §4.3)
file? /etc/unbound
file? ${conf}
file? /var/unbound/root.key
dir /var/unbound 0755 unbound unbound
user unbound
group unbound
command /usr/sbin/unbound -c ${conf}
# rc jails: rc.d/local_unbound writes the configuration at first start
rcd local_unbound
probe dns ${port} localhost.

[linux]
var conf /etc/unbound/unbound.conf
var port 53
program /usr/sbin/unbound
optional /usr/sbin/unbound-anchor
file? ${conf}
glob /etc/unbound/unbound.conf.d/*.conf
dir /run/unbound 0755 unbound unbound
user unbound
command /usr/sbin/unbound -d -c ${conf}
probe dns ${port} localhost.
