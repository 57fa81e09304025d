# lighttpd.profile — modules from server.modules, included files, the
# FastCGI/SCGI/CGI programs, certificates and directories it names
# (config lighttpd).  Variables (var NAME DEFAULT) are what an admin may
# move: jailtrim build -D conf=/var/etc/lighttpd.conf ...
description lighttpd web server
include base

[freebsd]
var conf /usr/local/etc/lighttpd/lighttpd.conf
var user www
var group www
var port 80
var logdir /var/log/lighttpd
var rundir /var/run/lighttpd
program /usr/local/sbin/lighttpd
config lighttpd ${conf}
dir ${logdir} 0755 ${user} ${group}
dir ${rundir} 0755 ${user} ${group}
user ${user}
group ${group}
command /usr/local/sbin/lighttpd -f ${conf}
rcd lighttpd
probe http ${port} /

[linux]
var conf /etc/lighttpd/lighttpd.conf
var user www-data
var group www-data
var port 80
var logdir /var/log/lighttpd
var rundir /run/lighttpd
var cachedir /var/cache/lighttpd
program /usr/sbin/lighttpd
# Debian's lighttpd.conf runs perl scripts (include_shell) at start-up:
# they come with the config, perl with them; perl's own modules here.
config lighttpd ${conf}
tree /usr/lib/x86_64-linux-gnu/perl-base
# the tree's one object with a library of its own (libm): closed as such
module /usr/lib/x86_64-linux-gnu/perl-base/auto/POSIX/POSIX.so
file? /etc/mime.types
dir ${logdir} 0750 ${user} ${group}
dir ${rundir} 0750 ${user} ${group}
dir ${cachedir} 0750 ${user} ${group}
user ${user}
group ${group}
command /usr/sbin/lighttpd -D -f ${conf}
probe http ${port} /
