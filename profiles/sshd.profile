# sshd.profile — the OpenSSH server.
# Host keys are generated inside the jail at first start (prestart), never
# baked into a tarball that many jails share.
description OpenSSH server
include base

[freebsd]
program /usr/sbin/sshd
# ssh-keygen -A makes the missing host keys (rc.d/sshd does it at boot)
program /usr/bin/ssh-keygen
file /etc/ssh/sshd_config
file? /etc/ssh/moduli
file? /etc/hosts.allow
# privilege separation: root-owned, not writable by others (facts §4.1)
dir /var/empty 0555 root wheel
dir /etc/ssh 0755 root wheel
user sshd
group sshd
pam sshd
nss
prestart /usr/bin/ssh-keygen -A
# sshd re-executes itself: started by its absolute path
command /usr/sbin/sshd
# an rc jail starts it through rc.d/sshd instead
rcd sshd
probe tcp 22 SSH-2.0-

[linux]
program /usr/sbin/sshd
program /usr/bin/ssh-keygen
file /etc/ssh/sshd_config
file? /etc/ssh/moduli
glob /etc/ssh/sshd_config.d/*.conf
dir /run/sshd 0755 root root
dir /etc/ssh 0755 root root
user sshd
pam sshd
nss
prestart /usr/bin/ssh-keygen -A
command /usr/sbin/sshd -D -e
probe tcp 22 SSH-2.0-
