#!/usr/bin/env bash
# Races found per second of wall time, per scheduling mode, for a suite run
# the way a user runs one: `racetest -count=N -sched=MODE DIR`.
#
#   bench/sched/suite.sh [DIR]
#
# DIR defaults to the order-dependent suite: every tests/sched/*.c copied
# into a temporary directory as NAME_test.c (plain programs: one process per
# run). Modes are run in turn, SUITE_REPS rounds, interleaved (off, random,
# pct, off, ...) so that a change in the machine's load hits every mode
# alike. Prints a Markdown table: per mode the median wall time, the runs
# that reported a race (per round, and as a share of all runs), the test
# files with a race found in at least one run (min over the rounds), and runs with a race per second of wall time
# (the figure of merit: races found per second of the user's time).
#
# Environment:
#   SUITE_COUNT   -count (default 20)
#   SUITE_REPS    rounds (default 3)
#   SUITE_MODES   (default "off random pct")
#   SUITE_FLAGS   extra racetest flags (e.g. -p 4)
#   RACETEST      the racetest command (default bin/racetest of this tree)
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
SUITE_COUNT=${SUITE_COUNT:-20}
SUITE_REPS=${SUITE_REPS:-3}
SUITE_MODES=${SUITE_MODES:-off random pct}
SUITE_FLAGS=${SUITE_FLAGS:-}
RACETEST=${RACETEST:-$root/bin/racetest}

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
if [ $# -ge 1 ]; then
    dir=$(cd "$1" && pwd) || exit 2
else
    dir=$tmp/suite
    mkdir "$dir"
    for f in "$root"/tests/sched/*.c; do cp "$f" "$dir/$(basename "$f" .c)_test.c"; done
    cp "$root"/tests/sched/*.h "$dir/"
fi

# Build once (the runner caches builds), so that no mode pays for it.
# shellcheck disable=SC2086
$RACETEST -count=1 -sched=off $SUITE_FLAGS "$dir" >/dev/null 2>&1

ntests=0
for rep in $(seq 1 "$SUITE_REPS"); do
    for mode in $SUITE_MODES; do
        start=$(date +%s%N)
        # shellcheck disable=SC2086
        $RACETEST -count="$SUITE_COUNT" -sched="$mode" $SUITE_FLAGS "$dir" >"$tmp/out" 2>&1
        ms=$((($(date +%s%N) - start) / 1000000))
        runs=$(sed -n 's/.*races in \([0-9][0-9]*\) runs*).*/\1/p' "$tmp/out" | awk '{ s += $1 } END { print s + 0 }')
        found=$(grep -c 'races in [0-9]' "$tmp/out")
        ntests=$(grep -cE '^(ok|FAIL)[[:space:]]' "$tmp/out")
        total=$(sed -n 's/.*, \([0-9][0-9]*\) runs[,)].*/\1/p' "$tmp/out" | awk '{ s += $1 } END { print s + 0 }')
        echo "$mode $ms $runs $found $total" >>"$tmp/results"
    done
done

echo "Suite $( [ $# -ge 1 ] && echo "$1" || echo "tests/sched/*.c") ($ntests test files), \`racetest -count=$SUITE_COUNT -sched=MODE $SUITE_FLAGS\`, $SUITE_REPS interleaved rounds, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg) at the end"
echo
echo "| mode | wall s (median) | runs with a race (per round) | per run | files with a race found | races found per second |"
echo "|---|---:|---:|---:|---:|---:|"
for mode in $SUITE_MODES; do
    awk -v m="$mode" -v n="$ntests" '$1 == m { ms[++k] = $2; runs += $3; total += $5; if (!seen || $4 < found) found = $4; seen = 1 }
        END {
            # median of the wall times
            for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (ms[j] < ms[i]) { t = ms[i]; ms[i] = ms[j]; ms[j] = t }
            med = ms[int((k + 1) / 2)] / 1000
            r = runs / k
            printf "| %s | %.2f | %.1f | %.0f%% | %d of %d | %.1f |\n", m, med, r, 100 * runs / total, found, n, r / med
        }' "$tmp/results"
done
