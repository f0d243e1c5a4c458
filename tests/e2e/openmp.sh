#!/usr/bin/env bash
# End-to-end tests of OpenMP programs under the runner (issue 19): -cpu N
# also sets OMP_NUM_THREADS (unless the user set it), and an OpenMP program
# full of barriers finishes quickly under every schedule, -sched pct
# included, with gcc (libgomp) and clang (libomp); symbolization stays
# on this machine.
#
# Suite protocol (tests/check.sh): "ok NAME", "FAIL NAME: why", last line
# "N passed, N failed, N skipped". Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
RT=$PWD/bin/racetest
FX=tests/e2e/fixtures/openmp
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-openmp.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh

if [ ! -x "$RT" ]; then
    echo "FAIL setup: $RT is missing (run make)"
    echo "0 passed, 1 failed"
    exit 1
fi

for cc in gcc clang; do
    # -cpu 1,3: one block of runs per value, each with a team of that size
    # (3: more than this machine's CPUs, so only OMP_NUM_THREADS makes it).
    run_cmd env -u OMP_NUM_THREADS RACETEST_CC=$cc "$RT" -v -cpu 1,3 "$FX/team_size_test.c"
    if [ "$rc" = 0 ] && has "team=1" && has "team=3"; then
        ok "cpu_sets_omp_num_threads/$cc"
    else
        bad "cpu_sets_omp_num_threads/$cc" "rc=$rc, expected teams of 1 and 3"
    fi

    # The user's OMP_NUM_THREADS wins.
    run_cmd env OMP_NUM_THREADS=3 RACETEST_CC=$cc "$RT" -v -cpu 1 "$FX/team_size_test.c"
    if [ "$rc" = 0 ] && has "team=3" && ! has "team=1"; then
        ok "user_omp_num_threads_kept/$cc"
    else
        bad "user_omp_num_threads_kept/$cc" "rc=$rc, expected a team of 3"
    fi

    # Ten regions, twenty barriers, four threads: each schedule well within
    # the timeout (before, pct took over 10 s, 0.5 s per wait).
    for sched in random pct; do
        run_cmd env OMP_NUM_THREADS=4 RACETEST_CC=$cc "$RT" -sched "$sched" -count 2 -timeout 8s \
            "$FX/barriers_test.c"
        if [ "$rc" = 0 ]; then
            ok "barriers_in_time/$cc/$sched"
        else
            bad "barriers_in_time/$cc/$sched" "rc=$rc"
        fi
    done
done

# Symbolizing a report with libgomp frames never loads a debuginfod client
# (libcurl, libcrypto), even with DEBUGINFOD_URLS set.
prog=$tmp/network_free
if RACETEST_CC=gcc "$RT" build -fopenmp -g -o "$prog" tests/e2e/fixtures/openmp_racy/network_free_symbolization.c \
    >"$tmp/out" 2>&1; then
    run_cmd env OMP_NUM_THREADS=2 DEBUGINFOD_URLS=http://127.0.0.1:9 "$prog"
    if [ "$rc" = 66 ] && has "WARNING: DATA RACE" && has "libgomp" && has "no network client"; then
        ok symbolization_stays_local
    else
        bad symbolization_stays_local "rc=$rc, expected a report and no network client"
    fi
else
    bad symbolization_stays_local "build failed"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
