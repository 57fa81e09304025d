#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Golden tests: run one case of tests/golden and compare what jailtrim
# prints (stdout, stderr, exit status) and writes (text outputs, and the
# sha256 of binary ones) with the expectations kept beside the command.
#
#   sh tests/golden/run.sh CASE            (ctest runs one per case)
#   JT_GOLDEN_UPDATE=1 ctest -L golden     rewrite the expectations after an
#                                          intended change; review git diff
#
# A case is a directory tests/golden/CASE holding:
#   cmd        the command line, a shell fragment run by sh in @TMP@
#   setup      (optional) a shell fragment run before it, in @TMP@; exit 77
#              there skips the case (e.g. a host program is absent)
#   outputs    (optional) files the command writes, one a line:
#              "text NAME" pins @TMP@/NAME in the case's file NAME,
#              "sha256 NAME" pins its digest in the case's file sha256
#   normalise  (optional) extra normalisation rules by name (see below)
#   note       (optional) for the reader: why an odd output is pinned
#   stdout, stderr, status   the expectations
# A mismatch prints a unified diff per file (expected/CASE/FILE against
# actual/CASE/FILE) and exits 1.  JT_GOLDEN_DIR runs cases kept elsewhere
# (selfcheck.sh does).
#
# Placeholders in cmd and setup (and the names the normalised outputs use):
#   @JT@ the jailtrim binary    @SRC@ the source tree
#   @TMP@ a fresh directory for this case
#   @FIXTURE@ ../shared's FreeBSD 10.1 base.txz (read in place: ~5 s)
#   @ROOT@ that base extracted, once per build tree (tests/e2e/lib.sh)
#   @JAIL@ a directory holding sshd/ and sshd.conf: the sshd jail built
#          from @ROOT@, once per build tree and binary; copy it (into @TMP@)
#          before changing anything
#   @WORK@ the build tree's scratch directory
# A case naming @FIXTURE@, @ROOT@ or @JAIL@ exits 77 when ../shared is absent.
#
# Normalisation happens here, in norm_script() below, and nowhere else.
# Always: the paths above are put back as their placeholders (longest
# first), so the outputs do not depend on where the tree is built.
# Rules a case turns on in its "normalise" file:
#   host   the Debian host's library versions: a real file name such as
#          libpcre2-8.so.0.11.2 becomes libpcre2-8.so.0.@V@ (the soname
#          stays pinned; a point release of a package must not fail us)
#   sizes  byte counts of host files: the size column of a --dry-run
#          listing and "N bytes" become @N@ (what is listed stays pinned)
#   columns  runs of blanks that align a table become two: a column
#          holding a path (the source tree's) is as wide as that path
# jailtrim prints no timings or PIDs in the cases kept here (verify
# --start, which does, is left to tests/e2e); locale, TZ and umask are fixed.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
CASES=${JT_GOLDEN_DIR:-$HERE}
NAME=${1:?usage: run.sh CASE}
C=$CASES/$NAME
. "$HERE/../e2e/lib.sh"
[ -f "$C/cmd" ] || fail "no case $C"

export LC_ALL=C TZ=UTC
umask 022
unset JAILTRIM_PROFILES SOURCE_DATE_EPOCH

# Physical paths, as jailtrim finds its own (its profiles beside it).
JT=$(cd "$(dirname "$JAILTRIM")" && pwd -P)/$(basename "$JAILTRIM")
WORK=$(cd "$JT_TEST_WORK" && pwd -P)
SRC=$(cd "${JT_SRCDIR:-$HERE/../..}" && pwd -P)
TMP=$WORK/golden/$NAME
{ [ ! -d "$TMP" ] || find "$TMP" -type d -exec chmod u+w {} +; } && rm -rf "$TMP" &&
    mkdir -p "$TMP" || fail "cannot make $TMP"
ROOT= JAIL= FIXTURE=

cat "$C/cmd" "$C/setup" 2>/dev/null | grep -q '@FIXTURE@\|@ROOT@\|@JAIL@' &&
    need_fixture
FIXTURE=${JT_FIXTURE_TXZ:-}
grep -q '@ROOT@\|@JAIL@' "$C/cmd" "$C/setup" 2>/dev/null &&
    ROOT=$(fixture_root)

# shared_jail: the sshd jail from the extracted base, built once per build
# tree and rebuilt when the binary is newer than it.
shared_jail() {
	_j=$WORK/golden-jail
	(
		flock 9
		if [ ! -f "$_j/.complete" ] || [ "$JT" -nt "$_j/.complete" ]; then
			rm -rf "$_j" && mkdir -p "$_j" &&
			"$JT" build -q -s "$ROOT" -p sshd -o "$_j/sshd" \
			    -j "$_j/sshd.conf" >&2 &&
			touch "$_j/.complete"
		fi
	) 9>"$WORK/golden-jail.lock" || fail "cannot build the shared sshd jail"
	echo "$_j"
}
grep -q '@JAIL@' "$C/cmd" "$C/setup" 2>/dev/null && JAIL=$(shared_jail)

# subst: the placeholders replaced by this run's values (values quoted for
# sed's replacement: only \, & and | are special there).
quote() { printf '%s' "$1" | sed 's/[\\&|]/\\&/g'; }
subst() {
	sed -e "s|@JT@|$(quote "$JT")|g" -e "s|@SRC@|$(quote "$SRC")|g" \
	    -e "s|@TMP@|$(quote "$TMP")|g" -e "s|@FIXTURE@|$(quote "$FIXTURE")|g" \
	    -e "s|@ROOT@|$(quote "$ROOT")|g" -e "s|@JAIL@|$(quote "$JAIL")|g" \
	    -e "s|@WORK@|$(quote "$WORK")|g" "$1"
}

# normalise FILE: the one place machine-dependent text is rewritten (a
# sed script made once per run, below).
re() { printf '%s' "$1" | sed 's/[]\\|.*^$[]/\\&/g'; }
norm_script() {
	# Longest first: @TMP@ and @JAIL@ lie under @WORK@, @JT@ under @SRC@.
	for _p in "$TMP:@TMP@" "$JAIL:@JAIL@" "$ROOT:@ROOT@" \
	    "$FIXTURE:@FIXTURE@" "$JT:@JT@" "$WORK:@WORK@" "$SRC:@SRC@"; do
		_v=${_p%:*}
		[ -z "$_v" ] || printf '%s\n' "s|$(re "$_v")|${_p##*:}|g"
	done
	if grep -qx host "$C/normalise" 2>/dev/null; then
		printf '%s\n' 's/\(\.so\.[0-9][0-9]*\)\(\.[0-9][0-9]*\)\{1,\}\([^.0-9]\|$\)/\1.@V@\3/g'
	fi
	if grep -qx columns "$C/normalise" 2>/dev/null; then
		printf '%s\n' 's/ \{2,\}/  /g'
	fi
	if grep -qx sizes "$C/normalise" 2>/dev/null; then
		printf '%s\n' 's/^\([a-z] [0-7]\{4\} [^ ]*\) *[0-9][0-9]* /\1 @N@ /'
		printf '%s\n' 's/[0-9][0-9]* bytes/@N@ bytes/g'
	fi
}
normalise() { sed -f "$WORK/golden/$NAME.sed" "$1"; }

norm_script > "$WORK/golden/$NAME.sed" || fail "normalisation script"
cd "$TMP" || fail "cd $TMP"
if [ -f "$C/setup" ]; then
	subst "$C/setup" > "$WORK/golden/$NAME.setup"
	sh -e "$WORK/golden/$NAME.setup" >"$WORK/golden/$NAME.setup.log" 2>&1
	_rc=$?
	[ $_rc -eq 77 ] && skip "$NAME: $(tail -1 "$WORK/golden/$NAME.setup.log")"
	[ $_rc -eq 0 ] || { cat "$WORK/golden/$NAME.setup.log" >&2; fail "$NAME: setup exited $_rc"; }
fi
subst "$C/cmd" > "$WORK/golden/$NAME.cmd"
timeout "${JT_TIMEOUT:-120}" sh "$WORK/golden/$NAME.cmd" \
    >"$WORK/golden/$NAME.out" 2>"$WORK/golden/$NAME.err" </dev/null
echo $? > "$WORK/golden/$NAME.status"

# Gather the actual results under $A, named as the expectations are.
A=$WORK/golden/$NAME.actual
rm -rf "$A" && mkdir -p "$A" || fail mkdir
normalise "$WORK/golden/$NAME.out" > "$A/stdout"
normalise "$WORK/golden/$NAME.err" > "$A/stderr"
cp "$WORK/golden/$NAME.status" "$A/status"
if [ -f "$C/outputs" ]; then
	while read -r _kind _name; do
		case $_kind in
		''|'#'*) continue ;;
		text)
			if [ -f "$TMP/$_name" ]; then
				normalise "$TMP/$_name" > "$A/$_name"
			else
				echo "(not written)" > "$A/$_name"
			fi ;;
		sha256)
			if [ -f "$TMP/$_name" ]; then
				(cd "$TMP" && sha256sum "$_name") >> "$A/sha256"
			else
				echo "(not written)  $_name" >> "$A/sha256"
			fi ;;
		*) fail "$C/outputs: unknown kind $_kind" ;;
		esac
	done < "$C/outputs"
fi

# An expectation no longer produced (the outputs file lost a line) is a
# difference too.
[ ! -f "$C/sha256" ] || [ -f "$A/sha256" ] || : > "$A/sha256"

if [ "${JT_GOLDEN_UPDATE:-0}" = 1 ]; then
	for _f in "$A"/*; do
		cp "$_f" "$C/$(basename "$_f")" || fail "cannot update $C"
	done
	echo "golden $NAME: expectations rewritten; review them with git diff"
	exit 0
fi
_bad=0
for _f in "$A"/*; do
	_b=$(basename "$_f")
	if [ ! -f "$C/$_b" ]; then
		echo "golden $NAME: no expected $_b (JT_GOLDEN_UPDATE=1 writes it)" >&2
		_bad=1
	elif ! cmp -s "$C/$_b" "$_f"; then
		diff -u --label "expected/$NAME/$_b" --label "actual/$NAME/$_b" \
		    "$C/$_b" "$_f" >&2
		_bad=1
	fi
done
if [ $_bad -ne 0 ]; then
	echo "golden $NAME: FAIL (command: $(cat "$WORK/golden/$NAME.cmd"))" >&2
	echo "  intended? JT_GOLDEN_UPDATE=1 ctest -L golden -R golden_$NAME" >&2
	exit 1
fi
echo "golden $NAME: ok"
