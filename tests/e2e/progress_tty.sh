#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Progress on a terminal: `build` from the fixture's txz under a pty shows
# a line per phase (reading the source, resolving, writing the jail and the
# tarball), each overwritten in place and erased before the report; with
# stderr a file, or with -q, none of it appears.  JAILTRIM_PROGRESS_DELAY=0
# shows every phase at once (the default shows those longer than a
# second), so the check does not depend on this machine's speed.
. "$(dirname "$0")/lib.sh"
need_fixture
command -v script >/dev/null 2>&1 || skip "no script(1) (util-linux) for a pty"
W=$JT_TEST_WORK/progress_tty
rm -rf "$W" && mkdir -p "$W" || fail mkdir
export JAILTRIM_PROGRESS_DELAY=0
build="'$JAILTRIM' build -s '$JT_FIXTURE_TXZ' -p sshd -n sshd"
# script -e: its status is the command's; -f: written as it comes
pty() { timeout 600 script -qfec "$1" /dev/null; }

# 1. Under a pty: the phases, in place, erased.
pty "$build -o '$W/jail' -t '$W/sshd.txz'" >"$W/tty" 2>&1 ||
    { cat -v "$W/tty" | tail -20 >&2; fail "build under a pty failed"; }
[ -f "$W/jail/usr/sbin/sshd" ] && [ -s "$W/sshd.txz" ] || fail "no jail written"
python3 - "$W/tty" <<'PY' || fail "progress under a pty (see above)"
import re, sys
out = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')
lines = re.findall(r'\rjailtrim: ([^\r\n\x1b]*)\x1b\[K', out)
phases = []
for l in lines:
    p = re.sub(r'(: +\d+%|\.\.\. \d+ s)$', '', l)
    if p == l:
        sys.exit('not a progress line: %r' % l)
    if p not in phases:
        phases.append(p)
print('phases shown: %s' % phases, file=sys.stderr)
want = ['reading freebsd-10.1-amd64-base.txz', 'resolving', 'writing the jail',
        'tarball']
missing = [w for w in want if not any(w in p for p in phases)]
if missing:
    sys.exit('phases not shown: %s' % missing)
if not re.search(r'reading [^\r]*: +\d+%', out):
    sys.exit('reading the source shows no percentage')
# no newline inside the progress: each line overwrites the one before
last = out.rfind('\rjailtrim: ')
if '\n' in out[out.find('\rjailtrim: '):last]:
    sys.exit('a newline between progress lines: not overwritten in place')
# erased before what follows (the report)
rest = out[last:]
erase = rest.find('\r\x1b[K')
report = rest.find('source:')
if erase < 0 or report < 0 or erase > report:
    sys.exit('the last progress line is not erased before the report')
PY

# verify's checks and shrink's scan (a dry run) of the jail just written
for c in "verify -p sshd '$W/jail'" "shrink -p sshd '$W/jail'"; do
	pty "'$JAILTRIM' $c" >"$W/tty1" 2>&1
	st=$?
	[ $st -eq 0 ] || [ $st -eq 3 ] ||
	    { cat -v "$W/tty1" >&2; fail "$c under a pty: exit $st"; }
	# the phase's line, then erased: "\r\033[K" follows its last one
	python3 - "$W/tty1" "${c%% *}" <<'PY' || fail "$c: progress (see above)"
import sys
out = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')
want = {'verify': 'checking the jail', 'shrink': 'scanning the jail'}[sys.argv[2]]
last = out.rfind('\rjailtrim: ' + want)
if last < 0:
    sys.exit('%s: no "%s" line in %r' % (sys.argv[2], want, out[:300]))
if out.find('\r\x1b[K', last + 1) < 0:
    sys.exit('%s: the progress line is not erased' % sys.argv[2])
PY
done
[ -f "$W/jail/usr/sbin/sshd" ] || fail "the dry run removed something"

# 2. stderr a file: nothing of it, not even with a pty on stdout.
pty "$build -o '$W/jail2' 2>'$W/err'" >"$W/tty2" 2>&1 ||
    { cat "$W/err" >&2; fail "build with stderr a file failed"; }
if grep -aq "$(printf '\r')" "$W/err" || grep -aqE 'reading|resolving|writing' "$W/err"; then
	cat -v "$W/err" >&2
	fail "progress written to a file"
fi
# and a plain run, nothing on a terminal at all
expect_exit 0 timeout 600 "$JAILTRIM" build -s "$JT_FIXTURE_TXZ" -p sshd \
    -n sshd -o "$W/jail3"
if grep -aq "$(printf '\r')" "$ERR"; then
	cat -v "$ERR" >&2
	fail "progress without a terminal"
fi
no_sanitizer_report "build without a terminal"

# 3. -q under a pty: no progress.
pty "$build -q -o '$W/jail4'" >"$W/tty4" 2>&1 ||
    { cat -v "$W/tty4" >&2; fail "build -q under a pty failed"; }
if grep -aqE 'jailtrim: (reading|resolving|writing)' "$W/tty4"; then
	cat -v "$W/tty4" >&2
	fail "progress shown with -q"
fi
rm -rf "$W"
