#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# jailtrim(8)'s SYNOPSIS names, for each command, exactly the options its
# `jailtrim COMMAND -h` names (the usage text is kept next to getopt's
# table; the page was not: verify lacked -n and --rc).
. "$(dirname "$0")/lib.sh"
command -v mandoc >/dev/null 2>&1 ||
    skip "mandoc not installed (scripts/install-test-deps.sh installs it)"
W=$JT_TEST_WORK/doc_synopsis
rm -rf "$W" && mkdir -p "$W" || fail mkdir
# The SYNOPSIS, one line per "jailtrim COMMAND ..." form.
mandoc -T ascii "$JT_SRCDIR/man/jailtrim.8" | col -b |
    awk '/^SYNOPSIS/{f=1;next} /^[A-Z]/{f=0} f' |
    awk '/^     jailtrim /{if (l) print l; l=$0; next} {l=l" "$0} END{print l}' \
    >"$W/synopsis" || fail "render jailtrim.8"
opts() { grep -oE '(^|[[ |])--?[a-zA-Z][a-z0-9-]*' | tr -d '[ |' | sort -u; }
for cmd in deps build verify shrink restore profiles; do
	"$JAILTRIM" "$cmd" -h >"$W/$cmd.h" 2>&1
	# restore's usage also appears under shrink -h: one form per command
	awk '/^(usage:)? +jailtrim /{if (l) print l; l=$0; next} {l=l" "$0}
	    END{print l}' "$W/$cmd.h" |
	    grep -E "jailtrim $cmd( |$)" | opts >"$W/$cmd.want"
	[ -s "$W/$cmd.want" ] || fail "$cmd -h names no option"
	grep -E "^ +jailtrim $cmd( |$)" "$W/synopsis" | opts >"$W/$cmd.have"
	diff "$W/$cmd.want" "$W/$cmd.have" >"$W/$cmd.diff" || {
		cat "$W/$cmd.diff" >&2
		fail "jailtrim.8 SYNOPSIS of $cmd differs from '$cmd -h' (< -h, > page)"
	}
done
echo "ok: every command's SYNOPSIS matches its -h"
