# base.profile — what every jail root needs, whatever runs in it.
# Included by the service profiles.  Format: jailtrim-profile(5).
description files and directories every jail root needs

[freebsd]
# libc reads accounts only from pwd.db/spwd.db; master.passwd and passwd
# are kept beside them so the four never disagree (facts §3.1).
file /etc/master.passwd
file /etc/passwd
file /etc/pwd.db
file /etc/spwd.db
file /etc/group
file? /etc/nsswitch.conf
file? /etc/hosts
file? /etc/resolv.conf
file? /etc/services
file? /etc/protocols
file? /etc/localtime
file? /etc/login.conf
file? /etc/login.conf.db
# devfs is mounted on /dev by jail(8) (mount.devfs): an empty directory.
dir /dev 0555 root wheel
dir /tmp 01777 root wheel
dir /var/run 0755 root wheel
dir /var/log 0755 root wheel

[linux]
file /etc/passwd
file /etc/group
file? /etc/shadow
file? /etc/nsswitch.conf
file? /etc/hosts
file? /etc/resolv.conf
file? /etc/services
file? /etc/protocols
file? /etc/localtime
file? /etc/ld.so.conf
file? /etc/ld.so.cache
dir /dev 0755 root root
dir /proc 0555 root root
dir /tmp 01777 root root
dir /run 0755 root root
dir /var/log 0755 root root
