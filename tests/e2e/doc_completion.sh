#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Shell completion: bash (and zsh when installed) with completion/ loaded
# completes the commands, each command's options (every option its -h
# names), and profile names asked of the binary, local ones included.
. "$(dirname "$0")/lib.sh"
W=$JT_TEST_WORK/doc_completion
rm -rf "$W" && mkdir -p "$W/local" || fail mkdir
printf 'description a local profile\nfile /etc/hosts\n' >"$W/local/mylocal.profile"
C=$JT_SRCDIR/completion
command -v bash >/dev/null 2>&1 || skip "bash not installed"

# bcomp WORD...: what bash completes for the last word (COMPREPLY, sorted)
bcomp() {
	bash --norc --noprofile -c '
	    . "$1" || exit 1; shift
	    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
	    _jailtrim jailtrim "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	    printf "%s\n" "${COMPREPLY[@]}" | sort' bcomp "$C/jailtrim.bash" "$@"
}
# want LIST CANDIDATE...: each candidate is a line of LIST
want() {
	_l=$1; shift
	for _c; do
		printf '%s\n' "$_l" | grep -qxF -- "$_c" ||
		    { printf '%s\n' "$_l" >&2; fail "completion lacks '$_c'"; }
	done
}
J=$JAILTRIM
[ "$(bcomp "$J" b)" = build ] || fail "jailtrim b<TAB> is not build: $(bcomp "$J" b)"
want "$(bcomp "$J" '')" deps build verify shrink restore profiles
want "$(bcomp "$J" build -p s)" sshd
[ -z "$(bcomp "$J" build -p s | grep -vx 'sshd')" ] || fail "-p s offers more than sshd"
want "$(bcomp "$J" build -p '')" base httpd lighttpd named nginx rc sshd unbound
want "$(bcomp "$J" verify --)" --rc --start --unconfined --timeout --json
want "$(bcomp "$J" deps -f '')" tree list json
want "$(bcomp "$J" profiles '')" show
want "$(bcomp "$J" profiles show n)" named nginx
# local profiles: a -P directory on the line, and $JAILTRIM_PROFILES
want "$(bcomp "$J" build -P "$W/local" -p my)" mylocal
want "$(JAILTRIM_PROFILES=$W/local bcomp "$J" shrink -p my)" mylocal
# every option each command's -h names (long and short)
for cmd in deps build verify shrink restore profiles; do
	"$J" "$cmd" -h 2>&1 | awk '/^(usage:)? +jailtrim /{ok = ($0 ~ "jailtrim '"$cmd"'( |$)")} ok' |
	    grep -oE '(^|[[ |])--?[a-zA-Z][a-z0-9-]*' | tr -d '[ |' | sort -u >"$W/$cmd.opts"
	[ -s "$W/$cmd.opts" ] || fail "$cmd -h names no option"
	have=$(bcomp "$J" "$cmd" -; bcomp "$J" "$cmd" --)
	while read -r o; do
		[ "$o" = --platform ] && [ "$cmd" = profiles ] &&
		    have="$have
$(bcomp "$J" profiles show -)"
		want "$have" "$o"
	done <"$W/$cmd.opts"
done
note "bash: commands, options of every command, profile names: ok"

if command -v zsh >/dev/null 2>&1; then
	# zcomp LINE: what zsh completes at the end of "jailtrim LINE"
	zcomp() {
		timeout 60 zsh -f "$JT_SRCDIR/tests/e2e/doc_completion_zsh.zsh" \
		    "$C" "$J" "$1"
	}
	[ "$(zcomp b)" = build ] || fail "zsh: jailtrim b<TAB> is not build: $(zcomp b)"
	want "$(zcomp '')" deps build verify shrink restore profiles
	want "$(zcomp 'build -p s')" sshd
	want "$(zcomp 'build -p ')" base httpd lighttpd named nginx rc sshd unbound
	want "$(zcomp 'verify --')" --rc --start --unconfined --timeout --json --name
	want "$(zcomp 'profiles show n')" named nginx
	want "$(zcomp "build -P $W/local -p my")" mylocal
	for cmd in deps build verify shrink restore; do
		have=$(zcomp "$cmd -")
		while read -r o; do want "$have" "$o"; done <"$W/$cmd.opts"
	done
	note "zsh: commands, options of every command, profile names: ok"
else
	note "zsh not installed: its completion not tested"
fi
# cmake --install puts both where the shells look for them
B=$(dirname "$J")
while [ "$B" != / ] && [ ! -f "$B/CMakeCache.txt" ]; do B=$(dirname "$B"); done
[ -f "$B/CMakeCache.txt" ] || fail "no build tree above $J"
DESTDIR=$W/dest cmake --install "$B" --prefix /usr/local >"$W/install.log" 2>&1 ||
    { cat "$W/install.log" >&2; fail "cmake --install"; }
P=$W/dest/usr/local/share
cmp -s "$P/bash-completion/completions/jailtrim" "$C/jailtrim.bash" ||
    fail "no share/bash-completion/completions/jailtrim installed"
cmp -s "$P/zsh/site-functions/_jailtrim" "$C/_jailtrim" ||
    fail "no share/zsh/site-functions/_jailtrim installed"
rm -rf "$W"
echo ok
