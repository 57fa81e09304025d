# lighttpd.profile — modules from server.modules, included files
# (config lighttpd).
description lighttpd web server
include base

[freebsd]
program /usr/local/sbin/lighttpd
config lighttpd /usr/local/etc/lighttpd/lighttpd.conf
dir /var/log/lighttpd 0755 www www
dir /var/run/lighttpd 0755 www www
user www
group www
command /usr/local/sbin/lighttpd -f /usr/local/etc/lighttpd/lighttpd.conf
rcd lighttpd
probe http 80 /

[linux]
program /usr/sbin/lighttpd
# Debian's lighttpd.conf runs perl scripts (include_shell) at start-up:
# they come with the config, perl with them; perl's own modules here.
config lighttpd /etc/lighttpd/lighttpd.conf
tree /usr/lib/x86_64-linux-gnu/perl-base
file? /etc/mime.types
dir /var/log/lighttpd 0750 www-data www-data
dir /run/lighttpd 0750 www-data www-data
dir /var/cache/lighttpd 0750 www-data www-data
user www-data
group www-data
command /usr/sbin/lighttpd -D -f /etc/lighttpd/lighttpd.conf
probe http 80 /
