# named.profile — BIND's named.  FreeBSD >= 10: the dns/bind99 port under
# /usr/local (facts §4.2); older bases and Debian: /usr/sbin/named.
description BIND DNS server
include base

[freebsd]
program /usr/local/sbin/named
optional /usr/local/sbin/rndc-confgen
optional /usr/local/sbin/named-checkconf
config named /usr/local/etc/namedb/named.conf
file? /usr/local/etc/namedb/rndc.key
dir /usr/local/etc/namedb/working 0755 bind wheel
dir /usr/local/etc/namedb/dynamic 0755 bind wheel
dir /usr/local/etc/namedb/slave 0755 bind wheel
dir /var/run/named 0755 bind bind
user bind
group bind
command /usr/local/sbin/named -u bind -c /usr/local/etc/namedb/named.conf
rcd named
probe dns 53 localhost.

[linux]
program /usr/sbin/named
optional /usr/sbin/named-checkconf
config named /etc/bind/named.conf
file? /etc/bind/rndc.key
file? /etc/bind/bind.keys
dir /var/cache/bind 0775 root bind
dir /run/named 0775 root bind
user bind
group bind
command /usr/sbin/named -f -u bind -c /etc/bind/named.conf
probe dns 53 localhost.
