#!/usr/bin/env bash
# OpenMP conformance suite (tests/check.sh protocol): the programs in
# racy/ and clean/ here, one construct each (a clean program and its racy
# twin), checked by the detector conformance harness (../run.sh, whose
# rules they follow: racy lines end with the RACE comment) with -fopenmp,
# under every configuration of OPENMP_CC (gcc links libgomp, clang libomp)
# and every team size of OPENMP_THREADS (OMP_NUM_THREADS).
#
# Environment: OPENMP_CC (default "gcc:-O0 gcc:-O2 clang:-O0 clang:-O2"),
# OPENMP_THREADS (default "2 4"), OPENMP_RUNS (runs per clean program and
# configuration, default 5); the harness's CONFORMANCE_* variables
# otherwise (CONFORMANCE_FILTER, CONFORMANCE_VERBOSE, ...).
set -u

here=$(cd "$(dirname "$0")" && pwd)
OPENMP_CC=${OPENMP_CC:-gcc:-O0 gcc:-O2 clang:-O0 clang:-O2}
OPENMP_THREADS=${OPENMP_THREADS:-2 4}
OPENMP_RUNS=${OPENMP_RUNS:-5}

pass=0 fail=0
for n in $OPENMP_THREADS; do
    out=$(OMP_NUM_THREADS=$n CONFORMANCE_DIR=$here CONFORMANCE_CFLAGS=-fopenmp \
        CONFORMANCE_SUITE=openmp/threads$n CONFORMANCE_CC=$OPENMP_CC \
        CONFORMANCE_RUNS=$OPENMP_RUNS "$here/../run.sh")
    rc=$?
    summary=$(tail -n 1 <<<"$out")
    sed '$d' <<<"$out"
    if [[ $summary =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        pass=$((pass + BASH_REMATCH[1])) fail=$((fail + BASH_REMATCH[2]))
    else
        echo "$summary"
        echo "FAIL openmp/threads$n: the harness printed no summary (exit status $rc)"
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
