#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Install what jailtrim needs to build, and nothing else: apt on
# Debian/Ubuntu, pkg on FreeBSD (whose base already has libelf, libarchive
# and libmd).  The test suite needs more: scripts/install-test-deps.sh.
set -eu

if [ -r /etc/debian_version ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	# compiler, cmake, and the libraries jailtrim links: libelf (ELF),
	# libarchive and liblzma (sources, tarballs), libbsd (BSD string and
	# tree functions on Linux), libmd (SHA-256 for the backup index),
	# libsqlite3 (pkg(8)'s package database, local.sqlite)
	$SUDO apt-get install -y -q --no-install-recommends \
	    build-essential cmake pkg-config \
	    libelf-dev libarchive-dev libbsd-dev libmd-dev liblzma-dev \
	    libsqlite3-dev
elif [ "$(uname -s)" = FreeBSD ]; then
	pkg install -y cmake pkgconf sqlite3
else
	echo "install-deps.sh: unsupported system; install cmake, pkg-config," \
	    "libelf, libarchive, liblzma, sqlite3 (and libbsd on Linux) by hand" >&2
	exit 1
fi
