#!/usr/bin/env bash
# End-to-end tests of the report kinds besides data races in the runner
# (issue 13, items 11-14): reports aggregated like races (unique by kind and
# the runtime's key, counted per run, printed once), their kind in -json,
# JUnit, SARIF and through `racetest merge`, exit status 66, and the
# runtime options that switch them off. Fixtures: tests/e2e/fixtures/report_kinds/.
#
# Suite protocol (tests/check.sh): "ok NAME" / "FAIL NAME: why", last line
# "N passed, N failed". Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
RT=$PWD/bin/racetest
TREE=tests/e2e/fixtures/report_kinds/tree
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-kinds.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
SPLIT=1 # stderr apart: $tmp/out holds the report text only
. tests/e2e/suite_lib.sh
count_in() { grep -c -- "$1" "$2"; } # count_in REGEX FILE

# 1. Three runs of each test: every report printed once, with how often it was seen.
run -count=3 "$TREE"
if [ $rc -eq 66 ] && [ "$(count_in '^WARNING: LOCK-ORDER INVERSION (potential deadlock)$' "$tmp/out")" -eq 1 ] &&
    [ "$(count_in '^WARNING: THREAD LEAK$' "$tmp/out")" -eq 1 ] &&
    [ "$(count_in '^WARNING: DATA RACE$' "$tmp/out")" -eq 1 ] &&
    [ "$(count_in '^seen in 3 of 3 runs of ' "$tmp/out")" -eq 3 ] &&
    grep -qx 'racetest: 1 unique data race found' "$tmp/out" &&
    grep -q '^racetest: 2 unique reports of other kinds found' "$tmp/out"; then
    ok kinds/aggregated-once-per-kind
else
    bad kinds/aggregated-once-per-kind "exit $rc; expected 66, one report of each kind seen in 3 of 3 runs"
fi

# 2. A lock-order inversion alone is enough for exit status 66.
run -count=2 "$TREE/lock_order_test.c"
if [ $rc -eq 66 ] && ! grep -q 'unique data race' "$tmp/out" &&
    grep -q '^racetest: 1 unique report of other kinds found' "$tmp/out"; then
    ok kinds/lock-order-inversion-exit-66
else
    bad kinds/lock-order-inversion-exit-66 "exit $rc; expected 66 and one report of another kind"
fi

# 3. The JSON stream names the kind; its key is the kind and the call sites of every edge.
run -count=2 -json "$TREE/lock_order_test.c"
key='"Key":"lock-order-inversion: tests/e2e/fixtures/report_kinds/tree/lock_order_test.c:20>tests/e2e/fixtures/report_kinds/tree/lock_order_test.c:21;tests/e2e/fixtures/report_kinds/tree/lock_order_test.c:8>tests/e2e/fixtures/report_kinds/tree/lock_order_test.c:9"'
if [ $rc -eq 66 ] && [ "$(grep -c '"Action":"race"' "$tmp/out")" -eq 1 ] &&
    grep -q '"Kind":"lock-order-inversion"' "$tmp/out" && grep -qF "$key" "$tmp/out"; then
    ok kinds/json-kind-and-key
else
    bad kinds/json-kind-and-key "exit $rc; expected one race event with Kind and the edges' key"
fi

# 4. JUnit and SARIF: the kind is the failure's title and the result's rule.
run -count=1 -junit "$tmp/r.xml" -sarif "$tmp/r.sarif" -jsonfile "$tmp/r.json" "$TREE"
if [ $rc -eq 66 ] && grep -q 'lock-order-inversion tests/e2e/fixtures/report_kinds/tree/lock_order_test.c:21 in main' "$tmp/r.xml" &&
    grep -q '"ruleId":"lock-order-inversion","ruleIndex":1' "$tmp/r.sarif" &&
    grep -q '"ruleId":"thread-leak","ruleIndex":5' "$tmp/r.sarif" &&
    grep -q '"ruleId":"data-race","ruleIndex":0' "$tmp/r.sarif" &&
    grep -q '"id":"signal-unsafe-call"' "$tmp/r.sarif"; then
    ok kinds/junit-and-sarif
else
    bad kinds/junit-and-sarif "exit $rc; JUnit or SARIF lacks the kinds"
fi

# 5. racetest merge keeps the kinds.
run merge -sarif "$tmp/m.sarif" "$tmp/r.json"
if [ $rc -eq 66 ] && grep -q '"ruleId":"lock-order-inversion"' "$tmp/m.sarif" &&
    grep -q '"ruleId":"thread-leak"' "$tmp/m.sarif"; then
    ok kinds/merge-keeps-kind
else
    bad kinds/merge-keeps-kind "exit $rc; the merged SARIF lost the kinds"
fi

# 6. TSan's option names switch each kind off.
RACETEST_OPTIONS="detect_deadlocks=0" run -count=1 "$TREE/lock_order_test.c"
rc_dd=$rc
RACETEST_OPTIONS="report_thread_leaks=0" run -count=1 "$TREE/leak_and_race_test.c"
if [ $rc_dd -eq 0 ] && [ $rc -eq 66 ] && ! grep -q 'THREAD LEAK' "$tmp/out" && grep -q 'DATA RACE' "$tmp/out"; then
    ok kinds/options-switch-off
else
    bad kinds/options-switch-off "detect_deadlocks=0 gave $rc_dd (expected 0); report_thread_leaks=0 gave $rc with a leak report or no race"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
