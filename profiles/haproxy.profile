# haproxy.profile — the HAProxy load balancer: FreeBSD's net/haproxy port
# and Debian's haproxy package.  It runs in the foreground (-db overrides
# the configuration's "daemon"), chroots and drops to its user itself.
# Variables (var NAME DEFAULT) are what an admin may move (-D NAME=VALUE):
# port, path and status are where the probe asks and what it wants (a
# frontend whose backend is down answers 503 itself).
description HAProxy load balancer
include base

[freebsd]
var conf /usr/local/etc/haproxy.conf
var user www
var group www
var port 80
var path /
var status 200
program /usr/local/sbin/haproxy
file ${conf}
glob /usr/local/etc/haproxy/errors/*.http
dir /var/run/haproxy 0755 ${user} ${group}
user ${user}
group ${group}
command /usr/local/sbin/haproxy -db -f ${conf}
rcd haproxy
probe http ${port} ${path} ${status}

[linux]
var conf /etc/haproxy/haproxy.cfg
var user haproxy
var group haproxy
var chroot /var/lib/haproxy
var port 80
var path /
var status 200
program /usr/sbin/haproxy
file ${conf}
glob /etc/haproxy/errors/*.http
dir ${chroot} 0755 root root
dir /run/haproxy 2775 ${user} ${group}
user ${user}
group ${group}
command /usr/sbin/haproxy -db -f ${conf}
probe http ${port} ${path} ${status}
