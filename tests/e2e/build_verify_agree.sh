#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The invariant of issue 13: build never writes a jail that verify of the
# same jail rejects.  For every shipped profile (profiles/*.profile), on
# the FreeBSD fixture and on this Debian host (-s /): build the jail and
# its stanza; a build that succeeds must pass static verify -p PROFILE -c
# of that jail.  A profile whose programs the source lacks is skipped with
# a message (exit 3 or 1 saying "not in the source"); any other refusal is
# reported, and so is a build that writes what verify rejects.
. "$(dirname "$0")/lib.sh"
F=$(fixture_root) || fail "cannot extract the fixture"
[ -n "$F" ] || fail "cannot extract the fixture"
W=$JT_TEST_WORK/build_verify_agree
rm -rf "$W" && mkdir -p "$W" || fail mkdir
JT_TIMEOUT=600
checked=0

# agree LABEL SOURCE PROFILE
agree() {
	_p=$3 _o=$W/$1-$3 _rc=
	[ "$_p" = rc ] && _rc=--rc
	OUT=$(mktemp) ERR=$(mktemp)
	jt build -s "$2" -p "$_p" $_rc -n "$_p" -q -o "$_o" -j "$_o.conf" \
	    >"$OUT" 2>"$ERR"
	_b=$?
	no_sanitizer_report "$1 $_p: build"
	case $_b in
	0) ;;
	1|3)
		if grep -q 'is not in the source' "$ERR"; then
			note "$1 $_p: the source lacks what the profile names" \
			    "(skipped): $(grep -m1 'not in the source' "$ERR")"
			return 0
		fi
		[ "$_b" -eq 3 ] && [ ! -e "$_o" ] ||
		    { cat "$ERR" >&2; fail "$1 $_p: build exited $_b"; }
		note "$1 $_p: refused, nothing written: $(head -1 "$ERR")"
		return 0 ;;
	*) cat "$ERR" >&2; fail "$1 $_p: build exited $_b" ;;
	esac
	expect_exit 0 jt verify -p "$_p" $_rc -c "$_o.conf" "$_o"
	no_sanitizer_report "$1 $_p: verify"
	note "$1 $_p: build and verify agree ($(head -1 "$OUT"))"
	checked=$((checked + 1))
}

for prof in "$JT_SRCDIR"/profiles/*.profile; do
	p=${prof##*/}
	p=${p%.profile}
	agree freebsd "$F" "$p"
	if [ -r /lib64/ld-linux-x86-64.so.2 ]; then
		agree debian / "$p"
	fi
done
[ "$checked" -ge 1 ] || fail "no profile was checked"
echo "build_verify_agree: $checked jails built and verified"
