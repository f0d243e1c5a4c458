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
# default 10), CONFORMANCE_FILTER (extended regex on "reports/NAME"),
# CONFORMANCE_TIMEOUT (seconds per run, default 20), CONFORMANCE_REFERENCE
# (empty: racetest; "tsan": the same expectations against the compiler's
# own ThreadSanitizer, "$cc -fsanitize=thread", its warnings read by their
# TSan names, with second_deadlock_stack=1 so that a lock-order inversion
# names both acquisitions of each edge as racetest's does; tsan_agreement.sh
# compares the two). Results are named
# conformance/MODE/CONFIG/reports/NAME, as run.sh names its own.
set -u
cd "$(dirname "$0")/../.." || exit 2
RT=$PWD/bin/racetest
CONFIGS=${CONFORMANCE_CC:-gcc:-O0 gcc:-O2 clang:-O2}
RUNS=${CONFORMANCE_RUNS:-10}
FILTER=${CONFORMANCE_FILTER:-}
TIMEOUT=${CONFORMANCE_TIMEOUT:-20}
MODE=racetest
if [ "${CONFORMANCE_REFERENCE:-}" = tsan ]; then
    MODE=tsan
    # Print, like racetest, where the lock held at each edge was taken.
    export TSAN_OPTIONS="second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
fi
STRICT_FLAGS=(-std=gnu11 -Wall -Wextra -Werror -pthread)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-reports.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# The kinds of the reports in a run's output, one per line, by the runtime's
# names: racetest's warning lines (detector/report.c) and ThreadSanitizer's
# ("WARNING: ThreadSanitizer: thread leak (pid=N)"). A warning of a kind
# racetest does not have keeps TSan's words ("signal handler spoils errno").
kinds_in() {
    sed -n -e 's/^WARNING: ThreadSanitizer: \(.*\) (pid=[0-9]*)$/\1/p' -e 's/^WARNING: //p' "$1" |
        sed -e 's/^DATA RACE$/data-race/' -e 's/^data race$/data-race/' \
            -e 's/^LOCK-ORDER INVERSION (potential deadlock)$/lock-order-inversion/' \
            -e 's/^lock-order-inversion (potential deadlock)$/lock-order-inversion/' \
            -e 's/^DOUBLE LOCK OF A MUTEX$/mutex-double-lock/' -e 's/^double lock of a mutex$/mutex-double-lock/' \
            -e 's/^UNLOCK OF AN UNLOCKED MUTEX (OR BY A WRONG THREAD)$/mutex-bad-unlock/' \
            -e 's/^unlock of an unlocked mutex (or by a wrong thread)$/mutex-bad-unlock/' \
            -e 's/^DESTROY OF A LOCKED MUTEX$/mutex-destroy-locked/' -e 's/^destroy of a locked mutex$/mutex-destroy-locked/' \
            -e 's/^THREAD LEAK$/thread-leak/' -e 's/^thread leak$/thread-leak/' \
            -e 's/^SIGNAL-UNSAFE CALL INSIDE OF A SIGNAL$/signal-unsafe-call/' \
            -e 's/^signal-unsafe call inside of a signal$/signal-unsafe-call/'
}

# "reported KIND, KIND (exit status N)" or "reported nothing (exit status N)",
# and how the program crashed if it did ("; crashed: ThreadSanitizer: SEGV
# on unknown address", "; crashed: racetest: Segmentation fault (signal 11)").
reported() { # reported OUTPUT RC
    local kinds crash
    kinds=$(kinds_in "$1" | paste -sd, - | sed 's/,/, /g')
    crash=$(sed -n -e 's/^==[0-9]*==ERROR: \(ThreadSanitizer: [A-Za-z-]* on [a-z ]*address\).*/\1/p' \
        -e 's/^\(racetest: [A-Z][^(]*(signal [0-9]*)\).*/\1/p' "$1" | head -n 1)
    echo "reported ${kinds:-nothing} (exit status $2${crash:+; crashed: $crash})"
}

build_one() { # build_one CC OPT FILE BIN LOG
    if [ "$MODE" = tsan ]; then
        "$1" -fsanitize=thread -g "$2" "${STRICT_FLAGS[@]}" -o "$4" "$3" >"$5" 2>&1
    else
        RACETEST_CC=$1 "$RT" build -o "$4" "$3" "$2" "${STRICT_FLAGS[@]}" >"$5" 2>&1
    fi
}

# check_one CONFIG FILE: prints why FILE does not behave as it says (nothing if it does).
check_one() {
    local config=$1 file=$2 cc opt base expect bin=$tmp/prog out=$tmp/out rc line
    cc=${config%%:*}
    opt=-O1
    [ "${config#*:}" != "$config" ] && opt=${config#*:}
    base=$(basename "$file")
    expect=$(sed -n 's|^/\* expect: \([a-z-]*\) \*/$|\1|p' "$file" | head -n 1)
    if [ -z "$expect" ]; then echo "no /* expect: KIND */ line"; return; fi
    if ! build_one "$cc" "$opt" "$file" "$bin" "$out"; then
        echo "build failed:"; sed 's/^/    /' "$out" | head -20; return
    fi
    if [ "$expect" = none ]; then
        for ((run = 1; run <= RUNS; run++)); do
            timeout "$TIMEOUT" "$bin" >"$out" 2>&1
            rc=$?
            if [ $rc -ne 0 ] || [ -n "$(kinds_in "$out")" ]; then
                echo "run $run/$RUNS $(reported "$out" $rc), expected none:"; sed 's/^/    /' "$out" | head -40
                return
            fi
        done
        return
    fi
    case $expect in
    lock-order-inversion | mutex-double-lock | mutex-bad-unlock | mutex-destroy-locked | thread-leak | signal-unsafe-call) ;;
    *) echo "unknown kind '$expect'"; return ;;
    esac
    timeout "$TIMEOUT" "$bin" >"$out" 2>&1
    rc=$?
    if [ $rc -ne 66 ] || [ "$(kinds_in "$out")" != "$expect" ]; then
        echo "$(reported "$out" $rc), expected $expect:"; sed 's/^/    /' "$out" | head -40
        return
    fi
    # A frame names FILE:LINE (racetest) or FILE:LINE:COLUMN (TSan).
    for line in $(grep -n '/\* REPORT \*/' "$file" | cut -d: -f1); do
        if ! grep -qE "(^|[ /])$base:$line(:[0-9]+)?( |$)" "$out"; then
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
            echo "ok conformance/$MODE/$label/$name"; pass=$((pass + 1))
        else
            echo "FAIL conformance/$MODE/$label/$name: $why"; fail=$((fail + 1))
        fi
    done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
