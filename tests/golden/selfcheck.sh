#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The golden net catches a change: over the fast cases (those needing
# neither the fixture nor host programs), jailtrim printing one byte
# differently makes exactly the case that ran that command fail, with a
# unified diff naming it; a changed expectation does the same; unchanged,
# all pass.  (ctest: golden_selfcheck.)
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../e2e/lib.sh"
W=$JT_TEST_WORK/golden-selfcheck
rm -rf "$W" && mkdir -p "$W/cases" || fail mkdir
REAL=$JAILTRIM
unset JT_GOLDEN_UPDATE

FAST=
for c in "$HERE"/*/cmd; do
	d=$(dirname "$c") n=$(basename "$d")
	grep -q '@FIXTURE@\|@ROOT@\|@JAIL@' "$d/cmd" "$d/setup" 2>/dev/null && continue
	# host-dependent rules need host programs; "columns" does not
	grep -qvx columns "$d/normalise" 2>/dev/null && continue
	cp -R "$d" "$W/cases/$n" || fail cp
	FAST="$FAST $n"
done
[ "$(echo $FAST | wc -w)" -ge 10 ] || fail "too few fast cases:$FAST"

# The wrapper changes one byte (its first 'u' becomes 'v') of what
# jailtrim prints on stdout when its arguments are exactly $FLIP.
cat > "$W/jt" <<EOF
#!/bin/sh
if [ "\$*" = "\${FLIP:-}" ]; then
	"$REAL" "\$@" > "$W/flip.out"; rc=\$?
	sed '1s/u/v/' "$W/flip.out"; exit \$rc
fi
exec "$REAL" "\$@"
EOF
chmod +x "$W/jt"

# run_all: the names of the fast cases that fail, in $FAILED; their
# messages in $W/CASE.log.
run_all() {
	FAILED=
	for n in $FAST; do
		JAILTRIM=$W/jt JT_GOLDEN_DIR=$W/cases \
		    sh "$HERE/run.sh" "$n" >"$W/$n.log" 2>&1 ||
		    FAILED="$FAILED $n"
	done
}

# A case failing as it is fails in its own test; leave it out here, so a
# real change of output fails one test, not this one too.
FLIP= run_all
for n in $FAILED; do
	note "left out: $n fails unchanged (its own test says why)"
	FAST=$(echo "$FAST" | sed "s/ $n\( \|\$\)/ /")
	rm -rf "$W/cases/$n"
done
for n in profiles_list usage_verify; do
	echo "$FAST" | grep -qw "$n" || skip "$n fails as it is"
done

# One byte of an output: the first line "jailtrim profiles" prints.
export FLIP=profiles
run_all
[ "$FAILED" = " profiles_list" ] ||
    fail "one byte of 'jailtrim profiles' output changed: failed:${FAILED:- none}"
L=$W/profiles_list.log
assert_grep '^--- expected/profiles_list/stdout$' "$L"
assert_grep '^\+\+\+ actual/profiles_list/stdout$' "$L"
assert_grep '^-base  freebsd,linux ' "$L"
assert_grep '^\+base  freebsd,linvx ' "$L"
assert_grep 'golden profiles_list: FAIL' "$L"
unset FLIP

# One byte of an expectation (here an exit status) does the same.
printf '3\n' > "$W/cases/usage_verify/status"
run_all
[ "$FAILED" = " usage_verify" ] ||
    fail "one byte of an expectation changed: failed:${FAILED:- none}"
assert_grep '^\+2$' "$W/usage_verify.log"
echo "golden_selfcheck: ok (fast cases:$FAST)"
