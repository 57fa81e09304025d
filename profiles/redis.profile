# redis.profile — the Redis key-value store: FreeBSD's databases/redis port
# and Debian's redis-server package.  It runs in the foreground
# (--daemonize no overrides the configuration's "daemonize yes"), and
# answers PING with +PONG.  Variables (var NAME DEFAULT) are what an admin
# may move (-D NAME=VALUE); port is the one the configuration listens on.
description Redis key-value store
include base

[freebsd]
var conf /usr/local/etc/redis.conf
var user redis
var group redis
var port 6379
var dbdir /var/db/redis
var rundir /var/run/redis
var logdir /var/log/redis
program /usr/local/bin/redis-server
optional /usr/local/bin/redis-cli
file ${conf}
dir ${dbdir} 0750 ${user} ${group}
dir ${rundir} 0755 ${user} ${group}
dir ${logdir} 0755 ${user} ${group}
user ${user}
group ${group}
command /usr/local/bin/redis-server ${conf} --daemonize no
# rc jails: rc.d/redis starts it as redis_user
rcd redis
probe redis ${port}

[linux]
var conf /etc/redis/redis.conf
var user redis
var group redis
var port 6379
var dbdir /var/lib/redis
var rundir /run/redis
var logdir /var/log/redis
program /usr/bin/redis-server
optional /usr/bin/redis-cli
file ${conf}
dir /etc/redis 2770 ${user} ${group}
dir ${dbdir} 0750 ${user} ${group}
dir ${rundir} 2755 ${user} ${group}
dir ${logdir} 2750 ${user} adm
user ${user}
group ${group}
# redis-server does not drop root itself (systemd's User=redis does)
param exec.jail_user=${user}
command /usr/bin/redis-server ${conf} --daemonize no
probe redis ${port}
