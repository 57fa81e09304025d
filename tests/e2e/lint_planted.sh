#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# scripts/lint.sh finds what it is for: on a copy of the tree, a planted
# printf, fprintf(stderr) over two lines, abort, err and an _exit outside
# the allow-list in src/lib, and util.h included by the CLI, each named by
# FILE:LINE; words in comments and strings are no calls; a library
# exporting map_get (the internal one, and a small planted one) fails the
# export check while the public libjailtrim.a passes it.
# JT_LIB_PUBLIC and JT_LIB_INTERNAL are set by tests/CMakeLists.txt.
. "$(dirname "$0")/lib.sh"
: "${JT_LIB_PUBLIC:?}" "${JT_LIB_INTERNAL:?}"
w=$JT_TEST_WORK/lint_planted
rm -rf "$w" && mkdir -p "$w/tree" || fail "cannot make $w"
cp -R "$JT_SRCDIR/src" "$JT_SRCDIR/include" "$JT_SRCDIR/scripts" \
    "$JT_SRCDIR/LICENSE" "$w/tree/" || fail "cannot copy the tree"
t=$w/tree
lint() { sh "$t/scripts/lint.sh" "$t" "$@" >"$w/out" 2>&1; }

lint "$JT_LIB_PUBLIC" || { cat "$w/out" >&2; fail "the copy is not clean"; }

# expect_fail WHAT PATTERN...: lint fails and its output has each pattern
expect_fail() {
	what=$1; shift
	! lint "${lib:-}" || fail "$what: lint passed"
	for p in "$@"; do
		grep -q -- "$p" "$w/out" ||
		    { cat "$w/out" >&2; fail "$what: no '$p' in lint's output"; }
	done
}
# plant FILE: keep a copy of FILE to put back (restore)
plant() { cp "$t/$1" "$w/saved" && planted=$1; }
restore() { cp "$w/saved" "$t/$planted"; }

lib=""
f=src/lib/names.c
plant $f
n=$(($(wc -l <"$t/$f") + 1))
cat >>"$t/$f" <<'X'
static void planted1(void) { printf("x"); }
/* exit(1), abort() and printf("%s") in a comment are no calls */
static const char *planted2 = "err(1) in a string is no call";
static void
planted3(void)
{
	fprintf(stderr,
	    "y");
	if (planted2 == NULL) abort(); else err(1, "%s", planted2);
}
X
expect_fail "src/lib prints" "src/lib/names.c:$n: printf()" \
    "src/lib/names.c:$((n + 6)): stdout/stderr" \
    "src/lib/names.c:$((n + 8)): abort()" "src/lib/names.c:$((n + 8)): err()"
[ "$(grep -c 'src/lib/names.c' "$w/out")" -eq 4 ] ||
    { cat "$w/out" >&2; fail "a comment or a string taken for a call"; }
restore

# _exit is allowed in start's forked children only
f=src/lib/start.c
plant $f
n=$(($(wc -l <"$t/$f") + 3))
printf 'static void\nplanted(void)\n{\n\t_exit(1);\n}\n' >>"$t/$f"
expect_fail "_exit outside the allow-list" "src/lib/start.c:$((n + 1)): _exit()"
restore
lint || { cat "$w/out" >&2; fail "the allow-list of start.c does not hold"; }

# the CLI includes only public headers
f=src/cli/main.c
plant $f
printf '#include "util.h"\n' >>"$t/$f"
n=$(wc -l <"$t/$f")
expect_fail "util.h in the CLI" "src/cli/main.c:$n: includes \"util.h\""
restore

# only jt_* exports: the internal library has map_get, the public one not
lib=$JT_LIB_INTERNAL
expect_fail "internal library" "map_get is exported" "lex_next is exported"
lint "$JT_LIB_PUBLIC" || { cat "$w/out" >&2; fail "public library"; }
# and a library made here: one jt_ name and one other
cc=${CC:-cc}
if command -v "$cc" >/dev/null 2>&1 && command -v ar >/dev/null 2>&1; then
	printf 'int jt_planted(void);\nint map_planted(void);\n%s\n%s\n' \
	    'int jt_planted(void) { return (map_planted()); }' \
	    'int map_planted(void) { return (1); }' >"$w/p.c"
	"$cc" -c -o "$w/p.o" "$w/p.c" && ar rc "$w/libp.a" "$w/p.o" ||
	    fail "cannot build the planted library"
	lib=$w/libp.a
	expect_fail "planted library" "map_planted is exported"
	! grep -q "jt_planted" "$w/out" ||
	    { cat "$w/out" >&2; fail "jt_planted reported"; }
fi
rm -rf "$w"
echo "ok: lint finds planted prints, exits, includes and exports"
