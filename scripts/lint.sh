#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Source lint, run by ctest (test lint_spdx and lint_layers).  Each problem
# is printed as "lint: FILE:LINE: what" and the script exits 1.
#
#   sh scripts/lint.sh [SRCDIR [LIBRARY]]
#
#  - licence: every source file (.c, .h, .sh, .py, and the extensionless
#    scripts under .ci/) names its licence with an SPDX line near its top,
#    so a packager or a copied file never loses it;
#  - src/lib neither prints nor exits (style.md: the library returns a
#    status and fills a struct jt_err; only src/cli prints or exits);
#  - src/cli includes only public headers (<jailtrim/...>) and its own;
#  - with LIBRARY (the public libjailtrim.a): it defines no global symbol
#    but jt_* ones (nm), so an embedding program never meets our map_get.
set -eu
cd "${1:-$(dirname "$0")/..}"
lib=${2:-}
problems=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# problem FILE:LINE MESSAGE...
problem() {
	echo "lint: $*" >&2
	problems=$((problems + 1))
}

# --- licence ---
# the source tree, not build trees or fuzz corpora (data, not sources)
for f in $(find . \( -name .git -o -name 'build' -o -name 'build-*' \
    -o -name corpus \) -prune -o -type f \
    \( -name '*.[ch]' -o -name '*.sh' -o -name '*.py' -o -path './.ci/*' \) \
    -print | sort); do
	if ! head -n 5 "$f" | grep -q 'SPDX-License-Identifier: BSD-2-Clause'
	then
		problem "$f:1: no 'SPDX-License-Identifier: BSD-2-Clause' line" \
		    "in its first 5 lines"
	fi
done
[ -r LICENSE ] || problem "LICENSE:0: missing"

# --- src/lib neither prints nor exits ---
# Comments and the contents of string and character literals are blanked
# first (keeping the lines), so "exit(3)" in a comment is no call.  Calls
# are found by name; a stdio stream (stdout, stderr) named at all is a
# problem, which catches fprintf(stderr, ...) over several lines too.
# fprintf(f, ...) into a FILE the library writes (jail.conf, rc.conf) and
# snprintf are fine.
#
# The allow-list, FILE FUNCTION CALL, each with its reason:
#  - start*.c: the functions below run only in a child forked (or cloned)
#    by jt_start to become the jail's init, supervisor or command; a
#    return would run the parent's code twice in two processes, so the
#    child ends with _exit(2), which runs no atexit handler and flushes no
#    stdio buffer of the parent's.  Its status is the report.
lib_allow='
src/lib/start.c become _exit
src/lib/start.c exec_or_die _exit
src/lib/start.c start_commands _exit
src/lib/start_confine.c confine_userns _exit
src/lib/start_freebsd.c run_reaper _exit
src/lib/start_freebsd.c run_supervisor _exit
src/lib/start_linux.c run_init _exit
src/lib/start_linux.c run_supervisor _exit
'
for f in $(find src/lib -type f -name '*.[ch]' | sort); do
	awk -v allow="$lib_allow" '
	BEGIN {
		n = split(allow, a, "\n")
		for (i = 1; i <= n; i++) {
			if (a[i] == "")
				continue
			split(a[i], w, " ")
			ok[w[1] " " w[2] " " w[3]] = 1
		}
		call = "(printf|vprintf|puts|putchar|perror|psignal|" \
		    "exit|_exit|_Exit|quick_exit|abort|" \
		    "err|errx|verr|verrx|errc|warn|warnx|vwarn|vwarnx|warnc|" \
		    "syslog|vsyslog)"
		callre = "(^|[^A-Za-z0-9_.>])" call "[ \t]*\\("
		streamre = "(^|[^A-Za-z0-9_.>])(stdout|stderr)([^A-Za-z0-9_]|$)"
		fdre = "(^|[^A-Za-z0-9_.>])(dprintf|vdprintf)[ \t]*\\([ \t]*" \
		    "(1|2|STDOUT_FILENO|STDERR_FILENO)[ \t]*,"
	}
	{
		s = $0; out = ""; i = 1; len = length(s)
		while (i <= len) {
			c = substr(s, i, 1)
			if (incomment) {
				if (substr(s, i, 2) == "*/") {
					incomment = 0; i += 2; out = out " "
				} else
					i++
				continue
			}
			if (substr(s, i, 2) == "/*") { incomment = 1; i += 2; continue }
			if (substr(s, i, 2) == "//") break
			if (c == "\"" || c == "'\''") {
				out = out c; i++
				while (i <= len) {
					d = substr(s, i, 1)
					if (d == "\\") { i += 2; continue }
					if (d == c) break
					i++
				}
				out = out c; i++
				continue
			}
			out = out c; i++
		}
		# the function a KNF definition starts at column 0
		if (out ~ /^[A-Za-z_][A-Za-z0-9_]*\(/) {
			fn = out; sub(/\(.*/, "", fn)
		}
		rest = out
		while (match(rest, callre)) {
			m = substr(rest, RSTART, RLENGTH)
			sub(/^[^A-Za-z_]/, "", m); sub(/[ \t]*\($/, "", m)
			rest = substr(rest, RSTART + RLENGTH)
			if ((FILENAME " " fn " " m) in ok)
				continue
			printf "%s:%d: %s() in the library (only src/cli prints or exits)\n", FILENAME, FNR, m
		}
		if (out ~ streamre)
			printf "%s:%d: stdout/stderr in the library (only src/cli prints)\n", FILENAME, FNR
		if (out ~ fdre)
			printf "%s:%d: dprintf to fd 1/2 in the library (only src/cli prints)\n", FILENAME, FNR
	}' "$f"
done >"$tmp" || true
while IFS= read -r l; do problem "$l"; done <"$tmp"

# --- src/cli includes only public headers and its own ---
for f in $(find src/cli -type f -name '*.[ch]' | sort); do
	grep -n '^[ \t]*#[ \t]*include[ \t]*"' "$f" | while IFS= read -r l; do
		h=${l#*\"}; h=${h%%\"*}
		case $h in
		jailtrim/*) [ -f "include/$h" ] && continue ;;
		*/*) ;;
		*) [ -f "src/cli/$h" ] && continue ;;
		esac
		echo "$f:${l%%:*}: includes \"$h\": the CLI uses only" \
		    "include/jailtrim/*.h and its own headers"
	done
done >"$tmp"
while IFS= read -r l; do problem "$l"; done <"$tmp"

# --- the public library exports only jt_* ---
if [ -n "$lib" ]; then
	if [ ! -r "$lib" ]; then
		problem "$lib:0: no such library"
	else
		# -l: FILE:LINE from the debug information, when there is some
		${NM:-nm} -g --defined-only -l "$lib" 2>/dev/null | awk '
		/:$/ { member = $0; sub(/:$/, "", member); next }
		NF >= 3 && $3 !~ /^jt_/ {
			where = (NF >= 4) ? $4 : member ":0"
			# the build directory as the debug information names it
			sub(/^.*\/\.\//, "", where)
			printf "%s: %s is exported: the public library exports only jt_* names\n", where, $3
		}' >"$tmp"
		while IFS= read -r l; do problem "$l"; done <"$tmp"
			fi
fi

if [ "$problems" -ne 0 ]; then
	echo "lint: $problems problem(s)" >&2
	exit 1
fi
echo "lint: ok${lib:+ (and $lib exports only jt_* names)}"
