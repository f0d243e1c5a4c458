#!/usr/bin/env bash
# End-to-end tests of `racetest [test]` on the fixture trees in
# tests/e2e/fixtures/runner/: discovery, build constraints, directives, build
# failures, selection, failures, crashes, timeouts, JSON output, and (when the
# detector runtime produces race events) unique-race aggregation and exit 66.
#
# Suite protocol (tests/check.sh): "ok NAME", "FAIL NAME: why", "skip NAME:
# why", last line "N passed, N failed, N skipped". Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$PWD
RT=$root/bin/racetest
FX=tests/e2e/fixtures/runner
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-runner.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh

if [ ! -x "$RT" ]; then
    echo "FAIL setup: $RT is missing (run make)"
    echo "0 passed, 1 failed"
    exit 1
fi

# jsoncheck: parses -json output back (no python/jq on a fresh machine).
JC=$tmp/jsoncheck
if ! ${CC:-cc} -std=gnu11 -O1 -I"$root" -o "$JC" "$FX/jsoncheck.c" runner/report/json.c 2>"$tmp/out"; then
    bad jsoncheck "could not build the JSON checker"
    JC=
fi

# --- discovery, results, exit status --------------------------------------

run "$FX/basic"
if [ "$rc" = 1 ] && has "--- FAIL: $FX/basic/fail_test.c/test_wrong_sum" && has "0x2 != 0x3" &&
    [ "$(summary)" = "3 passed, 1 failed, 1 skipped" ]; then
    ok assertion_failure_exit_1
else
    bad assertion_failure_exit_1 "want exit 1, the failing test with its assertion, 3/1/1 (got exit $rc, '$(summary)')"
fi

run -count=3 "$FX/basic/pass_test.c"
if [ "$rc" = 0 ] && [ "$(summary)" = "2 passed, 0 failed, 1 skipped" ] && has "9 runs"; then
    ok file_argument_count_3
else
    bad file_argument_count_3 "want exit 0, 2 passed, 1 skipped, 9 runs (got exit $rc, '$(summary)')"
fi

run -v "$FX/norace"
if [ "$rc" = 0 ] && has "--- SKIP: $FX/norace/slow_test.c" && has '!race' &&
    [ "$(summary)" = "1 passed, 0 failed, 1 skipped" ] && ! has "must not run"; then
    ok norace_file_skipped
else
    bad norace_file_skipped "want the !race file skipped with its reason under -v, exit 0 (got exit $rc)"
fi

run -race=false "$FX/norace"
if [ "$rc" = 1 ] && has "must not run"; then
    ok race_false_builds_norace_file
else
    bad race_false_builds_norace_file "want the !race file built and failing with -race=false (got exit $rc)"
fi

run "$FX/tags"
rc1=$rc s1=$(summary)
run -tags=integration,other "$FX/tags"
if [ "$rc1" = 0 ] && [ "$s1" = "0 passed, 0 failed, 1 skipped" ] && [ "$rc" = 0 ] &&
    [ "$(summary)" = "1 passed, 0 failed, 0 skipped" ]; then
    ok tags_flag
else
    bad tags_flag "want the file skipped without -tags and run with -tags=integration (got $rc1 '$s1', $rc)"
fi

rm -rf "$tmp/keep"
run -o "$tmp/keep" "$FX/basic/pass_test.c"
if [ "$rc" = 0 ] && [ -x "$tmp/keep/$FX/basic/pass_test" ]; then
    ok o_keeps_binaries
else
    bad o_keeps_binaries "want the test binary in -o DIR (got exit $rc)"
fi

run "$FX/directives"
if [ "$rc" = 0 ] && [ "$(summary)" = "2 passed, 0 failed, 0 skipped" ]; then
    ok directives_sources_cflags_ldflags
else
    bad directives_sources_cflags_ldflags "want 2 passed (got exit $rc, '$(summary)')"
fi

run "$FX/plain"
if [ "$rc" = 1 ] && has "--- FAIL: $FX/plain/exit3_test.c/exit3_test" && has "exit status 3" &&
    [ "$(summary)" = "1 passed, 1 failed, 0 skipped" ]; then
    ok plain_main_is_one_test
else
    bad plain_main_is_one_test "want exit3_test failing with exit status 3, hello_test passing (got exit $rc)"
fi

SPLIT=1 run "$FX/buildfail"
if [ "$rc" = 2 ] && grep -qF this_is_not_declared "$tmp/err" && has "broken_test.c [build failed]" &&
    [ "$(summary)" = "1 passed, 0 failed, 0 skipped" ]; then
    ok build_failure_exit_2_others_run
else
    bad build_failure_exit_2_others_run "want exit 2, compiler output on stderr, fine_test passing (got exit $rc)"
fi

mkdir -p "$tmp/empty"
run "$tmp/empty"
if [ "$rc" = 0 ] && has "[no test files]"; then ok no_test_files; else bad no_test_files "got exit $rc"; fi

run "$FX/does_not_exist"
if [ "$rc" = 2 ] && has "does_not_exist"; then ok missing_path_exit_2; else bad missing_path_exit_2 "got exit $rc"; fi

run -count=abc "$FX/basic"
if [ "$rc" = 2 ] && has "-count"; then ok bad_flag_exit_2; else bad bad_flag_exit_2 "got exit $rc"; fi

# --- selection ------------------------------------------------------------

# selected NAMES...: the tests that ran (from -v "--- PASS:" lines) are exactly NAMES.
selected() {
    local got want
    got=$(grep -oE -- '--- PASS: [^ ]+' "$tmp/out" | sed 's#.*/##' | sort -u | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort -u | tr '\n' ' ')
    [ "$got" = "$want" ]
}

run -v -run '^test_push$' "$FX/select"
if [ "$rc" = 0 ] && selected test_push; then ok run_anchored; else bad run_anchored "want only test_push"; fi

run -v -run push "$FX/select"
if [ "$rc" = 0 ] && selected test_push test_push_many; then ok run_unanchored; else bad run_unanchored "want test_push test_push_many"; fi

run -v -skip push "$FX/select"
if [ "$rc" = 0 ] && selected test_pop test_peek; then ok skip_pattern; else bad skip_pattern "want test_pop test_peek"; fi

run -v -run 'push|pop' -skip many "$FX/select"
if [ "$rc" = 0 ] && selected test_push test_pop; then ok run_and_skip; else bad run_and_skip "want test_push test_pop"; fi

run -list '^test_p(ush|op)$' "$FX/select"
if [ "$rc" = 0 ] && [ "$(sort "$tmp/out" | tr '\n' ' ')" = "$FX/select/queue_test.c/test_pop $FX/select/queue_test.c/test_push " ]; then
    ok list_pattern
else
    bad list_pattern "want the ids of test_pop and test_push only"
fi

SPLIT=1 run -run '(abc' "$FX/select"
if [ "$rc" = 2 ] && grep -q "offset" "$tmp/err" && grep -qF -- "-run" "$tmp/err"; then
    ok bad_pattern_exit_2_with_offset
else
    cp "$tmp/err" "$tmp/out" 2>/dev/null
    bad bad_pattern_exit_2_with_offset "want exit 2 naming -run and the offset (got exit $rc)"
fi

cat >"$tmp/conf" <<'EOF'
# a profile
count = 2
run = ^test_add$
EOF
run -config "$tmp/conf" "$FX/basic/pass_test.c"
if [ "$rc" = 0 ] && [ "$(summary)" = "1 passed, 0 failed, 0 skipped" ] && has "2 runs"; then
    ok config_file
else
    bad config_file "want test_add only, 2 runs (got exit $rc, '$(summary)')"
fi

run -config configs/default.conf -v "$FX/select"
if [ "$rc" = 0 ] && [ "$(summary)" = "4 passed, 0 failed, 0 skipped" ]; then
    ok default_config_profile
else
    bad default_config_profile "configs/default.conf must give the defaults (got exit $rc)"
fi

run -shuffle 42 -count=2 "$FX/select"
if [ "$rc" = 0 ] && [ "$(head -n 1 "$tmp/out")" = "-shuffle 42" ]; then ok shuffle_prints_seed; else bad shuffle_prints_seed "got exit $rc"; fi

# --- crashes and timeouts -------------------------------------------------

run -v "$FX/crash"
if [ "$rc" = 1 ] && has "--- FAIL: $FX/crash/crash_test.c/test_abort" && has "signal 6" && has "about to abort" &&
    has "--- PASS: $FX/crash/crash_test.c/test_after" && [ "$(summary)" = "2 passed, 1 failed, 0 skipped" ]; then
    ok crash_reported_others_run
else
    bad crash_reported_others_run "want test_abort failed with signal 6 and its stderr, test_after passed (got exit $rc)"
fi

start=$(date +%s)
run -v -timeout 2s "$FX/hang"
took=$(($(date +%s) - start))
if [ "$rc" = 1 ] && has "--- FAIL: $FX/hang/hang_test.c/test_hang" && has "timed out after 2s" &&
    has "--- PASS: $FX/hang/hang_test.c/test_after" && has "--- PASS: $FX/hang/other_test.c/test_other" &&
    [ "$(summary)" = "3 passed, 1 failed, 0 skipped" ] && [ "$took" -lt 30 ]; then
    ok timeout_reported_others_run
else
    bad timeout_reported_others_run "want test_hang timed out, the 3 others passed, exit 1 (got exit $rc in ${took}s)"
fi

# --- JSON -----------------------------------------------------------------

if [ -n "$JC" ]; then
    SPLIT=1 run -json -count=2 "$FX/basic"
    if "$JC" Action Package Test Run <"$tmp/out" >"$tmp/fields" 2>"$tmp/jerr"; then
        passes=$(grep -c "^pass	$FX/basic/pass_test.c	test_add	" "$tmp/fields")
        fails=$(grep -c "^fail	$FX/basic/fail_test.c	test_wrong_sum	" "$tmp/fields")
        skips=$(grep -c "^skip	$FX/basic/pass_test.c	test_skipped	" "$tmp/fields")
        last=$(tail -n 1 "$tmp/out" | "$JC" Action ExitStatus Passed Failed Skipped)
        if [ "$rc" = 1 ] && [ "$passes" = 2 ] && [ "$fails" = 2 ] && [ "$skips" = 2 ] &&
            [ "$last" = "summary	1	3	1	1" ]; then
            ok json_parsed_back
        else
            bad json_parsed_back "want 2 pass/fail/skip events per test and a summary event (got exit $rc, $passes/$fails/$skips, '$last')"
        fi
    else
        cp "$tmp/jerr" "$tmp/out"
        bad json_parsed_back "a line is not JSON"
    fi

    SPLIT=1 run -json -count=3 "$FX/fixtures"
    got=$("$JC" Action Test <"$tmp/out" | grep -E '^(pass|fail|skip)	test_' | sort | uniq -c | awk '{print $1, $2, $3}' | tr '\n' ';')
    want="3 fail test_never_runs;3 fail test_teardown_fails;3 pass test_group_state;3 pass test_with_fixtures;3 skip test_skips;"
    if [ "$rc" = 1 ] && [ "$got" = "$want" ] && ! grep -q "must not run" "$tmp/out"; then
        ok cmocka_fixtures
    else
        bad cmocka_fixtures "want setup/teardown failures, group state and skip per run (got '$got', exit $rc)"
    fi

    # cmocka's post-test checks (a leaked test_malloc block, a leftover
    # will_return value) fail the test, with cmocka's message, as in plain
    # cmocka: in separate entries, and in a batch of runs in one process
    # (where cmocka checks once, after the batch: its last run fails).
    PC=$FX/postcheck/postcheck_test.c
    run -race=false -count=2 "$FX/postcheck"
    if [ "$rc" = 1 ] && has "--- FAIL: $PC/test_leaks_a_block" && has "leaked 1 block(s)" &&
        has "--- FAIL: $PC/test_leaves_a_value" && has "has remaining non-returned values" &&
        [ "$(count "failed in post-test checks")" = 2 ] && [ "$(summary)" = "1 passed, 2 failed, 0 skipped" ]; then
        ok cmocka_post_test_checks_fail
    else
        bad cmocka_post_test_checks_fail "want the leak and the leftover value to fail their tests with cmocka's messages, 1/2/0 (got exit $rc, '$(summary)')"
    fi
    SPLIT=1 run -json -race=false -p 1 -count=3 -run '^test_leaks_a_block$' "$FX/postcheck"
    got=$("$JC" Action Test Run Phase <"$tmp/out" | grep -E '^(pass|fail)	test_' | sort -t'	' -k3n | tr '\t\n' ' ;')
    if [ "$rc" = 1 ] && [[ "$got" == *"fail test_leaks_a_block 3 post-test checks;" ]]; then
        ok cmocka_post_test_checks_fail_batched
    else
        bad cmocka_post_test_checks_fail_batched "want the batch of 3 runs in one process to fail in post-test checks (got '$got', exit $rc)"
    fi

    SPLIT=1 run -json -count=3 -isolate "$FX/basic/pass_test.c"
    n=$("$JC" Action Test <"$tmp/out" | grep -c "^pass	test_")
    if [ "$rc" = 0 ] && [ "$n" = 6 ]; then ok isolate_count; else bad isolate_count "want 6 pass events (got $n, exit $rc)"; fi

    SPLIT=1 run -json -failfast -p 1 -count=5 "$FX/basic/fail_test.c"
    n=$("$JC" Action Test <"$tmp/out" | grep -c "^fail	test_")
    if [ "$rc" = 1 ] && [ "$n" = 1 ]; then ok failfast; else bad failfast "want exactly 1 failed run (got $n, exit $rc)"; fi
else
    skip json_parsed_back "no JSON checker"
fi

# --- aggregation of race events (synthetic events, no detector needed) ------

run -race=false -count=4 "$FX/fake_race"
if [ "$rc" = 66 ] && [ "$(count 'WARNING: DATA RACE')" = 2 ] && has "2 unique data races found" &&
    has "seen in 4 of 4 runs of $FX/fake_race/fake_test.c/test_a (first: run 1, seed" &&
    has "seen in 4 of 4 runs of $FX/fake_race/fake_test.c/test_b (first: run 1, seed" &&
    has "seen in 4 of 4 runs of $FX/fake_race/fake_test.c/test_c (first: run 1, seed" &&
    [ "$(summary)" = "1 passed, 3 failed, 0 skipped" ]; then
    ok aggregation_dedups_by_racing_pair
else
    bad aggregation_dedups_by_racing_pair "want exit 66, 2 unique races (A/B = B/A), 4 of 4 runs each (got exit $rc)"
fi

RACETEST_OPTIONS="exitcode=42" run -race=false -run test_a "$FX/fake_race"
if [ "$rc" = 42 ]; then ok exitcode_option; else bad exitcode_option "want exit 42 with exitcode=42 (got $rc)"; fi

run -race=false -count=6 -isolate -run 'test_[ab]' "$FX/fake_race"
if [ "$rc" = 66 ] && [ "$(count 'WARNING: DATA RACE')" = 1 ] &&
    has "seen in 6 of 6 runs of $FX/fake_race/fake_test.c/test_a"; then
    ok aggregation_across_processes
else
    bad aggregation_across_processes "want one unique race over 12 processes (got exit $rc)"
fi

if [ -n "$JC" ]; then
    SPLIT=1 run -json -race=false -count=2 "$FX/fake_race"
    sums=$("$JC" Action <"$tmp/out" | grep -c '^race-summary$')
    acc=$("$JC" Action Race.Accesses <"$tmp/out" | grep -c '^race	\[2\]$')
    seen=$("$JC" Action Race.Seen <"$tmp/out" | grep -c '^race-summary	\[2\]$')
    if [ "$rc" = 66 ] && [ "$sums" = 2 ] && [ "$acc" = 2 ] && [ "$seen" = 1 ]; then
        ok json_race_events
    else
        bad json_race_events "want 2 race events with both stacks and 2 race-summary events (got $acc, $sums, $seen, exit $rc)"
    fi
fi

# --- races found by the detector (need a runtime that reports race events) --

race_probe() {
    nm "$root/lib/racetest/libracetest_rt.a" 2>/dev/null | grep -q ' T __tsan_read4' || {
        why="the detector runtime is not built"
        return 1
    }
    cat >"$tmp/probe.c" <<'EOF'
#include <pthread.h>
static int x;
static void *w(void *a) { (void)a; x++; return 0; }
int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); x++; pthread_join(t, 0); return 0; }
EOF
    "$RT" build -o "$tmp/probe" "$tmp/probe.c" >/dev/null 2>&1 || {
        why="racetest build cannot build a racy program"
        return 1
    }
    RACETEST_EVENTS_FD=3 "$tmp/probe" 3>"$tmp/probe.events" >/dev/null 2>&1
    grep -q '"event":"race"' "$tmp/probe.events" || {
        why="the runtime writes no race events to RACETEST_EVENTS_FD"
        return 1
    }
}

if race_probe; then
    run -count=5 "$FX/race_dup"
    if [ "$rc" = 66 ] && [ "$(count 'WARNING: DATA RACE')" = 1 ] && has "1 unique data race found" &&
        has "runs of $FX/race_dup/shared_test.c/test_first" && has "runs of $FX/race_dup/shared_test.c/test_second"; then
        ok same_race_in_two_tests_is_one
    else
        bad same_race_in_two_tests_is_one "want exit 66, one report, seen in both tests (got exit $rc)"
    fi

    run "$FX/race_fail"
    if [ "$rc" = 66 ] && has "--- FAIL: $FX/race_fail/fail_test.c/test_wrong_sum"; then
        ok race_and_failure_exit_66
    else
        bad race_and_failure_exit_66 "want exit 66 (got $rc)"
    fi

    if [ -n "$JC" ]; then
        SPLIT=1 run -json -count=3 "$FX/race_dup"
        sums=$("$JC" Action <"$tmp/out" | grep -c '^race-summary$')
        acc=$("$JC" Action Race.Accesses <"$tmp/out" | grep -c '^race	\[2\]$')
        if [ "$rc" = 66 ] && [ "$sums" = 1 ] && [ "$acc" -ge 1 ]; then
            ok detector_json_race_events
        else
            bad detector_json_race_events "want one race-summary and race events with two stacks (got $sums, $acc, exit $rc)"
        fi
    fi
else
    for t in same_race_in_two_tests_is_one race_and_failure_exit_66 detector_json_race_events; do skip "$t" "$why"; done
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
