#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Benchmarks, printed as ratios against a baseline measured in the same run.
#   deps-txz:  `jailtrim deps` of sshd straight from base.txz, against
#              `xz -dc` of the same file (goal <= 1.2)
#   deps-all:  wall time of `deps --all` over the extracted base, warm
#              (goal <= 0.3 s)
#   build:     `jailtrim build -p sshd` of a jail directory straight from
#              base.txz, against `xz -dc` of the same file (goal <= 1.5),
#              and its peak memory
#   deps-chain: `deps --all` of a chain of 2,000 libraries (each needs the
#              one before) against one of 1,000: 4 when quadratic (the
#              closures' total size), 8 when cubic (goal <= 5)
# Each figure is the median of N runs (default 5).  Usage:
#   scripts/bench.sh [BUILD_DIR]      (default: build)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
J=$build/src/cli/jailtrim
TXZ=${JT_FIXTURE_TXZ:-../shared/fixtures/freebsd-10.1-amd64-base.txz}
N=${BENCH_RUNS:-5}
[ -x "$J" ] || { echo "bench: build first ($J missing)" >&2; exit 1; }
[ -f "$TXZ" ] || { echo "bench: fixture $TXZ missing" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

now() { date +%s.%N; }

# median_time CMD...: median wall seconds of N runs of CMD (output dropped)
median_time() {
	i=0
	while [ $i -lt "$N" ]; do
		t0=$(now)
		"$@" >/dev/null 2>&1 || [ $? -eq 3 ]
		t1=$(now)
		echo "$t0 $t1" | awk '{ printf "%.4f\n", $2 - $1 }'
		i=$((i + 1))
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# peak_kb CMD...: maximum resident set size in KiB
peak_kb() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
}

echo "jailtrim benchmarks ($N runs each, median; $(nproc) cores)"

xz_s=$(median_time xz -dc "$TXZ")
txz_s=$(median_time "$J" deps -s "$TXZ" -f list /usr/sbin/sshd)
echo "$txz_s $xz_s" | awk '{ printf "deps-txz: %.3f s vs xz -dc %.3f s: ratio %.2f (goal <= 1.2)\n", $1, $2, $1 / $2 }'
if [ -x /usr/bin/time ]; then
	echo "deps-txz: peak RSS $(peak_kb "$J" deps -s "$TXZ" -f list /usr/sbin/sshd) KiB"
fi

build_sshd() {
	rm -rf "$work/jail"
	"$J" build -q -s "$TXZ" -p sshd -n sshd -o "$work/jail"
}
build_s=$(median_time build_sshd)
echo "$build_s $xz_s" | awk '{ printf "build:    %.3f s vs xz -dc %.3f s: ratio %.2f (goal <= 1.5)\n", $1, $2, $1 / $2 }'
if [ -x /usr/bin/time ]; then
	rm -rf "$work/jail"
	echo "build:    peak RSS $(peak_kb "$J" build -q -s "$TXZ" -p sshd -n sshd -o "$work/jail") KiB"
fi

tar -xJf "$TXZ" -C "$work" --warning=no-unknown-keyword 2>/dev/null ||
    tar -xJf "$TXZ" -C "$work"
"$J" deps -s "$work" --all -f list >/dev/null 2>&1 || true	# warm the cache
all_s=$(median_time "$J" deps -s "$work" --all -f list)
echo "$all_s" | awk '{ printf "deps-all: %.3f s warm over the extracted base (goal <= 0.3)\n", $1 }'

# chain DIR N: DIR/usr/lib/libchNNNNN.so, each needing the one before.
chain() {
	mkdir -p "$1/usr/lib" "$work/obj"
	echo 'int f(void) { return 1; }' >"$work/obj/f.c"
	(cd "$work/obj" &&
	    cc -shared -fPIC -nostdlib -s -o libchYYYYY.so \
	    -Wl,-soname,libchYYYYY.so f.c &&
	    cc -shared -fPIC -nostdlib -s -o top.so -Wl,-soname,libchXXXXX.so \
	    -Wl,--no-as-needed f.c -L. -lchYYYYY) &&
	perl -e '
		my ($n, $obj, $out) = @ARGV; local $/;
		open(my $f, "<", "$obj/top.so") or die; my $top = <$f>;
		open($f, "<", "$obj/libchYYYYY.so") or die; my $base = <$f>;
		for my $i (0 .. $n - 1) {
			my ($x, $y) = (sprintf("%05d", $i), sprintf("%05d", $i - 1));
			my $b = $i ? $top : $base;
			if ($i) { $b =~ s/XXXXX/$x/g; $b =~ s/YYYYY/$y/g }
			else { $b =~ s/YYYYY/$x/g }
			open(my $o, ">", "$out/libch$x.so") or die; print $o $b;
		}' "$2" "$work/obj" "$1/usr/lib"
}
if command -v cc >/dev/null && command -v perl >/dev/null &&
    chain "$work/c1000" 1000 && chain "$work/c2000" 2000; then
	c1_s=$(median_time "$J" deps -s "$work/c1000" --all -f list)
	c2_s=$(median_time "$J" deps -s "$work/c2000" --all -f list)
	echo "$c2_s $c1_s" | awk '{ printf "deps-chain: %.3f s for 2,000 libraries vs %.3f s for 1,000: ratio %.2f (quadratic 4, cubic 8; goal <= 5)\n", $1, $2, $1 / $2 }'
else
	echo "deps-chain: skipped (cc or perl missing)"
fi
