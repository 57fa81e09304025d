# unbound.profile — the DNS resolver in FreeBSD's base since 10.0
# (local_unbound), and Debian's unbound package.
description unbound DNS server

include base

[freebsd]
program /usr/sbin/unbound
optional /usr/sbin/unbound-anchor
optional /usr/sbin/unbound-checkconf
optional /usr/sbin/unbound-control
# /etc/unbound is a symlink to ../var/unbound (facts §4.3)
file? /etc/unbound
file? /var/unbound/unbound.conf
file? /var/unbound/root.key
dir /var/unbound 0755 unbound unbound
user unbound
group unbound
command /usr/sbin/unbound -c /var/unbound/unbound.conf
# rc jails: rc.d/local_unbound writes the configuration at first start
rcd local_unbound
probe dns 53 localhost.

[linux]
program /usr/sbin/unbound
optional /usr/sbin/unbound-anchor
file? /etc/unbound/unbound.conf
glob /etc/unbound/unbound.conf.d/*.conf
dir /run/unbound 0755 unbound unbound
user unbound
command /usr/sbin/unbound -d -c /etc/unbound/unbound.conf
probe dns 53 localhost.
