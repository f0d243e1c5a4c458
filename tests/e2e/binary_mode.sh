#!/usr/bin/env bash
# End-to-end tests of `racetest [flags] -- BINARY ARGS...` (issue 17): a test
# binary built elsewhere (here with `racetest cc`, as a CMake or make project
# would) run many times under the runner. A plain program is one test run one
# process per run; a cmocka program linked with racetest's glue is listed,
# filtered with -run and repeated in-process like a *_test.c file. Then the
# same for the tests of a CMake project (racetest -ctest BUILD_DIR).
#
# Suite protocol (tests/check.sh): "ok NAME", "FAIL NAME: why", last line
# "N passed, N failed, N skipped". Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
RT=$ROOT/bin/racetest
LIB=$ROOT/lib/racetest
FX=$ROOT/tests/e2e/fixtures/binary
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-binary.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh

if [ ! -x "$RT" ]; then
    echo "FAIL setup: $RT is missing (run make)"
    echo "0 passed, 1 failed"
    exit 1
fi

# The binaries, built in a build folder as a project's build would.
mkdir -p "$tmp/build"
GLUE=(-Wl,--wrap=_cmocka_run_group_tests -Wl,--wrap=_skip "$LIB/libracetest_cmocka.a" -lcmocka)
if ! "$RT" cc -g -O1 -o "$tmp/build/maybe_racy" "$FX/maybe_racy.c" -lpthread >"$tmp/out" 2>&1 ||
    ! "$RT" cc -g -O1 -o "$tmp/build/suite_test" "$FX/suite_cmocka.c" "${GLUE[@]}" -lpthread >>"$tmp/out" 2>&1 ||
    ! "$RT" cc -g -O1 -o "$tmp/build/suite_autoglue" "$FX/suite_cmocka.c" -lcmocka -lpthread >>"$tmp/out" 2>&1 ||
    ! cc -g -O1 -o "$tmp/build/suite_noglue" "$FX/suite_cmocka.c" -lcmocka -lpthread >>"$tmp/out" 2>&1; then
    bad setup "racetest cc could not build the fixtures"
    echo "$pass passed, $fail failed, $skipped skipped"
    exit 1
fi
cd "$tmp" || exit 2

# A racy plain binary: exit 66, the race reported once, the arguments passed,
# and a rerun command that ends in the binary and its arguments.
run -count 20 -- ./build/maybe_racy race
if [ "$rc" = 66 ] && [ "$(count "WARNING: DATA RACE")" = 1 ] && has "1 unique data race found" &&
    has "./build/maybe_racy/maybe_racy" && has "(1 test, 20 runs" &&
    has "-count=1 -isolate -sched=pct -run-seed" && has "-- ./build/maybe_racy race"; then
    ok plain_binary_racy
else
    bad plain_binary_racy "want exit 66, one race report, 20 runs of test maybe_racy and a rerun ending in -- ./build/maybe_racy race (got $rc)"
fi

# The same binary with "clean": exit 0, no race, every run a process of its own.
run -count 20 -v -- ./build/maybe_racy clean
if [ "$rc" = 0 ] && ! has "DATA RACE" && [ "$(count "counter 2")" = 20 ] && has "ok  	./build/maybe_racy"; then
    ok plain_binary_clean
else
    bad plain_binary_clean "want exit 0, no race, 20 runs each printing counter 2 (got $rc)"
fi

# The rerun command it printed works as given (the run seed replays).
run -count 5 -- ./build/maybe_racy race
rerun=$(grep -m1 '^rerun: ' "$tmp/out" | sed 's/^rerun: racetest //')
eval "set -- $rerun"
run "$@"
if [ -n "$rerun" ] && [ "$rc" = 66 ] && has "(1 test, 1 run"; then
    ok plain_binary_rerun_command
else
    bad plain_binary_rerun_command "want the printed rerun command ($rerun) to run the binary once and find the race (got $rc)"
fi

# A failing exit status is a failed run, with the status named; a missing
# binary, and paths beside the command, are usage errors.
run -count 3 -- ./build/maybe_racy bogus
if [ "$rc" = 1 ] && has "exit status 3"; then ok plain_binary_exit_status; else bad plain_binary_exit_status "want exit 1 naming exit status 3 (got $rc)"; fi
SPLIT=1 run -count 1 -- ./build/nonexistent
if [ "$rc" = 2 ] && grep -qF -- "-- ./build/nonexistent" "$tmp/err"; then ok missing_binary; else bad missing_binary "want exit 2 naming the command (got $rc)"; fi
SPLIT=1 run -count 1 some/dir -- ./build/maybe_racy
if [ "$rc" = 2 ] && grep -qF "paths and -- COMMAND" "$tmp/err"; then ok paths_and_command; else bad paths_and_command "want exit 2 (got $rc)"; fi

# Per-run timeouts apply to the binary (sleep is any binary at all).
run -count 2 -timeout 1s -- sleep 30
if [ "$rc" = 1 ] && has "sleep/sleep" && grep -qi "timed out\|timeout" "$tmp/out"; then
    ok any_binary_timeout
else
    bad any_binary_timeout "want exit 1 with the runs of sleep/sleep timed out (got $rc)"
fi

# A cmocka binary with the glue: listed (the listing gets the arguments too),
# filtered with -run, repeated in-process.
run -list . -- ./build/suite_test "$tmp/starts"
if [ "$rc" = 0 ] && [ "$(cat "$tmp/out")" = "./build/suite_test/test_alpha
./build/suite_test/test_beta
./build/suite_test/test_racy" ]; then
    ok cmocka_binary_listed
else
    bad cmocka_binary_listed "want its three tests listed as ./build/suite_test/TEST (got $rc)"
fi
rm -f "$tmp/starts"
run -count 30 -p 1 -v -run 'alpha|beta' -- ./build/suite_test "$tmp/starts"
starts=$(wc -l <"$tmp/starts" 2>/dev/null || echo 0)
if [ "$rc" = 0 ] && [ "$(count "--- PASS: ./build/suite_test/test_alpha")" = 30 ] &&
    [ "$(count "--- PASS: ./build/suite_test/test_beta")" = 30 ] && ! has "test_racy" &&
    [ "$starts" -ge 2 ] && [ "$starts" -lt 30 ]; then
    ok cmocka_binary_filtered_in_process
else
    bad cmocka_binary_filtered_in_process "want 30 passing runs each of test_alpha and test_beta, test_racy not run, in fewer than 30 processes (got $rc, $starts processes)"
fi
rm -f "$tmp/starts"
run -count 10 -p 1 -isolate -run alpha -- ./build/suite_test "$tmp/starts"
starts=$(wc -l <"$tmp/starts" 2>/dev/null || echo 0)
if [ "$rc" = 0 ] && [ "$starts" = 11 ]; then
    ok cmocka_binary_isolate
else
    bad cmocka_binary_isolate "want the listing and one process per run with -isolate: 11 processes (got $rc, $starts)"
fi
run -count 10 -- ./build/suite_test "$tmp/starts"
if [ "$rc" = 66 ] && [ "$(count "WARNING: DATA RACE")" = 1 ] && has "FAIL: ./build/suite_test/test_racy" &&
    ! has "FAIL: ./build/suite_test/test_alpha"; then
    ok cmocka_binary_race
else
    bad cmocka_binary_race "want exit 66 with the race once, in test_racy only (got $rc)"
fi

# racetest cc adds the glue itself to a link that names cmocka: the same
# tests, listed and repeated in-process; outside racetest it is plain cmocka.
run -list . -- ./build/suite_autoglue "$tmp/starts"
listed=$(cat "$tmp/out")
rm -f "$tmp/starts"
run -count 20 -p 1 -run alpha -- ./build/suite_autoglue "$tmp/starts"
starts=$(wc -l <"$tmp/starts" 2>/dev/null || echo 0)
run_cmd ./build/suite_autoglue "$tmp/plain_starts"
if [ "$listed" = "./build/suite_autoglue/test_alpha
./build/suite_autoglue/test_beta
./build/suite_autoglue/test_racy" ] && [ "$starts" -lt 20 ] && [ "$rc" = 66 ] && has "[  PASSED  ] 3 test(s)." &&
    has "WARNING: DATA RACE"; then
    ok racetest_cc_adds_cmocka_glue
else
    bad racetest_cc_adds_cmocka_glue "want the -lcmocka binary built by racetest cc listed as 3 tests and repeated in-process ($starts processes for 20 runs), and cmocka's own run of its 3 tests (and the race, exit 66) when run by itself (got $rc)"
fi

# The same program built without racetest cc has no glue: one test, run as a whole.
run -list . -- ./build/suite_noglue "$tmp/starts"
if [ "$rc" = 0 ] && [ "$(cat "$tmp/out")" = "./build/suite_noglue/suite_noglue" ]; then
    ok cmocka_binary_without_glue_is_one_test
else
    bad cmocka_binary_without_glue_is_one_test "want one test named suite_noglue (got $rc)"
fi

# ---- racetest -ctest BUILD_DIR: a CMake project's CTest tests ------------------
CTFX=$ROOT/tests/e2e/fixtures/ctest_project
if ! command -v cmake >/dev/null 2>&1 || ! command -v ctest >/dev/null 2>&1; then
    skip ctest "cmake/ctest not installed"
elif ! cmake -S "$CTFX" -B "$tmp/ct" -DCMAKE_C_COMPILER="$ROOT/bin/racetest-cc" \
        >"$tmp/out" 2>&1 || ! cmake --build "$tmp/ct" -- -s >>"$tmp/out" 2>&1; then
    bad ctest_build "the CTest fixture did not build with racetest-cc"
else
    run -list . -ctest ct
    if [ "$rc" = 0 ] && [ "$(sort "$tmp/out" | tr '\n' ' ')" = "alone/alone clean/clean env_and_dir/env_and_dir lock_a/lock_a lock_b/lock_b needs_broken/needs_broken racy/racy skipper/skipper slow/slow suite/test_alpha suite/test_beta suite/test_racy uses_db/uses_db " ]; then
        ok ctest_listed
    else
        bad ctest_listed "want the CTest names (the cmocka one's tests listed, the DISABLED one and the fixture tests left out) (got $rc)"
    fi
    run -count 5 -skip-label 'broken|exclusive' -ctest ct
    if [ "$rc" = 66 ] && has "racetest: 2 unique data races found" && has "ok  	clean" && has "ok  	env_and_dir" &&
        has "FAIL: suite/test_racy" && ! has "FAIL: suite/test_alpha" && has "FAIL: slow/slow" &&
        has "timed out after 1s" && ! has "off" && ! has "FAIL: skipper" && has "ok  	uses_db"; then
        ok ctest_run
    else
        bad ctest_run "want exit 66: the races of racy and suite/test_racy, clean and env_and_dir (its ENVIRONMENT and WORKING_DIRECTORY) passing, slow killed at its TIMEOUT of 1s (got $rc)"
    fi
    rerun=$(grep -m1 '^rerun: .*suite\$/' "$tmp/out" | sed 's/^rerun: racetest //')
    eval "set -- $rerun"
    run "$@"
    if [ -n "$rerun" ] && [ "$rc" = 66 ] && has "(1 test, 1 run" && has "suite/test_racy"; then
        ok ctest_rerun_command
    else
        bad ctest_rerun_command "want the printed rerun command ($rerun) to run suite/test_racy once and find its race (got $rc)"
    fi
    run -count 3 -run '^(clean|env_and_dir)$' -ctest ct
    if [ "$rc" = 0 ] && has "ok  	clean" && has "ok  	env_and_dir" && ! has "FAIL" && ! has "DATA RACE" &&
        has "(1 test, 3 runs)" && has "6 runs in"; then
        ok ctest_run_filter
    else
        bad ctest_run_filter "want only clean and env_and_dir run, passing (got $rc)"
    fi
    # LABELS: -label and -skip-label, as ctest -L/-LE.
    run -list . -label quick -skip-label stress -ctest ct
    if [ "$rc" = 0 ] && [ "$(cat "$tmp/out")" = "skipper/skipper" ]; then
        ok ctest_labels
    else
        bad ctest_labels "want only skipper (label quick, not stress) listed (got $rc)"
    fi
    SPLIT=1 run -list . -label '(' -ctest ct
    if [ "$rc" = 2 ] && grep -qF -- "-label: " "$tmp/err"; then
        ok ctest_bad_label_pattern
    else
        bad ctest_bad_label_pattern "want exit 2 naming -label for a bad pattern (got $rc)"
    fi
    # SKIP_RETURN_CODE: such an exit is a skipped run.
    run -count 3 -run '^skipper$' -ctest ct
    if [ "$rc" = 0 ] && [ "$(summary)" = "0 passed, 0 failed, 1 skipped" ]; then
        ok ctest_skip_return_code
    else
        bad ctest_skip_return_code "want skipper's exit status 4 (its SKIP_RETURN_CODE) counted as skipped (got $rc)"
    fi
    # Fixtures: uses_db needs db, which needs state. Each setup is a mkdir
    # and each cleanup a rmdir, so a step run twice or out of order fails;
    # uses_db passes only while both exist. Setups run once before the 10
    # runs, cleanups once after them.
    run -count 10 -p 2 -label fixture -ctest ct
    if [ "$rc" = 0 ] && has "ok  	uses_db" && has "(1 test, 10 runs)" && has "?   	db_start	[fixture: not stressed]" &&
        ! has "FAIL" && [ ! -e "$tmp/ct/state" ]; then
        ok ctest_fixtures
    else
        bad ctest_fixtures "want uses_db passing 10 runs between the setups and the cleanups of state and db, each run once, in order (got $rc)"
    fi
    # (state_make would fail on the folder made here, state_remove remove it.)
    mkdir "$tmp/ct/state"
    run -count 3 -run '^clean$' -ctest ct
    if [ "$rc" = 0 ] && ! has "fixture setup failed" && rmdir "$tmp/ct/state"; then
        ok ctest_fixtures_only_when_required
    else
        bad ctest_fixtures_only_when_required "want no fixture run for tests that require none (got $rc)"
    fi
    run -count 3 -label broken -ctest ct
    if [ "$rc" = 1 ] && has "--- FAIL: broken_setup" && has "fixture setup failed: exit status 3; not run: needs_broken/needs_broken" &&
        has "cannot set up" && ! has "ok  	needs_broken"; then
        ok ctest_fixture_setup_fails
    else
        bad ctest_fixture_setup_fails "want exit 1 naming the failed setup, its output and the test it leaves not run (got $rc)"
    fi
    # RUN_SERIAL and RESOURCE_LOCK: the runs of alone overlap no other run,
    # those of lock_a and lock_b none of each other's (nor their own), even
    # with 4 workers. The same command without them does overlap (control).
    run -count 4 -p 4 -label exclusive -ctest ct
    if [ "$rc" = 0 ] && [ "$(summary)" = "3 passed, 0 failed, 0 skipped" ]; then
        ok ctest_run_serial_and_resource_lock
    else
        bad ctest_run_serial_and_resource_lock "want alone, lock_a and lock_b to pass 4 runs each without overlapping (got $rc)"
    fi
    run -count 4 -p 4 -- sh -c "mkdir '$tmp/held' || exit 1; sleep 1; rmdir '$tmp/held'"
    if [ "$rc" = 1 ]; then ok ctest_overlap_control; else bad ctest_overlap_control "want overlapping runs of the plain command to fail (got $rc)"; fi
    rmdir "$tmp/held" 2>/dev/null
    # Configured but not built: the tests have no command yet.
    cmake -S "$CTFX" -B "$tmp/unbuilt" -DCMAKE_C_COMPILER="$ROOT/bin/racetest-cc" >/dev/null 2>&1
    SPLIT=1 run -ctest unbuilt
    if [ "$rc" = 2 ] && grep -q "has no command (is its executable built?)" "$tmp/err"; then
        ok ctest_unbuilt
    else
        bad ctest_unbuilt "want exit 2 naming the test without a command (got $rc)"
    fi
    SPLIT=1 PATH=/nonexistent run -ctest ct
    if [ "$rc" = 2 ] && grep -qF -- "-ctest $tmp/ct: \`ctest --show-only=json-v1\` failed" "$tmp/err"; then
        ok ctest_missing
    else
        bad ctest_missing "want exit 2 naming the failed ctest command when ctest cannot run (got $rc)"
    fi
    SPLIT=1 run -ctest "$tmp/build"
    if [ "$rc" = 2 ] && grep -qF -- "-ctest $tmp/build: no CTestTestfile.cmake there" "$tmp/err"; then
        ok ctest_not_a_build_dir
    else
        bad ctest_not_a_build_dir "want exit 2 naming the folder that is no CTest build folder (got $rc)"
    fi
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
