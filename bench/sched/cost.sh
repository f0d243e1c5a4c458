#!/usr/bin/env bash
# bench/sched/cost.sh — what schedule perturbation costs: wall time of the
# bench workloads under racetest with perturbation off and on, and with
# perturbation off against a runtime without the access countdown at all.
#
#   bench/sched/cost.sh [WORKLOAD...]    default: lock_counter prodcons hashmap
#                                        thread_churn atomics private_compute
#
# Each workload (bench/workloads/NAME.c) is built with
# `racetest build -O2` twice: against lib/racetest as it is, and against a
# copy of it whose detector/access.o is compiled without the block that
# decrements sched_countdown (the "no countdown" column: the runtime as it was
# before scheduler_fuzz). The runs are interleaved, REPS of each column:
#   no countdown   baseline runtime, RACETEST_OPTIONS=sched=off
#   off            sched=off
#   random         sched=random sched_seed=REP (affinity drawn per run)
#   free/one/pinned  the same with sched_affinity=free|one|random
#   pct            sched=pct sched_seed=REP (one thread at a time)
# and the medians are printed as a Markdown table with ratios off/no-countdown,
# random/off and pct/off. Every run must exit 0 with no race report.
#
# Environment: COST_REPS (5), COST_COLUMNS (all of the above, by the names
# nocount off random free one pinned pct), COST_OPTIONS (extra RACETEST_OPTIONS
# for the perturbed columns), COST_TIMEOUT (120), CC (cc: compiler
# of the baseline access.o, as in the runtime build), RACETEST, MEASURE
# (build/bench/measure, built if missing).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

REPS=${COST_REPS:-5}
COLUMNS=${COST_COLUMNS:-nocount off random free one pinned pct}
TIMEOUT=${COST_TIMEOUT:-120}
EXTRA=${COST_OPTIONS:-}
CC=${CC:-cc}
RACETEST=${RACETEST:-bin/racetest}
MEASURE=${MEASURE:-build/bench/measure}
OUT=build/bench/sched
[ $# -eq 0 ] && set -- lock_counter prodcons hashmap thread_churn atomics private_compute

[ -x "$MEASURE" ] || make -s "$MEASURE" || exit 2
mkdir -p "$OUT/lib" || exit 2

# The baseline runtime: the archive with access.o rebuilt without the
# countdown (the flags are mk/runtime.mk's RT_CFLAGS, which make prints).
rt_cflags=$(make -s --no-print-directory -f - print-rt-cflags <<'MK'
include Makefile
print-rt-cflags:
	@echo $(RT_CFLAGS)
MK
) || exit 2
cp lib/racetest/* "$OUT/lib/" || exit 2
if ! grep -q -- '--sched_countdown < 0' detector/access.c; then
    echo "cost: detector/access.c has no sched_countdown decrement to remove" >&2
    exit 2
fi
# The decrement's block: from its `if` to the first line that closes a
# block at the `if`'s indentation.
awk '/--sched_countdown < 0/ { skip = 1; match($0, /^ */); indent = RLENGTH; next }
     skip && match($0, /^ *}/) && RLENGTH - 1 == indent { skip = 0; next }
     !skip' detector/access.c >"$OUT/access_nocount.c"
# shellcheck disable=SC2086 # flag list
$CC $rt_cflags -Idetector -c "$OUT/access_nocount.c" -o "$OUT/access.o" || exit 2
ar r "$OUT/lib/libracetest_rt.a" "$OUT/access.o" 2>/dev/null || exit 2

for w in "$@"; do
    src=bench/workloads/$w.c
    [ -f "$src" ] || { echo "cost: no workload $src" >&2; exit 2; }
    $RACETEST build -o "$OUT/$w" -O2 "$src" >/dev/null || exit 2
    RACETEST_LIBDIR=$PWD/$OUT/lib $RACETEST build -o "$OUT/$w.nocount" -O2 "$src" >/dev/null || exit 2
done

options_for() { # COLUMN REP
    case $1 in
    nocount | off) echo "sched=off" ;;
    random) echo "sched=random sched_seed=$2 $EXTRA" ;;
    free | one) echo "sched=random sched_seed=$2 sched_affinity=$1 $EXTRA" ;;
    pinned) echo "sched=random sched_seed=$2 sched_affinity=random $EXTRA" ;;
    pct) echo "sched=pct sched_seed=$2 $EXTRA" ;;
    esac
}

runs=$OUT/runs
: >"$runs"
status=0
for ((rep = 1; rep <= REPS; rep++)); do
    for w in "$@"; do
        for c in $COLUMNS; do
            bin=$OUT/$w
            [ "$c" = nocount ] && bin=$OUT/$w.nocount
            line=$(RACETEST_OPTIONS=$(options_for "$c" "$rep") \
                "$MEASURE" -o "$OUT/stdout" -e "$OUT/stderr" -t "$TIMEOUT" -- "$bin")
            if [[ $line != *" status=0" ]] || grep -q 'DATA RACE' "$OUT/stderr"; then
                echo "cost: $w $c rep $rep failed: $line" >&2
                head -n 40 "$OUT/stderr" >&2
                status=1
            fi
            echo "$w $c ${line%% *}" | sed 's/wall_s=//' >>"$runs"
        done
    done
    echo "cost: rep $rep/$REPS done" >&2
done

echo "Median wall seconds of $REPS runs ($(nproc) CPUs allowed, load $(cut -d' ' -f1 /proc/loadavg) at the end)"
echo
header="| workload |" rule="|---|"
for c in $COLUMNS; do header+=" $c |" rule+="---:|"; done
echo "$header off/nocount | random/off | pct/off |"
echo "$rule---:|---:|---:|"
awk -v cols="$COLUMNS" '
function median(w, c,    n, i, j, t, v) {
    n = split(times[w, c], v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
{ times[$1, $2] = times[$1, $2] " " $3; if (!($1 in seen)) { seen[$1] = 1; order[++nw] = $1 } }
END {
    nc = split(cols, c, " ")
    for (i = 1; i <= nw; i++) {
        w = order[i]; row = "| " w " |"
        for (j = 1; j <= nc; j++) { m[c[j]] = median(w, c[j]); row = row sprintf(" %.3f |", m[c[j]]) }
        r1 = ("nocount" in m && "off" in m && m["nocount"] > 0) ? sprintf("%.2fx", m["off"] / m["nocount"]) : "-"
        r2 = ("random" in m && "off" in m && m["off"] > 0) ? sprintf("%.2fx", m["random"] / m["off"]) : "-"
        r3 = ("pct" in m && "off" in m && m["off"] > 0) ? sprintf("%.2fx", m["pct"] / m["off"]) : "-"
        print row " " r1 " | " r2 " | " r3 " |"
        delete m
    }
}' "$runs"
exit $status
