# SPDX-License-Identifier: BSD-2-Clause
# zcomp COMPLETIONDIR JAILTRIM LINE: print, one a line, the matches zsh's
# completion system offers for LINE followed by TAB, in an interactive zsh
# on a pseudo-terminal (zsh/zpty) with COMPLETIONDIR's _jailtrim loaded.
# compadd is wrapped to print each match between NUL markers.
zmodload zsh/zpty || exit 1
dir=$1 prog=$2; shift 2
zpty z zsh -f -i
zpty -w z "PROMPT= ; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'zstyle ":completion:*" list-prompt ""; zstyle ":completion:*" select-prompt ""; zstyle ":completion:*" menu no; bindkey "^I" complete-word'
zpty -w z 'zle_begin() { print -n "\x00"; }; zle_end() { print -n "\x00"; }'
zpty -w z 'compadd() { if [[ ${@[1,-1]} == *-O* || ${@[1,-1]} == *-D* ]]; then builtin compadd "$@"; return; fi; local -a _m; builtin compadd -O _m "$@"; for m in $_m; do print -n -- "\n<M>$m"; done; builtin compadd "$@"; }'
zpty -w z 'comppostfuncs=(zle_end); compprefuncs=(zle_begin)'
zpty -w z 'preexec() { compprefuncs=(zle_begin); comppostfuncs=(zle_end); }'
zpty -w z "compprefuncs=(zle_begin); comppostfuncs=(zle_end); print -n"
zpty -w -n z "$prog $1"$'\t'
out=
integer i
for (( i = 0; i < 200; i++ )); do
	if zpty -r -t z line; then
		out+=$line
		[[ $out == *$'\0'*$'\0'* ]] && break
	else
		sleep 0.05
	fi
done
print -rn -- "$out" | tr -d '\r' | tr '\0' '\n' | grep -a '^<M>' | sed 's/^<M>//' | sort -u
zpty -d z
