#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Install what jailtrim's test suite (scripts/test.sh) needs beyond the
# build dependencies (scripts/install-deps.sh), saying why for each group.
# Real daemons are among them, installed with service starts denied, so
# none of them is left running on this machine.
set -eu
# where Debian's invoke-rc.d looks for the policy (a test points it elsewhere)
POLICY=${JT_POLICY_RC_D:-/usr/sbin/policy-rc.d}

say() { echo "install-test-deps: $*"; }

if [ -r /etc/debian_version ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	say "clang, lld: cross-compile FreeBSD test objects, the clang build"
	say "xz, zstd, gzip, tar: repack the fixture; strace, file, python3, ldd,"
	say "  git: check behaviour and serve as real programs to analyse;"
	say "  libdb1-compat reads back the pwd.db files written; mtree-netbsd"
	say "  (nmtree) checks the mtree files; mandoc lints the man pages;"
	say "  sqlite3 (the shell) inspects package databases by hand"
	say "  zsh checks the shell completion (bash is there already)"
	say "  ssl-cert makes the snakeoil key dovecot's ssl_key links to on its"
	say "  first install (it comes first: dovecot only recommends it)"
	$SUDO apt-get install -y -q --no-install-recommends \
	    clang lld libclang-rt-dev \
	    xz-utils zstd gzip tar file strace python3 util-linux libc-bin \
	    openssh-server openssh-client git ca-certificates libdb1-compat \
	    mtree-netbsd mandoc sqlite3 zsh ssl-cert
	# Real services to build and verify jails from.  Their packages must
	# not start them here (apache2 and nginx would both want port 80):
	# deny service starts while installing, unless the machine already does.
	say "bind9, lighttpd, apache2, nginx, redis-server, memcached, haproxy,"
	say "  postfix, dovecot-imapd: real services to build jails from;"
	say "  installed with service starts denied (none is started here)"
	# Without an answer postfix's debconf default is "Internet Site", a
	# mail server for the world; "Local only" writes a main.cf that
	# listens on loopback and relays nothing, as a test machine should
	# ("No configuration", what a main.cf already there keeps, has none).
	say "postfix: debconf's mailer type preset to 'Local only' (a main.cf"
	say "  that delivers locally and listens on loopback only)"
	echo "postfix postfix/main_mailer_type select Local only" |
	    $SUDO debconf-set-selections
	say "unbound, nsd: the DNS resolver and authoritative server started"
	say "  in jails by verify_start_dns; dns-root-data: the trust anchor"
	say "  unbound's profile copies in, as Debian's unbound-helper does"
	own_policy=""
	if [ ! -e "$POLICY" ]; then
		printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
		$SUDO chmod 755 "$POLICY"
		own_policy=yes
	fi
	say "postgresql: its jail runs initdb as a prestart, then postgres"
	say "  answers the SSLRequest (its postinst makes a cluster on the"
	say "  host, which no jail copies, and its start is denied too)"
	say "php-cgi, lighttpd-mod-openssl: lighttpd runs PHP through FastCGI"
	say "  with a TLS socket in its jail (php-cgi's postinst only adds"
	say "  /etc/apache2/conf-available/php8.2-cgi.conf, enabling nothing)"
	$SUDO apt-get install -y -q --no-install-recommends \
	    bind9 lighttpd apache2 nginx redis-server memcached haproxy \
	    postfix dovecot-imapd unbound nsd dns-root-data \
	    postgresql php-cgi lighttpd-mod-openssl \
	    || status=$?
	[ -z "$own_policy" ] || $SUDO rm -f "$POLICY"
	[ "${status:-0}" -eq 0 ] || exit "$status"
elif [ "$(uname -s)" = FreeBSD ]; then
	say "python3: test helpers"
	pkg install -y python3
else
	echo "install-test-deps.sh: unsupported system; see the Debian list" \
	    "in this script" >&2
	exit 1
fi
