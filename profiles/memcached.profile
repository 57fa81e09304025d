# memcached.profile — the memcached cache: FreeBSD's databases/memcached
# port and Debian's memcached package.  memcached reads no configuration
# file (rc.conf's memcached_flags and Debian's /etc/memcached.conf are
# turned into options by their start scripts): the options are variables
# here (var NAME DEFAULT; -D NAME=VALUE).  It drops root itself (-u), and
# answers "version" with "VERSION ".
description memcached cache
include base

[freebsd]
var user nobody
var port 11211
var listen 127.0.0.1
var memory 64
program /usr/local/bin/memcached
user ${user}
command /usr/local/bin/memcached -u ${user} -l ${listen} -p ${port} -m ${memory}
rcd memcached
probe memcached ${port}

[linux]
var user memcache
var port 11211
var listen 127.0.0.1
var memory 64
program /usr/bin/memcached
user ${user}
command /usr/bin/memcached -u ${user} -l ${listen} -p ${port} -m ${memory}
probe memcached ${port}
