# packages as units
description a service from its package
package appd
[freebsd]
package libapp
[linux]
package python3-minimal
command /usr/local/sbin/appd -f
