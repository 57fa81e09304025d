# SPDX-License-Identifier: BSD-2-Clause
# bash completion for jailtrim(8): the commands, each command's options
# (as its -h names them; the doc_completion test checks that), and profile
# names as `jailtrim profiles` lists them, so local profiles and -P
# directories given on the line are included.
# Installed as share/bash-completion/completions/jailtrim.

# The profiles the command line's jailtrim finds, with its -P directories.
_jailtrim_profiles()
{
	local i prog=${COMP_WORDS[0]}
	local -a pdirs=()

	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -P && $((i + 1)) -lt COMP_CWORD ]]; then
			pdirs+=(-P "${COMP_WORDS[i + 1]}")
		fi
	done
	[[ $prog == */* && -x $prog ]] || prog=jailtrim
	"$prog" profiles "${pdirs[@]}" 2>/dev/null | awk '{ print $1 }'
}

_jailtrim()
{
	local cur prev cmd opts i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	if ((COMP_CWORD == 1)); then
		COMPREPLY=($(compgen -W 'deps build verify shrink restore profiles
		    -h --help' -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}

	case $cmd in
	deps)
		opts='-s --source -f --format --why --all --platform
		    --no-symbols --linux-prefix --max-memory --jobs --cache --no-cache --cache-max --pkg --docs -h --help' ;;
	build)
		opts='-s -p -P -D -i -n -o -t -m -j --rc --exec --command --epoch
		    --force --force-any --apply-flags --dry-run --why --json
		    -q --quiet --source-size --max-memory --jobs --cache --no-cache --cache-max --hostname --ip4 --ip6
		    --param --pkg --docs --no-ca --bare --allow-incomplete
		    --uid-range --renumber --timezone --wall-cmos-clock --rootpw-file
		    -h --help' ;;
	verify)
		opts='-p -P -D -c --jail-conf -n --name --rc --start --unconfined
		    --timeout --json -j --max-memory --jobs --cache --no-cache --cache-max -h --help' ;;
	shrink)
		opts='-p -P -D -i --keep-from --base --detect --rc -c --jail-conf -n --name --keep-packages --why -o --json --force
		    --apply --backup --key --max-memory --jobs --cache --no-cache --cache-max -h --help' ;;
	restore)
		opts='--force --unsigned --key -h --help' ;;
	profiles)
		if [[ ${COMP_WORDS[2]-} == show ]] && ((COMP_CWORD > 2)); then
			opts='-P --platform -h --help'
		else
			opts='-P -h --help'
		fi ;;
	*)
		return ;;
	esac

	# an option's argument
	case $prev in
	-p)
		if [[ $cur == */* ]]; then
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_jailtrim_profiles)" -- "$cur"))
		fi
		return ;;
	-P)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-f|--format)
		COMPREPLY=($(compgen -W 'tree list json' -- "$cur"))
		return ;;
	--platform)
		if [[ $cmd == deps ]]; then
			COMPREPLY=($(compgen -W 'auto freebsd glibc' -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'freebsd linux' -- "$cur"))
		fi
		return ;;
	-j)	# build's jail.conf; verify's number of jails at once
		if [[ $cmd != verify ]]; then
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return ;;
	-s|--source|-i|-o|-t|-m|-c|--jail-conf|--backup|--key|--keep-from|--base|--linux-prefix|--cache)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-n|--name|--command|--epoch|--timeout|--max-memory|--jobs|--cache-max|--hostname|--ip4|--ip6|--param|--pkg|-D)
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [[ $cmd == profiles ]]; then
		if ((COMP_CWORD == 2)); then
			COMPREPLY=($(compgen -W 'show' -- "$cur"))
		elif [[ ${COMP_WORDS[2]} == show ]]; then
			COMPREPLY=($(compgen -W "$(_jailtrim_profiles)" -- "$cur"))
		fi
	else
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _jailtrim jailtrim
