#!/usr/bin/env bash
# End-to-end: the previous access's stack through the runner, on the case of
# issue 14 (tests/e2e/fixtures/previous_stack/polling_queue_test.c): a
# cmocka test whose consumer thread polls a queue with lock/unlock tens of
# thousands of times between its racing read and the producer's write, so
# that the read has left the thread's event ring when the race is found.
# With default options and -count=20 (in-process repetitions, -sched=pct):
#   - every run's report restores the previous stack (no "failed to
#     restore"; -v prints each run's reports), with the reading function,
#     its line and the consumer;
#   - the runner counts one unique race, whose key names both lines
#     (never "A|?" beside "A|B"), seen in 20 of 20 runs;
#   - two invocations give SARIF the same fingerprint.
# Suite protocol: tests/check.sh. Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$PWD
RT=$root/bin/racetest
FX=tests/e2e/fixtures/previous_stack
T=$FX/polling_queue_test.c
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-prev.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh

SC=$tmp/sarifcheck
if ! ${CC:-cc} -std=gnu11 -O1 -I"$root" -o "$SC" tests/e2e/fixtures/ci/sarifcheck.c runner/report/json.c >"$tmp/out" 2>&1; then
    bad setup "could not build the SARIF checker"
    echo "$pass passed, $fail failed, $skipped skipped"
    exit 1
fi
PREV=$(grep -n '/\* PREVIOUS \*/' "$T" | cut -d: -f1)
CUR=$(grep -n '/\* CURRENT' "$T" | cut -d: -f1)
CONS=$(grep -n 'long sum = dropped_before_start' "$T" | cut -d: -f1)
# fingerprint SARIF: the one result's "racetest/v1" fingerprint, "-" if not exactly one
fingerprint() {
    "$SC" <"$1" 2>/dev/null | awk -F'\t' '$1 == "results" { n = $2 } $1 == "result" { fp = $3 }
        END { print (n == 1 ? fp : "-") }'
}

run -count=20 -v -sarif "$tmp/1.sarif" -jsonfile "$tmp/1.json" "$FX"
cp "$tmp/out" "$tmp/out1"
if [ "$rc" = 66 ] && [ "$(count 'WARNING: DATA RACE')" -ge 1 ] && ! has 'failed to restore'; then
    ok "polling consumer, -count=20: every run's report restores the previous stack"
else
    bad "polling consumer, -count=20: previous stack restored in every run" \
        "exit $rc, $(count 'failed to restore') report(s) with 'failed to restore'"
fi
if awk -v prev="$T:$PREV " -v cons="$T:$CONS " '
        /^Previous read at 0x[0-9a-f]+ by thread T1:$/ { k = 1; next }
        k == 1 && /^  dropped_before_start\(\)$/ { k = 2; next }
        k == 2 && index($0, prev) { k = 3; next }
        k == 3 && /^  consumer\(\)$/ { k = 4; next }
        k == 4 && index($0, cons) { found = 1; exit }
        { k = 0 } END { exit !found }' "$tmp/out"; then
    ok "polling consumer: the previous stack is the read in dropped_before_start() called by consumer()"
else
    bad "polling consumer: previous stack" "want dropped_before_start() at $T:$PREV, then consumer() at $T:$CONS"
fi
if [ "$(grep -c '"Action":"race"' "$tmp/1.json")" = 1 ] && grep -q '"UniqueRaces":1,' "$tmp/1.json" &&
    grep -q "\"Key\":\"$T:$PREV:dropped_before_start|$T:$CUR:test_polling_consumer\"" "$tmp/1.json" &&
    has "seen in 20 of 20 runs of $T/test_polling_consumer" && has 'racetest: 1 unique data race found'; then
    ok "polling consumer: one unique race, both lines in its key, seen in 20 of 20 runs"
else
    bad "polling consumer: one unique race" "want one race event keyed $T:$PREV|$T:$CUR, seen in 20 of 20 runs (exit $rc)"
fi
fp1=$(fingerprint "$tmp/1.sarif")
run -count=20 -sarif "$tmp/2.sarif" "$FX"
fp2=$(fingerprint "$tmp/2.sarif")
if [ "$rc" = 66 ] && [ "$fp1" != - ] && [ "$fp1" = "$fp2" ]; then
    ok "polling consumer: the same SARIF fingerprint in two invocations"
else
    bad "polling consumer: SARIF fingerprint" "want one result with the same fingerprint twice, got '$fp1' and '$fp2' (exit $rc)"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
