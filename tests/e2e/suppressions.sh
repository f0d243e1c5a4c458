#!/usr/bin/env bash
# End-to-end tests of suppression files (RACETEST_OPTIONS=suppressions=FILE)
# on every report kind, as ThreadSanitizer's types cover them: deadlock:
# lock-order inversions, mutex: mutex misuse, thread: thread leaks, signal:
# signal-unsafe calls, race:/race_top: data races (also by the racy global's
# name). Each kind is reported without the file and not with it (the
# program's own exit status, counted on the "suppressed" line); an entry of
# another type naming the same frame suppresses nothing. Through the runner,
# suppressed reports are absent from -json and SARIF.
# Programs: tests/conformance/reports/ (one per kind), tests/e2e/fixtures/.
#
# Suite protocol (tests/check.sh): "ok NAME" / "FAIL NAME: why", last line
# "N passed, N failed, N skipped". Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
RT=$PWD/bin/racetest
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-supp.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh

build() { # build NAME SOURCE: $tmp/NAME, or a failed test
    if ! "$RT" build -o "$tmp/$1" -O1 "$2" >"$tmp/out" 2>&1; then
        bad "build $1" "racetest build failed"
        return 1
    fi
}

# with SUPP PROGRAM: runs $tmp/PROGRAM with the suppression file whose text
# is SUPP ("" for none); output in $tmp/out, exit status in $rc.
with() {
    local opts=
    if [ -n "$1" ]; then
        printf '%s\n' "$1" >"$tmp/supp"
        opts="suppressions=$tmp/supp"
    fi
    RACETEST_OPTIONS=$opts run_cmd timeout 60 "$tmp/$2"
}

# kind PROGRAM TITLE NOUN SUPP OTHER: PROGRAM reports TITLE without
# suppressions; SUPP suppresses it (exit 0, counted as NOUN); OTHER, entries
# of other types naming the same frames, does not.
kind() {
    local prog=$1 title=$2 noun=$3 supp=$4 other=$5
    build "$prog" "tests/conformance/reports/$prog.c" || return
    with "" "$prog"
    if [ $rc -eq 66 ] && has "WARNING: $title"; then
        ok "supp/$prog/reported-without"
    else
        bad "supp/$prog/reported-without" "exit $rc; expected 66 and '$title'"
    fi
    with "$supp" "$prog"
    if [ $rc -eq 0 ] && ! has "WARNING:" &&
        grep -qx "racetest: suppressed 1 $noun(s) (1 suppression(s) matched)" "$tmp/out"; then
        ok "supp/$prog/suppressed-by-${supp%%:*}"
    else
        bad "supp/$prog/suppressed-by-${supp%%:*}" "exit $rc with '$supp'; expected 0, no report, 'suppressed 1 $noun(s)'"
    fi
    with "$other" "$prog"
    if [ $rc -eq 66 ] && has "WARNING: $title" && ! has "suppressed"; then
        ok "supp/$prog/other-types-do-not-suppress"
    else
        bad "supp/$prog/other-types-do-not-suppress" "exit $rc with entries of other types; expected 66 and the report"
    fi
}

kind lock_order_inversion "LOCK-ORDER INVERSION (potential deadlock)" "lock-order inversion" \
    "deadlock:transfer_a_to_b" "$(printf '%s:transfer_a_to_b\n' race mutex thread signal)"
kind mutex_double_lock "DOUBLE LOCK OF A MUTEX" "double lock" \
    "mutex:^main$" "$(printf '%s:^main$\n' race race_top deadlock thread signal)"
kind mutex_bad_unlock "UNLOCK OF AN UNLOCKED MUTEX (OR BY A WRONG THREAD)" "bad unlock" \
    "mutex:release_for_main" "$(printf '%s:release_for_main\n' race deadlock thread signal)"
kind mutex_destroy_locked "DESTROY OF A LOCKED MUTEX" "destroy of a locked mutex" \
    "mutex:mutex_destroy_locked.c" "$(printf '%s:mutex_destroy_locked.c\n' race deadlock thread signal)"
kind thread_leak "THREAD LEAK" "thread leak" \
    "thread:thread_leak.c" "$(printf '%s:thread_leak.c\n' race mutex deadlock signal)"
kind signal_unsafe_malloc "SIGNAL-UNSAFE CALL INSIDE OF A SIGNAL" "signal-unsafe call" \
    "signal:on_usr1" "$(printf '%s:on_usr1\n' race mutex deadlock thread)"

# What each type matches besides function names, as in TSan: a leaked
# thread's creation stack (not its start function), a misused mutex's
# global, a race's global (race:, not race_top:).
with 'thread:^worker$' thread_leak
[ $rc -eq 66 ] && ok "supp/thread-leak/not-by-start-function" ||
    bad "supp/thread-leak/not-by-start-function" "exit $rc: thread: matched the thread's function"
with 'thread:pthread_create' thread_leak
[ $rc -eq 0 ] && ! has "WARNING:" && ok "supp/thread-leak/by-creating-call" ||
    bad "supp/thread-leak/by-creating-call" "exit $rc"
with 'mutex:^m$' mutex_bad_unlock
[ $rc -eq 0 ] && ! has "WARNING:" && ok "supp/mutex/by-global-name" ||
    bad "supp/mutex/by-global-name" "exit $rc"
if build global_race tests/e2e/fixtures/runtime/global_race.c; then
    with 'race:^hits$' global_race
    [ $rc -eq 3 ] && has "suppressed 1 data race(s)" && ok "supp/race/by-global-name" ||
        bad "supp/race/by-global-name" "exit $rc; expected the program's 3"
    with 'race_top:^hits$' global_race
    [ $rc -eq 66 ] && ok "supp/race_top/not-by-global-name" ||
        bad "supp/race_top/not-by-global-name" "exit $rc; expected 66"
fi

# Several kinds in one program: one line counts them all.
TREE=tests/e2e/fixtures/report_kinds/tree
if build leak_and_race "$TREE/leak_and_race_test.c"; then
    with "$(printf 'race:worker\nthread:^main$\n')" leak_and_race
    if [ $rc -eq 0 ] && ! has "WARNING:" &&
        grep -qx 'racetest: suppressed 1 data race(s), 1 thread leak(s) (2 suppression(s) matched)' "$tmp/out"; then
        ok "supp/counted-per-kind"
    else
        bad "supp/counted-per-kind" "exit $rc; expected 0 and one line counting both kinds"
    fi
fi

# Bad files: an unknown type names file and line; called_from_lib is
# accepted and said to change nothing.
with "$(printf 'mutex:m\ndeadlocks:transfer_a_to_b\n')" lock_order_inversion
[ $rc -eq 2 ] && has "supp:2:1: unknown suppression type 'deadlocks'" && ok "supp/unknown-type-names-file-and-line" ||
    bad "supp/unknown-type-names-file-and-line" "exit $rc"
with "$(printf 'deadlock:transfer_a_to_b\ncalled_from_lib:libfoo.so\n')" lock_order_inversion
[ $rc -eq 0 ] && has "supp:2: called_from_lib is not supported; calls from 'libfoo.so' are checked as any other" &&
    ok "supp/called-from-lib-said-unsupported" || bad "supp/called-from-lib-said-unsupported" "exit $rc"

# Through the runner: suppressed reports are not in -json nor SARIF, and do
# not decide the exit status.
printf 'deadlock:a_then_b\nthread:^main$\n' >"$tmp/kinds.supp"
RACETEST_OPTIONS="suppressions=$tmp/kinds.supp" run -count=2 -json -sarif "$tmp/r.sarif" "$TREE"
if [ $rc -eq 66 ] && grep -q '"Kind":"data-race"\|"Action":"race"' "$tmp/out" &&
    ! grep -q 'lock-order-inversion\|thread-leak' "$tmp/out" &&
    grep -q '"ruleId":"data-race"' "$tmp/r.sarif" &&
    ! grep -q '"ruleId":"lock-order-inversion"\|"ruleId":"thread-leak"' "$tmp/r.sarif"; then
    ok "supp/runner/json-and-sarif-leave-suppressed-kinds-out"
else
    bad "supp/runner/json-and-sarif-leave-suppressed-kinds-out" "exit $rc; expected the race only"
fi
printf 'deadlock:a_then_b\nthread:^main$\nrace:worker\n' >"$tmp/all.supp"
RACETEST_OPTIONS="suppressions=$tmp/all.supp" run -count=2 -json -sarif "$tmp/r.sarif" "$TREE"
if [ $rc -eq 0 ] && ! grep -q '"Action":"race"' "$tmp/out" && ! grep -q '"ruleId"' "$tmp/r.sarif"; then
    ok "supp/runner/everything-suppressed-passes"
else
    bad "supp/runner/everything-suppressed-passes" "exit $rc; expected 0 and no report"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
