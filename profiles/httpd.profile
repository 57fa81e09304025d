# httpd.profile — Apache httpd: www/apache24 on FreeBSD, apache2 on
# Debian.  Modules, included files and mime.types come from the
# configuration (config httpd).  Variables (var NAME DEFAULT) are what
# an admin may move (-D NAME=VALUE).
description Apache HTTP server
include base

[freebsd]
var conf /usr/local/etc/apache24/httpd.conf
var user www
var group www
var port 80
var logdir /var/log
var rundir /var/run
program /usr/local/sbin/httpd
config httpd ${conf}
dir ${logdir} 0755 root wheel
dir ${rundir} 0755 root wheel
user ${user}
group ${group}
# no accept filters in a jail: accf_http cannot be loaded (facts §4.4)
command /usr/local/sbin/httpd -DNOHTTPACCEPT -f ${conf}
rcd apache24
probe http ${port} /

[linux]
var conf /etc/apache2/apache2.conf
var user www-data
var group www-data
var port 80
var logdir /var/log/apache2
var rundir /run/apache2
program /usr/sbin/apache2
# Debian's apache2 takes its users and paths from envvars, read by sh
program /bin/sh
config httpd ${conf}
file /etc/apache2/envvars
# envvars names /var/run/apache2 and /var/lock/apache2: Debian's links
file? /var/run
file? /var/lock
dir ${logdir} 0750 root adm
dir ${rundir} 0755 root root
dir /run/lock/apache2 0755 ${user} ${group}
user ${user}
group ${group}
command /bin/sh -c ". /etc/apache2/envvars && exec /usr/sbin/apache2 -DFOREGROUND -f ${conf}"
probe http ${port} /
