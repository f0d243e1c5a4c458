#!/usr/bin/env bash
# bench/record.sh — runs bench/run.sh and writes its tables, with a
# description of the machine and toolchain, to bench/RESULTS.md.
#   bench/record.sh [WORKLOAD...]     (what `make bench-record` runs)
# The file is written even when some run failed (its cells say so), and the
# exit status is run.sh's.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

tables=$(mktemp) || exit 2
trap 'rm -f "$tables"' EXIT
cmd="BENCH_REPS=${BENCH_REPS:-5} bench/run.sh${*:+ $*}"
real_tables=$(mktemp) || exit 2
trap 'rm -f "$tables" "$real_tables"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
bench/run.sh "$@" >"$tables"
rc=$?
# The real program (zstd), unless BENCH_REAL=0; its failure to set up (no
# network, no deb-src) leaves its section out with the reason.
real_rc=skipped
if [ "${BENCH_REAL:-1}" != 0 ]; then
    bench/real/run.sh >"$real_tables"
    real_rc=$?
    [ $real_rc -eq 1 ] && rc=1
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
if [ $rc -eq 2 ] || [ ! -s "$tables" ]; then
    echo "bench-record: bench/run.sh failed (status $rc); bench/RESULTS.md left as it was" >&2
    exit $rc
fi

version() { "$@" 2>/dev/null | head -n 1; }
cpu=$(sed -n -E 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain 2>/dev/null)" ] && commit+=" (with uncommitted changes)"
{
    echo "# racetest benchmark results"
    echo
    echo "Written by \`make bench-record\`, i.e. \`$cmd\`. Each cell is the"
    echo "median of the runs; the builds of a workload run interleaved, every run"
    echo "checked for exit status 0, no race report and the native build's checksum."
    echo "Slowdown and memory ratios divide the medians; the last row is their"
    echo "geometric mean. Peak RSS is wait4()'s ru_maxrss of the program"
    echo "(bench/measure.c). The machine is shared and noisy: compare columns of one"
    echo "run rather than runs of different days."
    echo
    echo "## Machine"
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
    echo "| CPU | ${cpu:-unknown} |"
    echo "| cores | $(nproc) |"
    echo "| memory | $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
    echo "| kernel | $(uname -sr) |"
    echo "| load average (1/5/15 min) | $load_before before, $load_after after |"
    echo "| native compiler | $(version ${CC:-cc} --version) |"
    echo "| gcc (TSan) | $(version ${TSAN_GCC:-gcc} --version) |"
    echo "| clang (TSan) | $(version ${TSAN_CLANG:-clang} --version || true) |"
    echo "| go | $(version go version || echo 'not installed') |"
    echo "| racetest | commit $commit |"
    echo "| TSAN_OPTIONS | atexit_sleep_ms=0${TSAN_OPTIONS:+ $TSAN_OPTIONS} |"
    echo "| RACETEST_OPTIONS | ${RACETEST_OPTIONS:-(unset)} |"
    echo
    echo "## Results"
    echo
    cat "$tables"
    echo "### Real program: zstd 1.5.4 (Debian source package), \`bench/real/run.sh\`"
    echo
    if [ -s "$real_tables" ]; then
        echo "16 MiB of zstd's own datagen output (50% compressible); compression with two"
        echo "worker threads, then decompression of the native build's output; every"
        echo "run's bytes checked. Same interleaving and medians as above."
        echo
        cat "$real_tables"
    else
        echo "Not measured ($([ "$real_rc" = skipped ] && echo 'BENCH_REAL=0' || echo "bench/real/run.sh failed with status $real_rc")."
        echo
    fi
    echo "## Workloads"
    echo
    for f in bench/workloads/*.c; do
        # line 2 of the header comment: " * Workload N — title."
        title=$(sed -n -E '2s/^ \* Workload ([0-9]+) — (.*)$/\1\t\2/p' "$f")
        printf '%s\t%s\n' "${title:-99	?}" "$(basename "$f")"
    done | sort -n | while IFS=$'\t' read -r n title file; do
        echo "$n. \`$file\` — $title"
    done
    echo
    echo "Builds: native \`${CC:-cc} -O2 -g -pthread\`; gcc TSan \`gcc -O2 -g -fsanitize=thread -pthread\`;"
    echo "clang TSan \`clang -O2 -g -fsanitize=thread -pthread\`; racetest \`bin/racetest build -O2\` (gcc);"
    echo "racetest (clang) \`RACETEST_CC=clang bin/racetest build -O2\`: the same instrumentation as clang TSan,"
    echo "so that its ratio to clang TSan compares the runtimes alone."
} >bench/RESULTS.md
echo "bench-record: wrote bench/RESULTS.md" >&2
exit $rc
