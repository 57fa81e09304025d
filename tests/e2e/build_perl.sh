#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The perl profile (issue 13, item 3): the interpreter with the @INC
# directories its Config.pm (and Config_heavy.pl) record, read from the
# root, every XS module closed; a -i script whose #! names perl pulls the
# profile in.
#   FreeBSD: the fixture + a fake ports perl (cross-compiled ELF files)
#   Debian:  this host's perl, run under chroot
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_freebsd.sh"
. "$(dirname "$0")/lib_interp.sh"

case_dir build_perl
W=$CASES

# --- Debian: the jails run for real ----------------------------------------
if [ ! -x /usr/bin/perl ] || [ "$(id -u)" -ne 0 ]; then
	note "no /usr/bin/perl or not root: Debian part not run"
else
	CASE=debian
	expect_exit 0 jt build -s / -p perl -q -o "$W/pl"
	# build and verify agree on it
	expect_exit 0 jt verify "$W/pl" -p perl
	# jail(8) mounts devfs on /dev; perl -e opens /dev/null
	mknod "$W/pl/dev/null" c 1 3 || fail "mknod"
	LC_ALL=C chroot "$W/pl" /usr/bin/perl -MPOSIX -MSocket -e 1 ||
	    fail "perl -MPOSIX -MSocket -e 1 fails in the jail"
	ls "$W"/pl/usr/lib/x86_64-linux-gnu/perl*/5.*/auto/POSIX/POSIX.so \
	    >/dev/null 2>&1 || fail "no POSIX.so"
	overlay debian_script
	printf '#!/usr/bin/perl\nuse strict;\nuse POSIX ();\nprint "hello\\n";\n' |
	    put_text /usr/local/bin/hello.pl
	chmod 755 "$OV/usr/local/bin/hello.pl"
	expect_exit 0 jt build -s / -s "$OV" -i /usr/local/bin/hello.pl -o "$W/s"
	assert_grep 'note: -i /usr/local/bin/hello.pl: its #! names /usr/bin/perl: profile perl applied' "$ERR"
	[ "$(LC_ALL=C chroot "$W/s" /usr/local/bin/hello.pl)" = hello ] ||
	    fail "hello.pl does not run in its jail"
fi

# --- FreeBSD ports layout --------------------------------------------------
freebsd_objs
fbsd_cc
B=$CASES/objs
mkdir -p "$B" || fail mkdir
M=/usr/local/lib/perl5/5.32/mach
so "$B/libperl.so.5.32" libperl.so.5.32
ln -sf libperl.so.5.32 "$B/libperl.so"
so "$B/libbar.so.1" libbar.so.1
ln -sf libbar.so.1 "$B/libbar.so"
program "$B/perl" -L"$B" -lperl -Wl,-rpath,$M/CORE
module "$B/POSIX.so" -L"$B" -lbar

overlay ports
write_hints /var/run/ld-elf.so.hints /lib:/usr/lib:/usr/local/lib
put "$B/perl" /usr/local/bin/perl
put "$B/perl" /usr/local/bin/perl5.32.1
put "$B/libperl.so.5.32" $M/CORE/libperl.so.5.32
put "$B/POSIX.so" $M/auto/POSIX/POSIX.so
put "$B/libbar.so.1" /usr/local/lib/libbar.so.1
put_text $M/Config.pm <<'PM'
package Config;
use strict;
our %Config;
tie %Config, 'Config', {
    archlibexp => '/usr/local/lib/perl5/5.32/mach',
    archname => 'amd64-freebsd-thread-multi',
    privlibexp => '/usr/local/lib/perl5/5.32',
    sitearchexp => '/usr/local/lib/perl5/site_perl/mach/5.32',
    sitelibexp => '/usr/local/lib/perl5/site_perl',
    version => '5.32.1',
};
PM
put_text $M/Config_heavy.pl <<'PL'
local *_ = \my $a;
$_ = <<'!END!';
otherlibdirs='/usr/local/lib/perl5/other'
vendorlibexp=''
!END!
PL
echo 'package POSIX; 1;' | put_text $M/POSIX.pm
echo '/* perl.h */' | put_text $M/CORE/perl.h
echo 'package strict; 1;' | put_text /usr/local/lib/perl5/5.32/strict.pm
echo 'package Foo; 1;' | put_text /usr/local/lib/perl5/site_perl/Foo.pm
echo 'package Other; 1;' | put_text /usr/local/lib/perl5/other/Other.pm
echo 'package Old; 1;' | put_text /usr/local/lib/perl5/5.30/Old.pm
expect_exit 0 jt build -s "$FBSD_ROOT" -s "$OV" -p perl --dry-run
for p in /usr/local/bin/perl /usr/local/bin/perl5.32.1 $M/CORE/libperl.so.5.32 \
    $M/Config.pm $M/Config_heavy.pl $M/POSIX.pm $M/auto/POSIX/POSIX.so \
    /usr/local/lib/libbar.so.1 /usr/local/lib/perl5/5.32/strict.pm \
    /usr/local/lib/perl5/site_perl/Foo.pm /usr/local/lib/perl5/other/Other.pm; do
	in_plan $p
done
not_in_plan /usr/local/lib/perl5/5.30/Old.pm
# the C headers beside libperl are for compiling XS modules
not_in_plan $M/CORE/perl.h

# an XS module whose library is missing: the build refuses, naming both
rm "$OV/usr/local/lib/libbar.so.1"
expect_exit 3 jt build -s "$FBSD_ROOT" -s "$OV" -p perl -o "$CASES/unclosed"
assert_grep 'POSIX.so.*libbar.so.1' "$ERR"
[ ! -e "$CASES/unclosed" ] || fail "a jail was written"

# no Config.pm: said, not guessed
overlay noconfig
write_hints /var/run/ld-elf.so.hints /lib:/usr/lib:/usr/local/lib
put "$B/perl" /usr/local/bin/perl
put "$B/libperl.so.5.32" $M/CORE/libperl.so.5.32
expect_exit 3 jt build -s "$FBSD_ROOT" -s "$OV" -p perl --dry-run
assert_grep 'no Config.pm of perl /usr/local/bin/perl' "$ERR"
exit 0
