#!/usr/bin/env bash
# How often a seed that found a race finds it again: a Markdown table on
# stdout, per program of tests/sched/*.c and per perturbing mode.
#
#   tests/sched/replay.sh [PROGRAM.c ...]      default: every tests/sched/*.c
#
# For each mode (sched=random, sched=pct) the seeds 1, 2, ... are tried until
# REPLAY_SEEDS of them found the race (at most REPLAY_SEARCH seeds), and each
# finding seed is run REPLAY_RUNS more times with the same RACETEST_OPTIONS.
# The cell is the share of those reruns that reported the race again:
# under pct a seed replays the schedule, so anything below 100% is a bug;
# under random the seed replays the decisions but not the kernel's timing.
#
# Environment:
#   REPLAY_SEEDS    finding seeds per program and mode (default 5)
#   REPLAY_SEARCH   seeds tried at most (default 100)
#   REPLAY_RUNS     reruns per finding seed (default 10)
#   REPLAY_TIMEOUT  seconds per run (default 30)
#   RACETEST        the racetest command (default bin/racetest of this tree)
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
REPLAY_SEEDS=${REPLAY_SEEDS:-5}
REPLAY_SEARCH=${REPLAY_SEARCH:-100}
REPLAY_RUNS=${REPLAY_RUNS:-10}
REPLAY_TIMEOUT=${REPLAY_TIMEOUT:-30}
RACETEST=${RACETEST:-$root/bin/racetest}

found() { # BIN OPTIONS: success when the run reported a race
    local out rc
    out=$(RACETEST_OPTIONS=$2 timeout -k 5 "$REPLAY_TIMEOUT" "$1" 2>&1 >/dev/null)
    rc=$?
    [ $rc -eq 66 ] && grep -q '^WARNING: DATA RACE' <<<"$out"
}

cell() { # BIN MODE: "hits/reruns (seeds s1 s2 ...)"
    local bin=$1 mode=$2 seed seeds="" n=0 hits=0 runs=0 i
    for ((seed = 1; seed <= REPLAY_SEARCH && n < REPLAY_SEEDS; seed++)); do
        found "$bin" "sched=$mode sched_seed=$seed" || continue
        n=$((n + 1))
        seeds+=" $seed"
        for ((i = 0; i < REPLAY_RUNS; i++)); do
            runs=$((runs + 1))
            found "$bin" "sched=$mode sched_seed=$seed" && hits=$((hits + 1))
        done
    done
    if [ $runs -eq 0 ]; then
        echo "no seed of 1..$REPLAY_SEARCH found it"
    else
        awk -v h=$hits -v r=$runs -v s="$seeds" 'BEGIN { printf "%.0f%% of %d (seeds%s)", 100 * h / r, r, s }'
    fi
}

[ $# -eq 0 ] && set -- "$here"/*.c
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
echo "Reruns of finding seeds that report the race again ($REPLAY_RUNS reruns per seed, load $(cut -d' ' -f1 /proc/loadavg) at start)"
echo
echo "| program | random | pct |"
echo "|---|---|---|"
status=0
for src in "$@"; do
    name=$(basename "$src" .c)
    if ! $RACETEST build -o "$tmp/$name" -O1 "$src" >"$tmp/build.log" 2>&1; then
        echo "replay: build of $src failed:" >&2
        cat "$tmp/build.log" >&2
        status=1
        continue
    fi
    echo "| $name | $(cell "$tmp/$name" random) | $(cell "$tmp/$name" pct) |"
done
exit $status
