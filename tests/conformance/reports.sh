#!/usr/bin/env bash
# Conformance of the report kinds besides data races (tests/check.sh protocol):
# lock-order inversions, mutex misuse, thread leaks, signal-unsafe calls.
#
# tests/conformance/reports/*.c  each says what it expects in a line
#     "/* expect: KIND */", KIND being the runtime's name of a report kind
#     (lock-order-inversion, mutex-double-lock, mutex-bad-unlock,
#     mutex-destroy-locked, thread-leak, signal-unsafe-call) or "none".
#     KIND: exit status 66, exactly one report, of that kind, and every line
#     marked with the comment REPORT (slash-star form) named in it as FILE:LINE.
#     none: exit status 0 and no report in any of CONFORMANCE_RUNS runs.
#
# Environment: CONFORMANCE_CC (configurations CC or CC:FLAG, default
# "gcc:-O0 gcc:-O2 clang:-O2"), CONFORMANCE_RUNS (runs per "none" program,
# default 10), CONFORMANCE_FILTER (extended regex on the file name),
# CONFORMANCE_TIMEOUT (seconds per run, default 20).
set -u
cd "$(dirname "$0")/../.." || exit 2
RT=$PWD/bin/racetest
CONFIGS=${CONFORMANCE_CC:-gcc:-O0 gcc:-O2 clang:-O2}
RUNS=${CONFORMANCE_RUNS:-10}
FILTER=${CONFORMANCE_FILTER:-}
TIMEOUT=${CONFORMANCE_TIMEOUT:-20}
STRICT_FLAGS=(-std=gnu11 -Wall -Wextra -Werror -pthread)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-reports.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# The warning line of each kind (detector/report.c).
title_of() {
    case $1 in
    lock-order-inversion) echo "WARNING: LOCK-ORDER INVERSION (potential deadlock)" ;;
    mutex-double-lock) echo "WARNING: DOUBLE LOCK OF A MUTEX" ;;
    mutex-bad-unlock) echo "WARNING: UNLOCK OF AN UNLOCKED MUTEX (OR BY A WRONG THREAD)" ;;
    mutex-destroy-locked) echo "WARNING: DESTROY OF A LOCKED MUTEX" ;;
    thread-leak) echo "WARNING: THREAD LEAK" ;;
    signal-unsafe-call) echo "WARNING: SIGNAL-UNSAFE CALL INSIDE OF A SIGNAL" ;;
    *) return 1 ;;
    esac
}

# check_one CONFIG FILE: prints why FILE does not behave as it says (nothing if it does).
check_one() {
    local config=$1 file=$2 cc opt base expect bin=$tmp/prog out=$tmp/out rc title n line
    cc=${config%%:*}
    opt=-O1
    [ "${config#*:}" != "$config" ] && opt=${config#*:}
    base=$(basename "$file")
    expect=$(sed -n 's|^/\* expect: \([a-z-]*\) \*/$|\1|p' "$file" | head -n 1)
    if [ -z "$expect" ]; then echo "no /* expect: KIND */ line"; return; fi
    if ! RACETEST_CC=$cc "$RT" build -o "$bin" "$file" "$opt" "${STRICT_FLAGS[@]}" >"$out" 2>&1; then
        echo "build failed:"; sed 's/^/    /' "$out" | head -20; return
    fi
    if [ "$expect" = none ]; then
        for ((run = 1; run <= RUNS; run++)); do
            timeout "$TIMEOUT" "$bin" >"$out" 2>&1
            rc=$?
            if [ $rc -ne 0 ] || grep -q '^WARNING: ' "$out"; then
                echo "run $run: exit status $rc, expected 0 and no report:"; sed 's/^/    /' "$out" | head -40
                return
            fi
        done
        return
    fi
    if ! title=$(title_of "$expect"); then echo "unknown kind '$expect'"; return; fi
    timeout "$TIMEOUT" "$bin" >"$out" 2>&1
    rc=$?
    n=$(grep -c '^WARNING: ' "$out")
    if [ $rc -ne 66 ] || [ "$n" -ne 1 ] || ! grep -qxF "$title" "$out"; then
        echo "exit status $rc and $n report(s), expected 66 and one '$title':"; sed 's/^/    /' "$out" | head -40
        return
    fi
    for line in $(grep -n '/\* REPORT \*/' "$file" | cut -d: -f1); do
        if ! grep -qE "(^|[ /])$base:$line( |$)" "$out"; then
            echo "the report does not name $base:$line:"; sed 's/^/    /' "$out" | head -40
            return
        fi
    done
}

for config in $CONFIGS; do
    label=${config%%:*}
    [ "${config#*:}" != "$config" ] && label=$label${config#*:}
    for file in tests/conformance/reports/*.c; do
        name=reports/$(basename "$file" .c)
        if [ -n "$FILTER" ] && ! [[ $name =~ $FILTER ]]; then continue; fi
        why=$(check_one "$config" "$file")
        if [ -z "$why" ]; then
            echo "ok conformance/$label/$name"; pass=$((pass + 1))
        else
            echo "FAIL conformance/$label/$name: $why"; fail=$((fail + 1))
        fi
    done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
