# nginx.profile — paths are compiled into the binary (facts §4.5); the
# configuration names modules, includes and document roots (config nginx).
# Variables (var NAME DEFAULT) are what an admin may move (-D NAME=VALUE).
description nginx web server
include base

[freebsd]
var conf /usr/local/etc/nginx/nginx.conf
var user www
var group www
var port 80
var tmpdir /var/tmp/nginx
var logdir /var/log/nginx
program /usr/local/sbin/nginx
config nginx ${conf}
dir ${tmpdir} 0755 ${user} ${group}
dir ${logdir} 0755 root wheel
user ${user}
group ${group}
command /usr/local/sbin/nginx -c ${conf}
rcd nginx
probe http ${port} /

[linux]
var conf /etc/nginx/nginx.conf
var user www-data
var group www-data
var port 80
var libdir /var/lib/nginx
var logdir /var/log/nginx
program /usr/sbin/nginx
config nginx ${conf}
dir ${libdir} 0755 root root
dir ${logdir} 0755 root adm
user ${user}
group ${group}
command /usr/sbin/nginx -c ${conf} -g "daemon off;"
probe http ${port} /
