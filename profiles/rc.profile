# rc.profile — what /etc/rc needs to boot a FreeBSD jail (jailtrim build
# --rc adds it).  The services' rc.d scripts, the scripts they REQUIRE and
# the programs those name come with each profile's "rcd" line.
description what /etc/rc and rc.subr need inside a jail
include base

[freebsd]
program /bin/sh
file /etc/rc
file /etc/rc.subr
file /etc/rc.shutdown
file /etc/defaults/rc.conf
file? /etc/network.subr
# rc: rcorder orders the scripts, sysctl tells it runs in a jail
program /sbin/rcorder
program /sbin/sysctl
# rc.d/ldconfig rebuilds the hints; cleanvar empties /var/run first
program /sbin/ldconfig
program /usr/bin/find
# rc.subr, by name on PATH=/sbin:/bin:/usr/sbin:/usr/bin
program /bin/ps
program /bin/cat
program /bin/cp
program /bin/mv
program /bin/rm
program /bin/ln
program /bin/mkdir
program /bin/chmod
program /bin/expr
program /bin/sleep
program /usr/sbin/chown
program /usr/bin/sort
program /usr/bin/id
program /usr/bin/logger
program /usr/bin/basename
program /usr/bin/dirname
program /usr/bin/grep
program /usr/bin/sed
program /usr/bin/awk
program /usr/bin/tr
program /usr/bin/env
program /usr/bin/limits
dir /var/db 0755 root wheel
dir /var/log 0755 root wheel
dir /var/run 0755 root wheel

[linux]
# Debian has no /etc/rc: rc jails are a FreeBSD notion.
