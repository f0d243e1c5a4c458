#!/usr/bin/env bash
# bench/threads.sh — how the detectors' slowdown grows with the number of
# threads: hashmap (shared, lock-striped) and private_compute (private
# data), built with -DTHREADS=1, 2, 4 and 8, natively, with clang's TSan and
# with racetest, run interleaved BENCH_REPS times (default 3); prints one
# Markdown table of medians. The machine's core count is printed with it:
# beyond it, threads share cores, and the wall time then measures total
# work, not parallel speed.
#   bench/threads.sh [WORKLOAD...]   (`make bench-threads`)
# Environment: BENCH_REPS, BENCH_OUT (build/bench), CC, TSAN_CLANG,
# RACETEST, MEASURE, BENCH_THREADS ("1 2 4 8").
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
REPS=${BENCH_REPS:-3}
CC=${CC:-cc}
TSAN_CLANG=${TSAN_CLANG:-clang}
RACETEST=${RACETEST:-bin/racetest}
OUT=${BENCH_OUT:-build/bench}/threads
MEASURE=${MEASURE:-build/bench/measure}
COUNTS=${BENCH_THREADS:-1 2 4 8}
export TSAN_OPTIONS="atexit_sleep_ms=0${TSAN_OPTIONS:+ $TSAN_OPTIONS}"
die() { echo "bench/threads: $*" >&2; exit 2; }
[ -x "$MEASURE" ] || die "no $MEASURE (make bench-threads builds it)"
WORKLOADS=("$@"); [ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(hashmap private_compute)
mkdir -p "$OUT" || die "cannot create $OUT"
BUILDS=(native clang-tsan racetest)
declare -A WALL=()
for w in "${WORKLOADS[@]}"; do
    src=bench/workloads/$w.c
    grep -q '^#ifndef THREADS' "$src" || die "$src has no overridable THREADS"
    for n in $COUNTS; do
        for b in "${BUILDS[@]}"; do
            out=$OUT/$b-$w-$n
            case $b in
            native) cmd=($CC -O2 -g -pthread -DTHREADS="$n" -o "$out" "$src") ;;
            clang-tsan) cmd=("$TSAN_CLANG" -O2 -g -fsanitize=thread -pthread -DTHREADS="$n" -o "$out" "$src") ;;
            racetest) cmd=("$RACETEST" build -o "$out" -O2 -DTHREADS="$n" "$src") ;;
            esac
            "${cmd[@]}" >"$out.log" 2>&1 || die "build failed: ${cmd[*]} (see $out.log)"
        done
    done
done
for rep in $(seq 1 "$REPS"); do
    echo "bench/threads: repetition $rep/$REPS" >&2
    for w in "${WORKLOADS[@]}"; do for n in $COUNTS; do for b in "${BUILDS[@]}"; do
        line=$("$MEASURE" -t 120 -o /dev/null -e "$OUT/$b-$w-$n.err" -- "$OUT/$b-$w-$n")
        [[ $line == *status=0* ]] || die "$b $w THREADS=$n failed: $line"
        WALL[$b:$w:$n]+="$(sed -E 's/.*wall_s=([0-9.]+).*/\1/' <<<"$line") "
    done; done; done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "### Slowdown by thread count ($(nproc) cores; median of $REPS runs)"
echo
echo "| workload | threads | native (s) | clang TSan (s) | racetest (s) | clang TSan / native | racetest / native | racetest / clang TSan |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for w in "${WORKLOADS[@]}"; do for n in $COUNTS; do
    a=$(median <<<"${WALL[native:$w:$n]}"); c=$(median <<<"${WALL[clang-tsan:$w:$n]}"); r=$(median <<<"${WALL[racetest:$w:$n]}")
    awk -v w="$w" -v n="$n" -v a="$a" -v c="$c" -v r="$r" \
        'BEGIN { printf "| %s | %d | %.3f | %.3f | %.3f | %.2f× | %.2f× | %.2f× |\n", w, n, a, c, r, c / a, r / a, r / c }'
done; done
