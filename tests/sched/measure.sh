#!/usr/bin/env bash
# Detection rate of the order-dependent races in tests/sched/*.c with and
# without schedule perturbation: a Markdown table on stdout.
#
#   tests/sched/measure.sh [PROGRAM.c ...]      default: every tests/sched/*.c
#
# Each program holds one race that a lucky (and usual) order hides behind an
# incidental happens-before edge. It is built once with
# `racetest build -o BIN -O1 PROGRAM.c` and run MEASURE_RUNS times in each
# column; a run counts as a detection when it exits 66 with a race report.
# Columns (RACETEST_OPTIONS of run i, i = 1..MEASURE_RUNS):
#   plain        sched=off
#   random       sched=random sched_seed=i            (affinity drawn per run)
#   free/one/pinned   the same with sched_affinity=free|one|random
#   pct          sched=pct sched_seed=i (one thread at a time, pct_depth and
#                pct_steps at their defaults unless MEASURE_PCT_OPTIONS says)
# The last column is random / plain ("inf" when plain found nothing).
#
# Environment:
#   MEASURE_RUNS     runs per program and column (default 100)
#   MEASURE_JOBS     runs at once (default 1: concurrent runs change the
#                    schedules being measured)
#   MEASURE_COLUMNS  subset of "plain random free one pinned pct" (default all)
#   MEASURE_OPTIONS  extra RACETEST_OPTIONS for the sched=random columns
#   MEASURE_PCT_OPTIONS  extra RACETEST_OPTIONS for the pct column
#   MEASURE_TIMEOUT  seconds per run (default 30)
#   RACETEST         the racetest command (default bin/racetest of this tree)
#
# Internal: "measure.sh --run BIN OPTIONS" runs BIN once and prints 1 for a
# detection, 0 for a clean run, or "error STATUS".
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
MEASURE_RUNS=${MEASURE_RUNS:-100}
MEASURE_JOBS=${MEASURE_JOBS:-1}
MEASURE_COLUMNS=${MEASURE_COLUMNS:-plain random free one pinned pct}
MEASURE_OPTIONS=${MEASURE_OPTIONS:-}
MEASURE_PCT_OPTIONS=${MEASURE_PCT_OPTIONS:-}
MEASURE_TIMEOUT=${MEASURE_TIMEOUT:-30}
RACETEST=${RACETEST:-$root/bin/racetest}
export MEASURE_TIMEOUT

if [ "${1:-}" = --run ]; then
    out=$(RACETEST_OPTIONS=$3 timeout -k 5 "$MEASURE_TIMEOUT" "$2" 2>&1 >/dev/null)
    rc=$?
    if [ $rc -eq 66 ] && grep -q '^WARNING: DATA RACE' <<<"$out"; then echo 1
    elif [ $rc -eq 0 ]; then echo 0
    else echo "error $rc"
    fi
    exit 0
fi

options_for() { # COLUMN RUN
    case $1 in
    plain) echo "sched=off" ;;
    random) echo "sched=random sched_seed=$2 $MEASURE_OPTIONS" ;;
    free | one) echo "sched=random sched_seed=$2 sched_affinity=$1 $MEASURE_OPTIONS" ;;
    pinned) echo "sched=random sched_seed=$2 sched_affinity=random $MEASURE_OPTIONS" ;;
    pct) echo "sched=pct sched_seed=$2 $MEASURE_PCT_OPTIONS" ;;
    esac
}

# rate BIN COLUMN: prints "detections/runs" (and warns about failed runs)
rate() {
    local bin=$1 column=$2 i results found errors
    results=$(for ((i = 1; i <= MEASURE_RUNS; i++)); do
        printf '%s\0%s\0' "$bin" "$(options_for "$column" "$i")"
    done | xargs -0 -n 2 -P "$MEASURE_JOBS" "$0" --run)
    found=$(grep -c '^1$' <<<"$results")
    errors=$(grep -c '^error' <<<"$results")
    [ "$errors" -gt 0 ] &&
        echo "measure: $(basename "$bin") $column: $errors run(s) failed: $(grep '^error' <<<"$results" | sort | uniq -c | tr -s ' \n' ' ')" >&2
    echo "$found"
}

percent() { awk -v n="$1" -v d="$MEASURE_RUNS" 'BEGIN { printf "%.0f%%", 100 * n / d }'; }

[ $# -eq 0 ] && set -- "$here"/*.c
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

header="| program |" rule="|---|"
for c in $MEASURE_COLUMNS; do header+=" $c |" rule+="---:|"; done
echo "Detection rate over $MEASURE_RUNS runs per column ($(nproc) CPUs allowed, load $(cut -d' ' -f1 /proc/loadavg) at start)"
echo
echo "$header random/plain |"
echo "$rule---:|"
status=0
for src in "$@"; do
    name=$(basename "$src" .c)
    bin=$tmp/$name
    if ! $RACETEST build -o "$bin" -O1 "$src" >"$tmp/build.log" 2>&1; then
        echo "measure: build of $src failed:" >&2
        cat "$tmp/build.log" >&2
        status=1
        continue
    fi
    row="| $name |" plain="" random=""
    for c in $MEASURE_COLUMNS; do
        n=$(rate "$bin" "$c")
        row+=" $(percent "$n") |"
        [ "$c" = plain ] && plain=$n
        [ "$c" = random ] && random=$n
    done
    if [ -n "$plain" ] && [ -n "$random" ]; then
        ratio=$(awk -v p="$plain" -v r="$random" 'BEGIN { if (p == 0) print (r > 0 ? "inf" : "-"); else printf "%.1fx", r / p }')
    else
        ratio="-"
    fi
    echo "$row $ratio |"
done
exit $status
