#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Every command example of the man pages and of README.md runs, as
# extracted from the page by doc_extract.py (no hand copy: an example
# edited on the page is the example run).  An example that cannot run here
# is listed in SKIP below with the reason; one neither run nor listed, or
# written outside the convention doc_extract.py describes, fails the test,
# and so does a SKIP entry no page has any more.
#
# Substitution rule (applied, in this order, to each extracted command):
#   ../shared/fixtures/freebsd-10.1-amd64-base.txz and the word base.txz
#                         -> the fixture ($JT_FIXTURE_TXZ)
#   /jails/               -> $D/jails/      (D: a scratch directory per page)
#   /etc/jail.conf.d/     -> $D/jail.conf.d/
#   jailtrim, build/src/cli/jailtrim as the command -> the binary under test
#   --start               -> dropped: these jails are FreeBSD's, and a FreeBSD
#                            jail starts only on a FreeBSD kernel; the static
#                            checks still run (verify_start.sh starts Debian
#                            jails with --start)
# Relative paths (sshd.txz, www.tzst) land in $D, the working directory.
# $D/jails/www is a "handbook jail": the fixture's whole base with
# sshd_enable="YES" in its rc.conf.  In README's quick start, the steps
# `sh scripts/...` and `cmake ...` (install, build, test, install) are not
# run here: CI itself runs them (.ci/run, scripts/test.sh and the
# install_destdir test); the jailtrim command of the chain is run.
# Commands run in page order, each expected to exit 0; the lines a README
# ```console block shows after a command must be lines of its output.
. "$(dirname "$0")/lib.sh"
need_fixture
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
W=$JT_TEST_WORK/doc_examples
clean() { [ ! -e "$W" ] || { chattr -R -i "$W" 2>/dev/null; rm -rf "$W"; }; }
clean; mkdir -p "$W" || fail mkdir
JT_TIMEOUT=600

# Examples that cannot run here: exact text as extracted, then the reason.
SKIP='jailtrim deps -s base.txz -s bind99.txz --why /usr/local/sbin/named|needs FreeBSD bind99 package, not in ../shared/fixtures
jailtrim build manifests/named.jail|needs /usr/freebsd-dist/base.txz and the bind99 and libxml2 packages, not in ../shared/fixtures
jailtrim verify --start manifests/named.jail|needs the named jail above, and a FreeBSD kernel to start it'

ROOT=$(fixture_root)
python3 "$JT_SRCDIR/tests/e2e/doc_extract.py" "$JT_SRCDIR"/man/*.[0-9] \
    "$JT_SRCDIR/README.md" >"$W/examples" || fail "doc_extract.py"
[ "$(wc -l <"$W/examples")" -ge 15 ] || { cat "$W/examples" >&2; fail "too few examples found"; }
if grep -q "	MISPLACED" "$W/examples"; then
	grep "	MISPLACED" "$W/examples" >&2
	fail "examples outside the convention (see doc_extract.py)"
fi
# every SKIP entry still names an example
echo "$SKIP" | while IFS='|' read -r cmd why; do
	cut -f2 "$W/examples" | grep -qxF -- "$cmd" ||
	    fail "SKIP lists '$cmd', which no page has"
done || exit 1

FX=$JT_FIXTURE_TXZ
ran=0 skipped=0 ci=0 prev=
while IFS='	' read -r where cmd expect; do
	page=${where%%:*}; page=${page##*/}
	D=$W/$page
	if [ "$page" != "$prev" ]; then		# a fresh scratch dir per page
		prev=$page
		mkdir -p "$D/jails" "$D/jail.conf.d" || fail mkdir
		cp -a "$ROOT" "$D/jails/www" && rm -f "$D/jails/www/.complete" &&
		echo 'sshd_enable="YES"' >>"$D/jails/www/etc/rc.conf" ||
		    fail "cannot make the handbook jail"
	fi
	why=$(echo "$SKIP" | while IFS='|' read -r c r; do
		[ "$c" != "$cmd" ] || echo "$r"; done)
	if [ -n "$why" ]; then
		note "skipped $where: $cmd ($why)"
		skipped=$((skipped + 1))
		continue
	fi
	run=
	# shellcheck disable=SC2086
	for part in $(echo "$cmd" | sed 's/ && /\n/g; s/ /\x1e/g'); do
		part=$(echo "$part" | tr '\036' ' ')
		case $part in
		"sh scripts/"*|"cmake "*)
			note "CI runs $where: $part"; ci=$((ci + 1)); continue ;;
		jailtrim\ *|build/src/cli/jailtrim\ *) ;;
		*) fail "$where: '$part' is not a jailtrim command; list it in SKIP or run it" ;;
		esac
		run="${run:+$run && }$part"
	done
	[ -n "$run" ] || continue
	sub=$(printf '%s\n' "$run" | sed \
	    -e "s|\.\./shared/fixtures/freebsd-10\.1-amd64-base\.txz|$FX|g" \
	    -e "s|\([ =]\)base\.txz\b|\1$FX|g" \
	    -e "s| /jails/| $D/jails/|g" \
	    -e "s| /etc/jail\.conf\.d/| $D/jail.conf.d/|g" \
	    -e "s|^\(build/src/cli/\)\{0,1\}jailtrim |timeout $JT_TIMEOUT \"\$JAILTRIM\" |" \
	    -e "s|&& \(build/src/cli/\)\{0,1\}jailtrim |\&\& timeout $JT_TIMEOUT \"\$JAILTRIM\" |g" \
	    -e 's| --start\b||g')
	note "run $where: $cmd"
	note "    as: $sub"
	( cd "$D" && sh -c "$sub" ) >"$W/out" 2>"$W/err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		head -40 "$W/out" >&2; tail -40 "$W/err" >&2
		fail "$where: '$cmd' exited $rc"
	fi
	grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:' "$W/err" &&
	    { cat "$W/err" >&2; fail "$where: sanitizer report"; }
	if [ -n "$expect" ]; then
		printf '%s\n' "$expect" | tr '\037' '\n' | while IFS= read -r l; do
			case $l in *[!\ .]*) ;; *...*) continue ;; esac
			grep -qxF -- "$l" "$W/out" ||
			    { head -20 "$W/out" >&2; fail "$where: output lacks '$l'"; }
		done || exit 1
	fi
	ran=$((ran + 1))
done <"$W/examples"
[ "$ran" -ge 10 ] || fail "only $ran examples ran"
echo "ok: $ran examples ran, $skipped skipped (listed), $ci steps left to CI"
clean
