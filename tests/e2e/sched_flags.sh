#!/usr/bin/env bash
# End-to-end tests of the scheduler-fuzzing flags of `racetest [test]` and
# `racetest run` (issue 6): -sched (off, random, pct), -pct-depth, -pct-steps, -seed,
# -cpu, -run-seed; the seed line,
# RACETEST_OPTIONS passed to the test processes, the printed rerun command.
#
# Suite protocol (tests/check.sh): "ok NAME", "FAIL NAME: why", last line
# "N passed, N failed, N skipped". Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$PWD
RT=$root/bin/racetest
FX=tests/e2e/fixtures/sched
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-sched.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh

if [ ! -x "$RT" ]; then
    echo "FAIL setup: $RT is missing (run make)"
    echo "0 passed, 1 failed"
    exit 1
fi

# The base seed is always printed, random by default.
run "$FX/env_test.c"
if [ "$rc" = 0 ] && grep -qE '^racetest: seed 0x[0-9a-f]{16}$' "$tmp/out"; then
    ok seed_printed
else
    bad seed_printed "rc=$rc, no 'racetest: seed 0x...' line"
fi

# -seed 0x2a: printed, and the per-process seed derived from it reaches the
# test process, the same every time.
run -v -seed 0x2a "$FX/env_test.c"
first=$(grep -o 'sched_seed=0x[0-9a-f]*' "$tmp/out")
if [ "$rc" = 0 ] && has "racetest: seed 0x000000000000002a" && has "sched=pct" && [ -n "$first" ] &&
    run -v -seed 42 "$FX/env_test.c" && [ "$(grep -o 'sched_seed=0x[0-9a-f]*' "$tmp/out")" = "$first" ]; then
    ok seed_passed_through
else
    bad seed_passed_through "rc=$rc, seed line or sched_seed missing or not reproducible ($first)"
fi

# -sched off, -cpu 1,2: each test once per value, with sched_cpus.
run -v -sched off -cpu 1,2 "$FX/env_test.c"
if [ "$rc" = 0 ] && has "sched=off" && has "sched_cpus=1]" && has "sched_cpus=2]" && has "(1 test, 2 runs)"; then
    ok sched_off_and_cpu
else
    bad sched_off_and_cpu "rc=$rc"
fi

# The user's own RACETEST_OPTIONS keys win.
RACETEST_OPTIONS="sched=off sched_seed=7" run -v "$FX/env_test.c"
if [ "$rc" = 0 ] && has "sched=off sched_seed=7" && ! has "sched=pct" && [ "$(grep -o 'sched_seed=' "$tmp/out" | wc -l)" = 1 ]; then
    ok user_keys_win
else
    bad user_keys_win "rc=$rc"
fi

# A racy test: the race line carries the seed, and the printed rerun command
# runs exactly that one test with that seed and finds the race again.
run -count=2 -seed 0x2a "$FX/racy_test.c"
cmd=$(grep -m1 '^rerun: racetest ' "$tmp/out" | sed 's/^rerun: racetest //')
if [ "$rc" = 66 ] && grep -qE '\(first: run [0-9]+, seed 0x[0-9a-f]{16}\)' "$tmp/out" && [ -n "$cmd" ]; then
    seed=$(printf '%s\n' "$cmd" | grep -o 'run-seed 0x[0-9a-f]*' | cut -d' ' -f2)
    eval "set -- $cmd"
    run -v "$@"
    if [ "$rc" = 66 ] && has "(1 test, 1 run, 1 failed, races in 1 run)" && has "test_racy" &&
        ! has "test_clean" && has "seed $seed"; then
        ok rerun_command
    else
        bad rerun_command "rc=$rc for: racetest $cmd"
    fi
else
    bad rerun_command "rc=$rc, no seed on the race line or no rerun command"
fi

# -sched=pct: an order-dependent race, found in some run of a process that
# repeats the test in-process (each run has a seed of its own), and the
# printed rerun command finds it again every time: PCT replays a schedule.
run -count=30 -seed 0x2a -sched=pct "$FX/order_test.c"
cmd=$(grep -m1 '^rerun: racetest ' "$tmp/out" | sed 's/^rerun: racetest //')
first=$(grep -m1 -o 'first: run [0-9]*' "$tmp/out")
if [ "$rc" = 66 ] && [ -n "$cmd" ] && printf '%s\n' "$cmd" | grep -q -- '-sched=pct'; then
    eval "set -- $cmd"
    found=0
    for i in 1 2 3 4 5; do
        run "$@"
        [ "$rc" = 66 ] && has "WARNING: DATA RACE" && found=$((found + 1))
    done
    if [ $found = 5 ]; then
        ok "pct_rerun_replays ($first)"
    else
        bad pct_rerun_replays "the rerun found the race in $found of 5 runs: racetest $cmd"
    fi
else
    bad pct_rerun_replays "rc=$rc, no race or no -sched=pct rerun command"
fi

# -pct-depth and -pct-steps reach the test process and the rerun command.
run -v -sched=pct -pct-depth 2 -pct-steps 9 "$FX/env_test.c"
if [ "$rc" = 0 ] && has "sched=pct pct_depth=2 pct_steps=9" && has "sched_base=0x"; then
    ok pct_flags_passed_through
else
    bad pct_flags_passed_through "rc=$rc"
fi

# `racetest run -sched=random -seed N`.
cat >"$tmp/prog.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(void) { printf("OPTIONS=[%s]\n", getenv("RACETEST_OPTIONS")); return 0; }
C
run run -sched=random -seed 0x2a "$tmp/prog.c"
if [ "$rc" = 0 ] && has "racetest: seed 0x000000000000002a" && has "sched=random sched_seed=0x000000000000002a]"; then
    ok run_sched_flags
else
    bad run_sched_flags "rc=$rc"
fi

# Bad values: exit 2, naming the flag.
for args in "-sched=sometimes" "-seed=12x" "-seed=0x" "-cpu=0" "-cpu=1,,2" "-cpu=two" "-run-seed=-1" \
    "-pct-depth=0" "-pct-depth=65" "-pct-steps=x"; do
    flag=${args%%=*}
    run "$args" "$FX/env_test.c"
    if [ "$rc" = 2 ] && has "flag $flag:"; then
        ok "bad_value_$flag(${args#*=})"
    else
        bad "bad_value_$flag(${args#*=})" "rc=$rc"
    fi
done
run run -sched=sometimes "$tmp/prog.c"
if [ "$rc" = 2 ] && has "flag -sched:" && has "want off, random or pct"; then ok run_bad_sched; else bad run_bad_sched "rc=$rc"; fi
run run -sched=pct -seed 0x2a -pct-depth 4 "$tmp/prog.c"
if [ "$rc" = 0 ] && has "sched=pct sched_seed=0x000000000000002a pct_depth=4]"; then
    ok run_pct_flags
else
    bad run_pct_flags "rc=$rc"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
