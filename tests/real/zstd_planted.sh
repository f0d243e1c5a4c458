#!/usr/bin/env bash
# tests/real/zstd_planted.sh — issue 14's real-program check: zstd with a
# planted race, built with `racetest cc` and run with default options;
# every report must show the previous access's stack.
#
#   tests/real/zstd_planted.sh       (`make real-planted`; about 3 minutes
#                                     with the build, so not in make check)
#
# The planted bug (tests/real/zstd_planted.patch, ours): the worker of
# zstd's multithreaded compressor (lib/compress/zstdmt_compress.c,
# ZSTDMT_compressionJob) updates its job's progress, cSize and consumed,
# without taking job_mutex, while the main thread reads them under it to
# decide what to flush. The source is Debian's package, fetched by
# bench/real/fetch.sh into a cache outside the repository, and built as
# bench/real/run.sh builds it (bench/real/zstd_build.sh), with -O2 -g.
# Input: zstd's datagen, REAL_INPUT_MIB (16) MiB of 50% compressibility.
# Each of PLANTED_RUNS (5) runs is `zstd -3 -T2` (two workers) with the
# detector's default options (RACETEST_OPTIONS and TSAN_OPTIONS unset but
# for TSan's atexit_sleep_ms=0). Printed, per build and run: the exit
# status, the race reports, and those whose previous stack was restored
# (not "[failed to restore the stack]"); then the totals per build.
#
# Environment: PLANTED_BUILDS ("racetest"; "racetest gcc-tsan" adds gcc's
# ThreadSanitizer on the same patched source, for comparison),
# PLANTED_RUNS (5), REAL_INPUT_MIB (16), PLANTED_OUT (build/real), RACETEST,
# RACETEST_RT, TSAN_GCC (gcc), RACETEST_REAL_CACHE (fetch.sh),
# PLANTED_TIMEOUT (600 s per run).
# Exit status: 0 when racetest reported the race in every run and restored
# every previous stack (tests/real/RESULTS.md has the runs); 1 otherwise;
# 2 setup error.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

BUILDS=${PLANTED_BUILDS:-racetest}
RUNS=${PLANTED_RUNS:-5}
MIB=${REAL_INPUT_MIB:-16}
TIMEOUT=${PLANTED_TIMEOUT:-600}
TSAN_GCC=${TSAN_GCC:-gcc}
RACETEST=$(realpath "${RACETEST:-bin/racetest}")
RACETEST_RT=$(realpath "${RACETEST_RT:-lib/racetest/libracetest_rt.a}")
OUT=$(realpath -m "${PLANTED_OUT:-build/real}")
PATCH=$(realpath tests/real/zstd_planted.patch)

die() { printf 'zstd_planted: %s\n' "$*" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "PLANTED_RUNS must be a positive integer"
[[ $MIB =~ ^[1-9][0-9]*$ ]] || die "REAL_INPUT_MIB must be a positive integer"
[[ " $BUILDS " == *" racetest "* ]] || die "PLANTED_BUILDS must include racetest (got '$BUILDS')"
[ -x "$RACETEST" ] && [ -f "$RACETEST_RT" ] || die "no $RACETEST or $RACETEST_RT (run make)"
src=$(bench/real/fetch.sh zstd) || die "no zstd source (see the message above)"
mkdir -p "$OUT" || die "cannot create $OUT"

. bench/real/zstd_build.sh
declare -A BIN=() REPORT=() LOST=()
for b in $BUILDS; do
    case $b in
    racetest)
        BIN[$b]=$(zstd_build "planted, $b" "$src" "$OUT/src-planted-$b" "$RACETEST $RACETEST_RT" \
            "$RACETEST cc" "-O2 -g" "" "$PATCH") || exit 2
        REPORT[$b]='^WARNING: DATA RACE$' LOST[$b]='^  \[failed to restore the stack\]$' ;;
    gcc-tsan)
        BIN[$b]=$(zstd_build "planted, $b" "$src" "$OUT/src-planted-$b" "" \
            "$TSAN_GCC" "-O2 -g -fsanitize=thread" "-fsanitize=thread" "$PATCH") || exit 2
        REPORT[$b]='^WARNING: ThreadSanitizer: data race' LOST[$b]='^    \[failed to restore the stack\]$' ;;
    *) die "unknown build '$b' in PLANTED_BUILDS (racetest, gcc-tsan)" ;;
    esac
done
datagen=$(zstd_datagen "$src" "$OUT") || exit 2
input=$OUT/input.bin
"$datagen" -g"${MIB}M" -P50 -s1 >"$input" 2>/dev/null || die "datagen failed"

echo "zstd $(basename "$src") with tests/real/zstd_planted.patch, \`zstd -3 -T2\` of $MIB MiB, default options"
echo
echo "| build | run | exit status | reports | previous stack restored |"
echo "|---|---:|---:|---:|---:|"
declare -A TOTAL=() RESTORED=() SILENT=()
for run in $(seq 1 "$RUNS"); do
    for b in $BUILDS; do
        err=$OUT/planted-$b.$run.err
        env -u RACETEST_OPTIONS TSAN_OPTIONS=atexit_sleep_ms=0 \
            timeout -k 5 "$TIMEOUT" "${BIN[$b]}" -3 -T2 -q -f "$input" -o "$OUT/planted-$b.zst" 2>"$err"
        rc=$?
        n=$(grep -cE "${REPORT[$b]}" "$err")
        lost=$(grep -cE "${LOST[$b]}" "$err")
        echo "| $b | $run | $rc | $n | $((n - lost)) |"
        TOTAL[$b]=$((${TOTAL[$b]:-0} + n)) RESTORED[$b]=$((${RESTORED[$b]:-0} + n - lost))
        [ "$n" -eq 0 ] && SILENT[$b]=$((${SILENT[$b]:-0} + 1))
    done
done
echo
for b in $BUILDS; do
    t=${TOTAL[$b]} r=${RESTORED[$b]}
    echo "$b: previous stack restored in $r of $t reports ($(awk -v r="$r" -v t="$t" 'BEGIN { printf "%.0f", t ? 100 * r / t : 0 }')%)," \
        "runs without a report: ${SILENT[$b]:-0} (reports in $OUT/planted-$b.*.err)"
done
[ "${TOTAL[racetest]}" -gt 0 ] && [ "${RESTORED[racetest]}" -eq "${TOTAL[racetest]}" ] && [ -z "${SILENT[racetest]:-}" ]
