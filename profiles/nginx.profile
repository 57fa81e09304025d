# nginx.profile — paths are compiled into the binary (facts §4.5); the
# configuration names modules, includes and document roots (config nginx).
description nginx web server
include base

[freebsd]
program /usr/local/sbin/nginx
config nginx /usr/local/etc/nginx/nginx.conf
dir /var/tmp/nginx 0755 www www
dir /var/log/nginx 0755 root wheel
user www
group www
command /usr/local/sbin/nginx
rcd nginx
probe http 80 /

[linux]
program /usr/sbin/nginx
config nginx /etc/nginx/nginx.conf
dir /var/lib/nginx 0755 root root
dir /var/log/nginx 0755 root adm
user www-data
group www-data
command /usr/sbin/nginx -g "daemon off;"
probe http 80 /
