#!/usr/bin/env bash
# bench/throughput/run.sh — runner throughput (issue 5): how fast
# `racetest -count=N` repeats a trivial test in one process, against the same
# test function called N times in a plain loop under the detector, and
# against a process-per-run loop of a ThreadSanitizer binary.
#
#   bench/throughput/run.sh [--record]      (what `make bench-throughput` runs)
#
# The test (counter_work.h: two threads, 20 mutex-protected increments, a
# join and a check) is run these ways, interleaved (rep 1: every way, rep 2:
# ...) so that machine noise spreads over all rows alike:
#   loop       build/bench/throughput/plain_loop_racetest N (bin/racetest
#              build -O2): the test function called N times in one process,
#              no harness
#   p1         bin/racetest -p 1 -count=N bench/throughput/   one test process:
#              the in-process repetition that the target is about
#   pN         bin/racetest -count=N bench/throughput/   default -p (CPUs)
#   fixed      bin/racetest -p 1 -count=1 bench/throughput/   what every
#              racetest command costs besides the runs: cache check, listing
#              the tests, starting the process, the summary
#   loop_fuzz, p1_fuzz   loop and p1 again with schedule fuzzing on both
#              sides (sched=random: racetest's default since issue 6)
#   tsan       PROC_RUNS executions of plain_loop built with gcc
#              -fsanitize=thread, each running the test once, one after the
#              other (a process-per-run loop; scaled to runs/s)
#   isolate    bin/racetest -isolate -p 1 -count=PROC_RUNS: racetest's own
#              process-per-run mode, for comparison
# Schedule fuzzing injects random delays, so the rows that the ratios compare
# run with the same setting on both sides: RACETEST_OPTIONS gets sched=off
# (THROUGHPUT_SCHED) for every racetest row but the _fuzz ones, which get
# sched=random; racetest passes RACETEST_OPTIONS' sched= on to its test
# processes instead of its -sched default.
# The build of the racetest test binary is not measured: before every rep an
# unmeasured `racetest -count=1` refreshes the build cache (the runtime may
# have been rebuilt meanwhile), so the measured commands only check it.
#
# Every run is checked: exit status 0, no race or detector report, and for
# racetest the summary's run count. Prints a Markdown table of the medians
# (wall time, runs/s, speed relative to the plain loop) and the two ratios
#   (a)/(b) = runs/s of `racetest -p 1 -count=N` / runs/s of the plain loop
#             (issue 5's target: >= 0.5)
#   (a)/(c) = runs/s of `racetest -p 1 -count=N` / runs/s of the TSan
#             process-per-run loop
# and the same (a)/(b) for the _fuzz pair.
# --record also writes the table, the machine and the command to
# bench/throughput/RESULTS.md.
#
# Exit status: 0 all runs clean and the target met; 1 some run failed;
# 2 setup error; 3 all runs clean but (a)/(b) < 0.5.
#
# Environment:
#   THROUGHPUT_COUNT=10000     N, runs of the in-process rows
#   THROUGHPUT_PROC_RUNS=100   runs of the process-per-run rows
#   THROUGHPUT_REPS=3          repetitions (medians of these)
#   THROUGHPUT_TIMEOUT=600     seconds before one measured command is killed
#   CC (cc), TSAN_GCC (gcc), RACETEST (bin/racetest), MEASURE
#   (build/bench/measure), THROUGHPUT_OUT (build/bench/throughput)
#   THROUGHPUT_SCHED=off       sched= of the rows other than the _fuzz ones
#   RACETEST_OPTIONS and TSAN_OPTIONS pass through (TSan's at-exit sleep off;
#   sched= is set here, see above).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

COUNT=${THROUGHPUT_COUNT:-10000}
PROC_RUNS=${THROUGHPUT_PROC_RUNS:-100}
REPS=${THROUGHPUT_REPS:-3}
TIMEOUT=${THROUGHPUT_TIMEOUT:-600}
CC=${CC:-cc}
TSAN_GCC=${TSAN_GCC:-gcc}
RACETEST=${RACETEST:-bin/racetest}
OUT=${THROUGHPUT_OUT:-build/bench/throughput}
MEASURE=${MEASURE:-build/bench/measure}
DIR=bench/throughput
TARGET=0.5

export TSAN_OPTIONS="atexit_sleep_ms=0${TSAN_OPTIONS:+ $TSAN_OPTIONS}"
SCHED=${THROUGHPUT_SCHED:-off}
USER_OPTIONS=${RACETEST_OPTIONS:-}
options() { echo "${USER_OPTIONS:+$USER_OPTIONS }sched=$1"; } # RACETEST_OPTIONS of a row
REPORT_RE='WARNING: (ThreadSanitizer|DATA RACE)|Found [0-9]+ data race|ThreadSanitizer: (reported|CHECK failed)|SUMMARY: ThreadSanitizer'

log() { printf '%s\n' "$*" >&2; }
die() { log "bench-throughput: $*"; exit 2; }

RECORD=0
for a in "$@"; do
    case $a in
    --record) RECORD=1 ;;
    *) die "usage: bench/throughput/run.sh [--record]" ;;
    esac
done
[[ $SCHED == off || $SCHED == random ]] || die "THROUGHPUT_SCHED must be off or random"
[[ " $USER_OPTIONS" == *" sched="* ]] && die "RACETEST_OPTIONS must not set sched= (see THROUGHPUT_SCHED)"
for v in COUNT PROC_RUNS REPS TIMEOUT; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "THROUGHPUT_$v must be a positive integer"
done
[ -x "$RACETEST" ] || die "$RACETEST is not built (run make)"

mkdir -p "$OUT/runs" || die "cannot create $OUT"
if [ ! -x "$MEASURE" ] || [ bench/measure.c -nt "$MEASURE" ]; then
    mkdir -p "$(dirname "$MEASURE")"
    $CC -std=gnu11 -O2 -Wall -Wextra -o "$MEASURE" bench/measure.c || die "cannot build $MEASURE"
fi

# ---- builds ----------------------------------------------------------------
read -ra CMOCKA_LIBS <<<"$(pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)"
PLAIN_RT=$OUT/plain_loop_racetest
PLAIN_TSAN=$OUT/plain_loop_tsan
log "bench-throughput: building the plain loops into $OUT/"
"$RACETEST" build -o "$PLAIN_RT" -O2 "$DIR/plain_loop.c" "${CMOCKA_LIBS[@]}" >"$OUT/build.log" 2>&1 ||
    { cat "$OUT/build.log" >&2; die "racetest build of $DIR/plain_loop.c failed"; }
"$TSAN_GCC" -O2 -g -fsanitize=thread -pthread -o "$PLAIN_TSAN" "$DIR/plain_loop.c" "${CMOCKA_LIBS[@]}" \
    >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; die "$TSAN_GCC -fsanitize=thread build failed"; }

warm() { # builds (or checks) the cached test binary, unmeasured
    RACETEST_OPTIONS=$(options "$SCHED") "$RACETEST" -count=1 "$DIR/" >"$OUT/warm.log" 2>&1 ||
        { cat "$OUT/warm.log" >&2; die "racetest -count=1 $DIR/ failed (status $?)"; }
}
log "bench-throughput: building the test binary (racetest -count=1, not measured)"
warm

# ---- the rows ----------------------------------------------------------------
ROWS=(loop p1 pN fixed loop_fuzz p1_fuzz tsan isolate)
declare -A RUNS=([loop]=$COUNT [p1]=$COUNT [pN]=$COUNT [fixed]=1 [loop_fuzz]=$COUNT [p1_fuzz]=$COUNT
    [tsan]=$PROC_RUNS [isolate]=$PROC_RUNS)
declare -A CMD=(
    [loop]="$PLAIN_RT $COUNT"
    [p1]="$RACETEST -p 1 -count=$COUNT $DIR/"
    [pN]="$RACETEST -count=$COUNT $DIR/"
    [fixed]="$RACETEST -p 1 -count=1 $DIR/"
    [loop_fuzz]="$PLAIN_RT $COUNT"
    [p1_fuzz]="$RACETEST -p 1 -count=$COUNT $DIR/"
    [tsan]="for ((i = 0; i < $PROC_RUNS; i++)); do $PLAIN_TSAN 1 || exit; done"
    [isolate]="$RACETEST -isolate -p 1 -count=$PROC_RUNS $DIR/"
)
declare -A LABEL=(
    [loop]="(b) plain loop under the detector"
    [p1]="(a) racetest, in-process, one test process"
    [pN]="racetest, in-process, default -p ($(nproc) CPUs)"
    [fixed]="racetest fixed cost (-count=1)"
    [loop_fuzz]="(b') plain loop, schedule fuzzing on"
    [p1_fuzz]="(a') racetest -p 1, schedule fuzzing on"
    [tsan]="(c) process-per-run loop, gcc TSan"
    [isolate]="racetest -isolate, process per run"
)
declare -A OPTS=() # RACETEST_OPTIONS of each row (the TSan row ignores it)
for r in "${ROWS[@]}"; do OPTS[$r]=$(options "$SCHED"); done
OPTS[loop_fuzz]=$(options random)
OPTS[p1_fuzz]=$(options random)
is_racetest() { [[ $1 == p1 || $1 == pN || $1 == fixed || $1 == p1_fuzz || $1 == isolate ]]; }

declare -A WALLS=() BAD=()
failures=0
run_row() { # row rep
    local r=$1 rep=$2 so="$OUT/runs/$1.$2.out" se="$OUT/runs/$1.$2.err" line wall status problem=""
    if [ "$r" = tsan ]; then
        # shellcheck disable=SC2016 # the loop's $0/$1 are bash -c's arguments
        line=$("$MEASURE" -t "$TIMEOUT" -o "$so" -e "$se" -- bash -c \
            'for ((i = 0; i < $1; i++)); do "$0" 1 || exit; done' "$PLAIN_TSAN" "$PROC_RUNS")
    else
        local argv
        read -ra argv <<<"${CMD[$r]}"
        line=$(RACETEST_OPTIONS=${OPTS[$r]} "$MEASURE" -t "$TIMEOUT" -o "$so" -e "$se" -- "${argv[@]}")
    fi || { problem="measure could not run ${CMD[$r]}"; line=""; }
    wall=$(sed -n -E 's/.*wall_s=([0-9.]+).*/\1/p' <<<"$line")
    status=$(sed -n -E 's/.*status=([0-9]+).*/\1/p' <<<"$line")
    if [ -z "$problem" ]; then
        if grep -Eq "$REPORT_RE" "$so" "$se"; then
            problem="a race or detector report"
        elif [ "$status" != 0 ]; then
            problem="exit status $status$([ "$status" = 124 ] && echo " (timed out after ${TIMEOUT}s)")"
        elif is_racetest "$r" && { ! grep -Eq "^racetest: ${RUNS[$r]} runs? in " "$so" ||
            ! grep -qx "1 passed, 0 failed, 0 skipped" "$so"; }; then
            problem="the summary does not say 1 passed test, ${RUNS[$r]} run(s)"
        fi
    fi
    if [ -n "$problem" ]; then
        log "bench-throughput: FAILURE: ${CMD[$r]} (rep $rep): $problem; output:"
        tail -n 20 "$so" "$se" | sed 's/^/    /' >&2
        BAD[$r]=1
        failures=$((failures + 1))
    else
        WALLS[$r]+="$wall "
        rm -f "$so" "$se"
    fi
}

start=$(date +%s)
for ((rep = 1; rep <= REPS; rep++)); do
    log "bench-throughput: repetition $rep/$REPS"
    warm
    for r in "${ROWS[@]}"; do
        [ -z "${BAD[$r]:-}" ] && run_row "$r" "$rep"
    done
done
log "bench-throughput: runs took $(($(date +%s) - start)) s"

# ---- report ----------------------------------------------------------------
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
calc() { awk "BEGIN { $1 }" </dev/null; } # awk program printing a number, or nothing
declare -A MED=() RATE=()
for r in "${ROWS[@]}"; do
    [ -n "${BAD[$r]:-}" ] && continue
    MED[$r]=$(median <<<"${WALLS[$r]:-}")
    [ -n "${MED[$r]}" ] && RATE[$r]=$(calc "printf \"%.1f\", ${RUNS[$r]} / ${MED[$r]}")
done
sched_of() { if [ "$1" = tsan ]; then echo "n/a"; else sed -E 's/.*sched=([a-z]+).*/\1/' <<<"${OPTS[$1]}"; fi; }
ratio() { # row-a row-b [format]: runs/s of a / runs/s of b
    [ -n "${RATE[$1]:-}" ] && [ -n "${RATE[$2]:-}" ] && calc "printf \"${3:-%.2f}\", ${RATE[$1]} / ${RATE[$2]}"
}

table=$(
    echo "| run | command | sched | runs | wall (s, median of $REPS) | runs/s | µs/run | runs/s ÷ plain loop's |"
    echo "|---|---|---|---:|---:|---:|---:|---:|"
    for r in "${ROWS[@]}"; do
        if [ -n "${BAD[$r]:-}" ]; then
            echo "| ${LABEL[$r]} | \`${CMD[$r]}\` | $(sched_of "$r") | ${RUNS[$r]} | **FAILED** | | | |"
            continue
        fi
        us=$(calc "printf \"%.0f\", ${MED[$r]} * 1e6 / ${RUNS[$r]}")
        base=loop
        [ "$r" = p1_fuzz ] && base=loop_fuzz
        rel=$(ratio "$r" $base %.3g)
        [ "$r" = loop ] || [ "$r" = loop_fuzz ] && rel=1.00
        [ "$r" = fixed ] && rel="" # one run: the ratio says nothing
        # shellcheck disable=SC2016 # the backquotes are Markdown
        printf '| %s | `%s` | %s | %s | %.3f | %s | %s | %s |\n' "${LABEL[$r]}" "${CMD[$r]}" "$(sched_of "$r")" \
            "${RUNS[$r]}" "${MED[$r]}" "${RATE[$r]}" "$us" "$rel"
    done
    echo
    ab=$(ratio p1 loop)
    ac=$(ratio p1 tsan)
    if [ -n "$ab" ]; then
        verdict=$(calc "print ($ab >= $TARGET) ? \"met\" : \"MISSED\"")
        echo "- **(a)/(b) = $ab** (runs/s of \`racetest -p 1 -count=$COUNT\` ÷ runs/s of the plain loop; target ≥ $TARGET: **$verdict**)"
    else
        verdict=unknown
        echo "- (a)/(b): n/a (a row failed)"
    fi
    af=$(ratio p1_fuzz loop_fuzz)
    [ -n "$af" ] && echo "- (a')/(b') = $af (the same with schedule fuzzing on both sides: random delays, so noisier)"
    [ -n "$ac" ] && echo "- **(a)/(c) = $ac** (runs/s of \`racetest -p 1 -count=$COUNT\` ÷ runs/s of a process-per-run loop of a gcc TSan binary)"
    if [ -n "${MED[p1]:-}" ] && [ -n "${MED[loop]:-}" ] && [ -n "${MED[fixed]:-}" ]; then
        echo "- harness cost per in-process run: $(calc "printf \"%.1f\", (${MED[p1]} - ${MED[fixed]} - ${MED[loop]}) * 1e6 / $COUNT") µs ((a) − fixed cost − (b), ÷ $COUNT); the runs themselves, with the fixed cost taken out, go at $(calc "printf \"%.2f\", ${MED[loop]} / (${MED[p1]} - ${MED[fixed]})")× the plain loop's speed"
    fi
    echo "$verdict" >"$OUT/verdict"
)
verdict=$(cat "$OUT/verdict" 2>/dev/null)
printf '%s\n\n' "$table"

if [ $RECORD = 1 ]; then
    version() { "$@" 2>/dev/null | head -n 1; }
    cpu=$(sed -n -E 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)
    commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
    [ -n "$(git status --porcelain 2>/dev/null)" ] && commit+=" (with uncommitted changes)"
    {
        echo "# Runner throughput (issue 5)"
        echo
        echo "Written by \`make bench-throughput THROUGHPUT_ARGS=--record\`, i.e."
        echo "\`THROUGHPUT_COUNT=$COUNT THROUGHPUT_PROC_RUNS=$PROC_RUNS THROUGHPUT_REPS=$REPS bench/throughput/run.sh --record\`."
        echo "The test is \`test_counter\` of \`counter_work.h\` (two threads, 20 mutex-protected"
        echo "increments, join, check). The rows ran interleaved, $REPS times; each cell is the"
        echo "median, every run checked for exit status 0, no race report and (racetest) the"
        echo "summary's run count. The racetest test binary was built (cached) before each"
        echo "repetition, outside the measurement. See the header of \`run.sh\` for each row."
        echo
        echo "Requirement: for a trivial test, \`-count=10000\` runs in-process at ≥ 50% of the"
        echo "speed of the same test function called in a plain loop under the detector."
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
        echo "| load average (1/5/15 min) after | $(cut -d' ' -f1-3 /proc/loadavg) |"
        echo "| compiler | $(version "${RACETEST_CC:-cc}" --version) |"
        echo "| gcc (TSan) | $(version "$TSAN_GCC" --version) |"
        echo "| cmocka | $(pkg-config --modversion cmocka 2>/dev/null || echo unknown) |"
        echo "| racetest | commit $commit |"
        echo "| TSAN_OPTIONS | $TSAN_OPTIONS |"
        echo "| RACETEST_OPTIONS | ${USER_OPTIONS:-(unset)}, plus sched= per row |"
        echo
        echo "## Results"
        echo
        echo "$table"
    } >"$DIR/RESULTS.md"
    log "bench-throughput: wrote $DIR/RESULTS.md"
fi

if [ $failures -gt 0 ]; then
    log "bench-throughput: $failures FAILURE(S), see above"
    exit 1
fi
[ "$verdict" = met ] || exit 3
exit 0
