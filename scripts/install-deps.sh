#!/bin/sh
# Install what jailtrim needs to build and test: apt on Debian/Ubuntu,
# pkg on FreeBSD (whose base already has libelf and libarchive).
set -eu

if [ -r /etc/debian_version ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	# build: compiler, cmake, the libraries
	# tests: clang+lld cross-compile FreeBSD objects against the fixture;
	#        xz/zstd/gzip repack it; strace, file, python3 and ldd check
	#        behaviour; openssh-server etc. are real programs to analyse;
	#        libdb1-compat reads back the pwd.db files we write;
	#        mtree-netbsd (nmtree or mtree) checks the mtrees we write.
	$SUDO apt-get install -y -q --no-install-recommends \
	    build-essential cmake pkg-config \
	    libelf-dev libarchive-dev libbsd-dev libmd-dev liblzma-dev \
	    clang lld libclang-rt-dev \
	    xz-utils zstd gzip tar file strace python3 util-linux libc-bin \
	    openssh-server openssh-client git ca-certificates libdb1-compat \
	    mtree-netbsd
	# Real services to build jails from.  Their packages must not start
	# them here (apache2 and nginx would both want port 80): deny service
	# starts while installing, unless the machine already does.
	own_policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
		$SUDO chmod 755 /usr/sbin/policy-rc.d
		own_policy=yes
	fi
	$SUDO apt-get install -y -q --no-install-recommends \
	    bind9 lighttpd apache2 nginx || status=$?
	[ -z "$own_policy" ] || $SUDO rm -f /usr/sbin/policy-rc.d
	[ "${status:-0}" -eq 0 ] || exit "$status"
elif [ "$(uname -s)" = FreeBSD ]; then
	pkg install -y cmake pkgconf
else
	echo "install-deps.sh: unsupported system; install cmake, pkg-config," \
	    "libelf, libarchive, liblzma (and libbsd on Linux) by hand" >&2
	exit 1
fi
