#!/usr/bin/env bash
# bench/real/run.sh — a real program under each detector: zstd's
# multithreaded command-line tool, from Debian's source package.
#
#   bench/real/run.sh          (what `make bench` and `make bench-record` run
#                               after the workloads; never part of make check)
#
# The source comes from bench/real/fetch.sh (apt-get source into a cache
# outside the repository). The CLI is built four ways (bench/real/zstd_build.sh)
# from one copy of the tree per build, with the same -O2 -g, without the
# optional zlib/lzma/lz4 formats:
#   native      $CC
#   gcc-tsan    gcc -fsanitize=thread
#   clang-tsan  clang -fsanitize=thread
#   racetest    bin/racetest cc
# Its own datagen tool (built natively) writes a 16 MiB input of 50%
# compressibility. Each repetition runs, for every build in turn,
# `zstd -3 -T2` (compression, two worker threads) and then `zstd -d` of the
# native build's output (decompression), and checks that the compressed
# bytes decompress to the input and that no detector reported anything.
# The builds run interleaved; the tables give medians of wall time and peak
# RSS (bench/measure.c) with ratios to native and racetest's to each TSan.
#
# Environment: BENCH_REPS (5), BENCH_BUILDS, BENCH_OUT (build/bench), CC,
# TSAN_GCC, TSAN_CLANG, RACETEST, RACETEST_RT (the racetest build is redone
# when either is newer), MEASURE, BENCH_TIMEOUT (300),
# REAL_INPUT_MIB (16), RACETEST_REAL_CACHE (see fetch.sh).
# Exit status: 0 clean; 1 a run failed, reported or gave wrong bytes (its
# cell is marked); 2 setup error (no source, a build failed).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

REPS=${BENCH_REPS:-5}
TIMEOUT=${BENCH_TIMEOUT:-300}
CC=${CC:-cc}
TSAN_GCC=${TSAN_GCC:-gcc}
TSAN_CLANG=${TSAN_CLANG:-clang}
RACETEST=$(realpath "${RACETEST:-bin/racetest}")
RACETEST_RT=$(realpath "${RACETEST_RT:-lib/racetest/libracetest_rt.a}")
OUT=$(realpath -m "${BENCH_OUT:-build/bench}")/real
MEASURE=$(realpath "${MEASURE:-build/bench/measure}")
BUILDS=${BENCH_BUILDS:-native gcc-tsan clang-tsan racetest}
MIB=${REAL_INPUT_MIB:-16}

export TSAN_OPTIONS="atexit_sleep_ms=0${TSAN_OPTIONS:+ $TSAN_OPTIONS}"
REPORT_RE='WARNING: (ThreadSanitizer|DATA RACE)|Found [0-9]+ data race|ThreadSanitizer: (reported|CHECK failed)|SUMMARY: ThreadSanitizer'

log() { printf '%s\n' "$*" >&2; }
die() { log "bench/real: $*"; exit 2; }

[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPS must be a positive integer"
[[ $MIB =~ ^[1-9][0-9]*$ ]] || die "REAL_INPUT_MIB must be a positive integer"
[ -x "$MEASURE" ] || die "no $MEASURE (make bench builds it)"
src=$(bench/real/fetch.sh zstd) || die "no zstd source (see the message above)"
mkdir -p "$OUT" || die "cannot create $OUT"

# ---- build ----------------------------------------------------------------
. bench/real/zstd_build.sh
build_zstd() { # build: one copy of the tree per build (zstd_build.sh)
    local b=$1 cc cflags="-O2 -g" ldflags="" deps=""
    case $b in
    native) cc=$CC ;;
    gcc-tsan) cc=$TSAN_GCC; cflags+=" -fsanitize=thread"; ldflags=-fsanitize=thread ;;
    clang-tsan) cc=$TSAN_CLANG; cflags+=" -fsanitize=thread"; ldflags=-fsanitize=thread ;;
    racetest) cc="$RACETEST cc"; deps="$RACETEST $RACETEST_RT" ;;
    *) die "unknown build '$b' in BENCH_BUILDS" ;;
    esac
    zstd_build "$b" "$src" "$OUT/src-$b" "$deps" "$cc" "$cflags" "$ldflags"
}
declare -A BIN=()
for b in $BUILDS; do BIN[$b]=$(build_zstd "$b") || exit 2; done
[ -n "${BIN[native]:-}" ] || die "the native build is the baseline and cannot be left out"

datagen=$(zstd_datagen "$src" "$OUT") || exit 2
input="$OUT/input.bin"
"$datagen" -g"${MIB}M" -P50 -s1 >"$input" 2>/dev/null || die "datagen failed"
"${BIN[native]}" -3 -T2 -q -f "$input" -o "$OUT/input.zst" || die "native compression failed"

# ---- run ------------------------------------------------------------------
declare -A WALLS=() RSS=() BAD=()
failures=0
run_one() { # build op rep
    local b=$1 op=$2 rep=$3 key="$1:$2" se="$OUT/$1.$2.$3.err" out line args=()
    if [ "$op" = compress ]; then
        out="$OUT/$b.zst"; args=(-3 -T2 -q -f "$input" -o "$out")
    else
        out="$OUT/$b.out"; args=(-d -q -f "$OUT/input.zst" -o "$out")
    fi
    line=$("$MEASURE" -t "$TIMEOUT" -o /dev/null -e "$se" -- "${BIN[$b]}" "${args[@]}") || {
        BAD[$key]=FAIL; failures=$((failures + 1)); return; }
    local status problem=""
    status=$(sed -E 's/.*status=([0-9]+).*/\1/' <<<"$line")
    if [ "$b" != native ] && grep -Eq "$REPORT_RE" "$se"; then
        problem=RACE
    elif [ "$status" != 0 ]; then
        problem="FAIL($status)"
    elif [ "$op" = compress ] && ! "${BIN[native]}" -d -q -c "$out" | cmp -s - "$input"; then
        problem=WRONG
    elif [ "$op" = decompress ] && ! cmp -s "$out" "$input"; then
        problem=WRONG
    fi
    if [ -n "$problem" ]; then
        [ -z "${BAD[$key]:-}" ] && { log "bench/real: $b $op: $problem (stderr in $se)"; sed -n '1,40p' "$se" | sed 's/^/    /' >&2; }
        BAD[$key]=$problem; failures=$((failures + 1)); return
    fi
    WALLS[$key]+="$(sed -E 's/.*wall_s=([0-9.]+).*/\1/' <<<"$line") "
    RSS[$key]+="$(sed -E 's/.*maxrss_kib=([0-9]+).*/\1/' <<<"$line") "
}
for rep in $(seq 1 "$REPS"); do
    log "bench/real: repetition $rep/$REPS"
    for op in compress decompress; do
        for b in $BUILDS; do [ -z "${BAD[$b:$op]:-}" ] && run_one "$b" "$op" "$rep"; done
    done
done

# ---- tables ---------------------------------------------------------------
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cell() { # key kind: the median, or the failure mark
    local key=$1 kind=$2
    if [ -n "${BAD[$key]:-}" ]; then echo "**${BAD[$key]}**"; return; fi
    if [ "$kind" = time ]; then median <<<"${WALLS[$key]:-}" | awk '{ printf "%.3f", $1 }'
    else median <<<"${RSS[$key]:-}" | awk '{ printf "%.1f", $1 / 1024 }'; fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f×", a / b; else print "n/a" }'; }
name() { case $1 in native) echo native ;; gcc-tsan) echo "gcc TSan" ;; clang-tsan) echo "clang TSan" ;; racetest) echo racetest ;; esac; }
for kind in time rss; do
    unit=$([ $kind = time ] && echo s || echo MiB)
    if [ $kind = time ]; then echo "### zstd $MIB MiB, wall time (median of $REPS runs, seconds)"; else echo "### zstd $MIB MiB, peak RSS (median of $REPS runs, MiB)"; fi
    echo
    hdr="| operation |"; sep="|---|"
    for b in $BUILDS; do hdr+=" $(name "$b") ($unit) |"; sep+="---:|"; done
    for b in $BUILDS; do [ "$b" != native ] && { hdr+=" $(name "$b") / native |"; sep+="---:|"; }; done
    for t in gcc-tsan clang-tsan; do
        [[ " $BUILDS " == *" racetest "* && " $BUILDS " == *" $t "* ]] && { hdr+=" racetest / $(name "$t") |"; sep+="---:|"; }
    done
    echo "$hdr"; echo "$sep"
    for op in compress decompress; do
        label=$([ $op = compress ] && echo "\`-3 -T2\` compression" || echo "\`-d\` decompression")
        row="| $label |"
        declare -A V=()
        for b in $BUILDS; do V[$b]=$(cell "$b:$op" $kind); row+=" ${V[$b]} |"; done
        for b in $BUILDS; do [ "$b" != native ] && row+=" $(ratio "${V[$b]}" "${V[native]}") |"; done
        for t in gcc-tsan clang-tsan; do
            [[ " $BUILDS " == *" racetest "* && " $BUILDS " == *" $t "* ]] && row+=" $(ratio "${V[racetest]}" "${V[$t]}") |"
        done
        echo "$row"
        unset V
    done
    echo
done
[ $failures -eq 0 ] || { log "bench/real: $failures failed run(s)"; exit 1; }
exit 0
