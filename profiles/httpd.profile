# httpd.profile — Apache httpd: www/apache24 on FreeBSD, apache2 on
# Debian.  Modules, included files and mime.types come from the
# configuration (config httpd).
description Apache HTTP server
include base

[freebsd]
program /usr/local/sbin/httpd
config httpd /usr/local/etc/apache24/httpd.conf
dir /var/log 0755 root wheel
dir /var/run 0755 root wheel
user www
group www
# no accept filters in a jail: accf_http cannot be loaded (facts §4.4)
command /usr/local/sbin/httpd -DNOHTTPACCEPT
rcd apache24
probe http 80 /

[linux]
program /usr/sbin/apache2
# Debian's apache2 takes its users and paths from envvars, read by sh
program /bin/sh
config httpd /etc/apache2/apache2.conf
file /etc/apache2/envvars
# envvars names /var/run/apache2 and /var/lock/apache2: Debian's links
file? /var/run
file? /var/lock
dir /var/log/apache2 0750 root adm
dir /run/apache2 0755 root root
dir /run/lock/apache2 0755 www-data www-data
user www-data
group www-data
command /bin/sh -c ". /etc/apache2/envvars && exec /usr/sbin/apache2 -DFOREGROUND"
probe http 80 /
