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
	#        libdb1-compat reads back the pwd.db files we write.
	$SUDO apt-get install -y -q --no-install-recommends \
	    build-essential cmake pkg-config \
	    libelf-dev libarchive-dev libbsd-dev liblzma-dev \
	    clang lld libclang-rt-dev \
	    xz-utils zstd gzip tar file strace python3 util-linux libc-bin \
	    openssh-server openssh-client git ca-certificates libdb1-compat
elif [ "$(uname -s)" = FreeBSD ]; then
	pkg install -y cmake pkgconf
else
	echo "install-deps.sh: unsupported system; install cmake, pkg-config," \
	    "libelf, libarchive, liblzma (and libbsd on Linux) by hand" >&2
	exit 1
fi
