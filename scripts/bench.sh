#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Benchmarks of issue 16, each printed as a ratio against a baseline
# measured in the same run (so a loaded or slow machine still compares):
#   single:  `deps` and `build -p sshd` from the fixture's single-block
#            base.txz vs `xz -dc` of it (goal: build <= 1.1)
#   multi:   the same from a multi-block copy (`xz -T2 --block-size`, what
#            FreeBSD's release build writes) vs `xz -dc` (goal: build <= 0.6)
#            and vs `xz -dc -T$(nproc)` (about 1.1 on 2 cores)
#   rss:     peak RSS of the sshd build from the fixture and from a tarball
#            of three times the fixture (the root plus two copies under
#            /c1 and /c2) (goal: <= 100 MB both, flat)
#   deps-all: `deps --all` over the extracted fixture and over the
#            three-times tree (goal: <= 3.3x, linear)
#   deps-chain: `deps --all` of a chain of 2,000 libraries (each needs the
#            one before) against one of 1,000: 4 when quadratic (goal <= 5)
#   fleet:   `build FLEET` of four jails (sshd, unbound, ntpd, an rc sshd)
#            from the fixture in one pass vs the single sshd build above
#            (issue 15, goal: <= 1.4), and its peak RSS (goal <= 100 MB)
#   cached:  `build -p sshd` from the fixture again, with the source cache
#            a first build filled (--cache in a temporary directory) vs
#            `xz -dc` (goal: <= 0.25); and another jail (unbound; an rc
#            jail) from the multi-block copy with a cache the sshd jail
#            filled, vs `xz -dc` of that copy (goal: <= 0.25); every other
#            line runs without a cache
# Each time is the median of N runs (BENCH_RUNS, default 3); the
# multi-block copy is made here unless BENCH_MULTI_TXZ names one.  Usage:
#   scripts/bench.sh [--check] [--quick] [BUILD_DIR]   (default: build)
# --check exits 1 when a goal is missed by more than 20 %; --quick runs
# each command once and leaves out the three-times base and the chain.
set -eu
usage() {
	sed -n '3,/^set -eu/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}
check=0 quick=0
while [ $# -gt 0 ]; do
	case $1 in
	--check) check=1 ;;
	--quick) quick=1 ;;
	-h|--help) usage; exit 0 ;;
	-*) usage >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
cd "$(dirname "$0")/.."
build=${1:-build}
J=$build/src/cli/jailtrim
case $J in /*) ;; *) J=$PWD/$J ;; esac
TXZ=${JT_FIXTURE_TXZ:-../shared/fixtures/freebsd-10.1-amd64-base.txz}
N=${BENCH_RUNS:-3}
[ $quick -eq 1 ] && N=1
NCPU=$(nproc)
# The profiles of this tree, whichever binary is measured.
JAILTRIM_PROFILES=$PWD/profiles
export JAILTRIM_PROFILES
# No source cache but where the cached line asks for one.
JAILTRIM_CACHE=off
export JAILTRIM_CACHE
[ -x "$J" ] || { echo "bench: build first ($J missing)" >&2; exit 1; }
[ -f "$TXZ" ] || { echo "bench: fixture $TXZ missing" >&2; exit 1; }
command -v xz >/dev/null || { echo "bench: xz missing" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
	chattr -R -i "$work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

missed=0
now() { date +%s.%N; }

# median_time CMD...: median wall seconds of N runs of CMD (output dropped)
median_time() {
	i=0
	while [ $i -lt "$N" ]; do
		t0=$(now)
		if "$@" >/dev/null 2>&1 || [ $? -eq 3 ]; then
			t1=$(now)
			echo "$t0 $t1" | awk '{ printf "%.4f\n", $2 - $1 }'
		else		# a failed run counts as a missed goal
			echo "bench: failed: $*" >&2
			echo 9999
		fi
		i=$((i + 1))
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# peak_kb CMD...: maximum resident set size in KiB (getrusage of the
# child, through /usr/bin/time or python3's os.wait4)
peak_kb() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
	else
		python3 -c 'import os, sys
pid = os.fork()
if pid == 0:
    fd = os.open("/dev/null", os.O_WRONLY)
    os.dup2(fd, 1); os.dup2(fd, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
print(os.wait4(pid, 0)[2].ru_maxrss)' "$@"
	fi
}

# ratio NAME A B GOAL: print A/B, and note a miss of GOAL by > 20 %
ratio() {
	echo "$2 $3 $4" | awk -v n="$1" '{
		r = $1 / $2; miss = ($3 != "-" && r > $3 * 1.2)
		printf "%-28s %7.3f s vs %7.3f s: ratio %.2f%s%s\n", n, $1, $2,
		    r, ($3 != "-" ? sprintf(" (goal <= %s)", $3) : ""),
		    (miss ? "  MISSED" : "")
		exit miss }' || missed=$((missed + 1))
}

# rss NAME KIB GOAL_MB
rss() {
	echo "$2 $3" | awk -v n="$1" '{
		mb = $1 / 1024; miss = (mb > $2 * 1.2)
		printf "%-28s peak RSS %6.1f MB (goal <= %d MB)%s\n", n, mb, $2,
		    (miss ? "  MISSED" : "")
		exit miss }' || missed=$((missed + 1))
}

build_from() {
	rm -rf "$work/jail"
	"$J" build -q -s "$1" -p sshd -n sshd -o "$work/jail"
}

echo "jailtrim benchmarks ($N runs each, median; $NCPU cores;" \
    "load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?))"

# The single-block fixture.
xz_s=$(median_time xz -dc "$TXZ")
deps_s=$(median_time "$J" deps -s "$TXZ" -f list /usr/sbin/sshd)
build_s=$(median_time build_from "$TXZ")
ratio "single: deps vs xz -dc" "$deps_s" "$xz_s" -
ratio "single: build vs xz -dc" "$build_s" "$xz_s" 1.1

# A multi-block copy: what `xz -T0` writes (8 MiB blocks here, so that the
# fixture's 265 MB make about 34 blocks, as in the issue).
# BENCH_MULTI_TXZ names one made before (compressing takes a while).
multi=${BENCH_MULTI_TXZ:-$work/multi.txz}
[ -f "$multi" ] ||
    xz -dc "$TXZ" | xz -T2 -6 --block-size=8MiB >"$multi"
mxz_s=$(median_time xz -dc "$multi")
mxzt_s=$(median_time xz -dc -T"$NCPU" "$multi")
mdeps_s=$(median_time "$J" deps -s "$multi" -f list /usr/sbin/sshd)
mbuild_s=$(median_time build_from "$multi")
ratio "multi: deps vs xz -dc" "$mdeps_s" "$mxz_s" -
ratio "multi: build vs xz -dc" "$mbuild_s" "$mxz_s" 0.6
ratio "multi: build vs xz -dc -T$NCPU" "$mbuild_s" "$mxzt_s" 1.1

# A fleet of four from one base.txz: one decompression, four plans.
mkdir -p "$work/fleet"
cat >"$work/fleet/four.jail" <<JAIL
source    $(cd "$(dirname "$TXZ")" && pwd)/$(basename "$TXZ")
output    dir out/\${name}
ip4-plan  lo1 127.0.1.0/24
jail ssh {
	profile sshd
}
jail dns {
	profile unbound
}
jail ntp {
	include /usr/sbin/ntpd
}
jail shell {
	profile sshd
	mode    rc
}
JAIL
fleet_build() {
	rm -rf "$work/fleet/out" && mkdir "$work/fleet/out" &&
	    "$J" build -q "$work/fleet/four.jail"
}
fleet_s=$(median_time fleet_build)
ratio "fleet: 4 jails vs 1 build" "$fleet_s" "$build_s" 1.4
rm -rf "$work/fleet/out" && mkdir "$work/fleet/out"
rss "rss: fleet of 4 from fixture" "$(peak_kb "$J" build -q \
    "$work/fleet/four.jail")" 100
rm -rf "$work/fleet"

# Peak memory.
rm -rf "$work/jail"
rss "rss: build from fixture" "$(peak_kb "$J" build -q -s "$TXZ" -p sshd \
    -n sshd -o "$work/jail")" 100
rm -rf "$work/jail"

if [ $quick -eq 0 ]; then
	mkdir "$work/x1" "$work/x3"
	tar -xJf "$TXZ" -C "$work/x1" 2>/dev/null
	chattr -R -i "$work/x1" 2>/dev/null || true
	cp -a "$work/x1/." "$work/x3/"
	mkdir "$work/x3/c1" "$work/x3/c2"
	cp -a "$work/x1/." "$work/x3/c1/"
	cp -a "$work/x1/." "$work/x3/c2/"
	# Real copies, not hard links (a link member carries no content).
	if command -v zstd >/dev/null; then
		x3=$work/x3.tar.zst
		tar -C "$work/x3" -cf - . | zstd -q -T2 -3 >"$x3"
	else
		x3=$work/x3.tar
		tar -C "$work/x3" -cf "$x3" .
	fi
	rss "rss: build from 3x tarball" "$(peak_kb "$J" build -q -s "$x3" \
	    -p sshd -n sshd -o "$work/jail")" 100
	rm -rf "$work/jail" "$x3"

	"$J" deps -s "$work/x1" --all -f list >/dev/null 2>&1 || true	# warm
	"$J" deps -s "$work/x3" --all -f list >/dev/null 2>&1 || true
	a1_s=$(median_time "$J" deps -s "$work/x1" --all -f list)
	a3_s=$(median_time "$J" deps -s "$work/x3" --all -f list)
	ratio "deps-all: 3x tree vs 1x" "$a3_s" "$a1_s" 3.3
fi

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
if [ $quick -eq 1 ]; then
	:
elif command -v cc >/dev/null && command -v perl >/dev/null &&
    chain "$work/c1000" 1000 && chain "$work/c2000" 2000; then
	c1_s=$(median_time "$J" deps -s "$work/c1000" --all -f list)
	c2_s=$(median_time "$J" deps -s "$work/c2000" --all -f list)
	ratio "deps-chain: 2,000 vs 1,000" "$c2_s" "$c1_s" 5
else
	echo "deps-chain: skipped (cc or perl missing)"
fi
# The cached rebuild: one cold build fills the cache, then the median of
# N rebuilds that find it.
cached_build() {
	rm -rf "$work/jail"
	"$J" build -q -s "$TXZ" -p sshd -n sshd -o "$work/jail" \
	    --cache "$work/cache"
}
rm -rf "$work/cache"
cached_build >/dev/null 2>&1 || echo "bench: failed: cold cached build" >&2
cached_s=$(median_time cached_build)
ratio "cached: rebuild vs xz -dc" "$cached_s" "$xz_s" 0.25
# Another jail from the multi-block copy, its cache filled by the sshd
# jail only: what the cache lacks comes from the xz blocks that hold it.
# Each run starts from a copy of that cache (the copy is timed too).
rm -rf "$work/mcache" "$work/jail"
"$J" build -q -s "$multi" -p sshd -n sshd -o "$work/jail" \
    --cache "$work/mcache" >/dev/null 2>&1 ||
    echo "bench: failed: sshd build filling the cache" >&2
other_build() {
	rm -rf "$work/jail" "$work/mc" && cp -a "$work/mcache" "$work/mc" &&
	    "$J" build -q -s "$multi" -n other -o "$work/jail" \
	    --cache "$work/mc" "$@"
}
unbound_s=$(median_time other_build -p unbound)
rc_s=$(median_time other_build -p rc --rc)
ratio "cached: unbound jail vs xz -dc" "$unbound_s" "$mxz_s" 0.25
ratio "cached: rc jail vs xz -dc" "$rc_s" "$mxz_s" 0.25

if [ $missed -gt 0 ]; then
	echo "bench: $missed goal(s) missed by more than 20 %"
	[ $check -eq 1 ] && exit 1
fi
exit 0
