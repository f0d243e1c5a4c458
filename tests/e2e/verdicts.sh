#!/usr/bin/env bash
# End-to-end tests of issue 15: the runner's verdicts under stress,
# interruption and hostile tests. Fixtures are written into a temp dir at run
# time (some have names no repository should hold: `$(touch PWNED)_test.c`).
#
# Suite protocol (tests/check.sh): "ok NAME", "FAIL NAME: why", "skip NAME:
# why", last line "N passed, N failed, N skipped". Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$PWD
RT=$root/bin/racetest
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-verdicts.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh
CC=${CC:-cc}

if [ ! -x "$RT" ]; then
    echo "FAIL setup: $RT is missing (run make)"
    echo "0 passed, 1 failed"
    exit 1
fi
JC=$tmp/jsoncheck
if ! $CC -std=gnu11 -O1 -I"$root" -o "$JC" tests/e2e/fixtures/runner/jsoncheck.c runner/report/json.c 2>"$tmp/out"; then
    bad jsoncheck "could not build the JSON checker"
    echo "$pass passed, $fail failed, $skipped skipped"
    exit 1
fi

# cmocka_file PATH BODY TESTS: a cmocka test file whose tests are the
# functions named in TESTS (defined in BODY).
cmocka_file() {
    local path=$1 body=$2 tests=$3 list="" t
    for t in $tests; do list="$list cmocka_unit_test($t),"; done
    cat >"$path" <<EOT
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
/* Takes real time: -sched=pct's virtual time skips sleeps, not work. */
__attribute__((unused)) static void busy_ms(long ms)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    do
        clock_gettime(CLOCK_MONOTONIC, &b);
    while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}
$body
int main(void)
{
    const struct CMUnitTest tests[] = {$list};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
EOT
}

# --- 5: rerun commands are shell-quoted and regex-escaped -------------------

H=$tmp/hostile
mkdir -p "$H"
for name in '$(touch PWNED)_test.c' 'c++_test.c' 'with space_test.c'; do
    printf '#include <stdio.h>\nint main(void) { puts("failing on purpose"); return 1; }\n' >"$H/$name"
done
(cd "$H" && "$RT" -junit "$tmp/h.xml" -sarif "$tmp/h.sarif" -jsonfile "$tmp/h.json" . >"$tmp/out" 2>&1)
rc=$?
reruns=$(grep -c '^    rerun: ' "$tmp/out")
if [ "$rc" = 1 ] && [ "$reruns" = 3 ]; then
    ok hostile_names_fail_with_rerun_lines
else
    bad hostile_names_fail_with_rerun_lines "want exit 1 and 3 rerun lines (got exit $rc, $reruns)"
fi
# Each pasted rerun command must rerun exactly its test (1 run, failing) and
# run nothing else.
check_reruns() { # NAME FILE-OF-COMMANDS
    local what=$1 cmds=$2 n=0 good=0 line
    while IFS= read -r line; do
        n=$((n + 1))
        (cd "$H" && PATH="$root/bin:$PATH" bash -c "$line" >"$tmp/rerun.out" 2>&1)
        local r=$?
        if [ "$r" = 1 ] && grep -qE '^0 passed, 1 failed, 0 skipped$' "$tmp/rerun.out" &&
            grep -qE '1 run in ' "$tmp/rerun.out"; then
            good=$((good + 1))
        else
            echo "    rerun ($what) '$line' gave exit $r:"
            sed 's/^/      /' "$tmp/rerun.out" | tail -5
        fi
    done <"$cmds"
    if [ "$n" = 3 ] && [ "$good" = 3 ] && [ ! -e "$H/PWNED" ]; then
        ok "rerun_commands_paste_safely_$what"
    else
        bad "rerun_commands_paste_safely_$what" "want 3 commands each rerunning its one test, no PWNED file (got $good of $n$([ -e "$H/PWNED" ] && echo ', PWNED created'))"
    fi
    rm -f "$H/PWNED"
}
sed -n 's/^    rerun: //p' "$tmp/out" >"$tmp/cmds.text"
check_reruns text "$tmp/cmds.text"
"$JC" Action Rerun <"$tmp/h.json" | sed -n 's/^fail\t//p' | grep -v '^$' >"$tmp/cmds.json"
check_reruns json "$tmp/cmds.json"
sed -n 's/^rerun: //p' "$tmp/h.xml" | sed -e "s/&apos;/'/g" -e 's/&quot;/"/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' >"$tmp/cmds.junit"
check_reruns junit "$tmp/cmds.junit"

# --- 6: NUL bytes and invalid UTF-8 in a test's output ----------------------

N=$tmp/nul
mkdir -p "$N"
cmocka_file "$N/nul_test.c" '
static void test_nul(void **state)
{
    (void)state;
    fwrite("before\0after\n", 1, 13, stdout);
    fwrite("bad \xff utf8\n", 1, 11, stdout);
    fflush(stdout);
    assert_int_equal(7, 8);
}' test_nul
run -junit "$tmp/nul.xml" "$N"
if [ "$rc" = 1 ] && has "after" && has "0x7 != 0x8" && grep -qF "0x7 != 0x8" "$tmp/nul.xml" && grep -qF "after" "$tmp/nul.xml"; then
    ok nul_byte_does_not_truncate_text_junit
else
    bad nul_byte_does_not_truncate_text_junit "want the output after the NUL and the assertion in text and JUnit (exit $rc)"
fi
SPLIT=1 run -json "$N"
if "$JC" Output <"$tmp/out" >"$tmp/outputs" 2>/dev/null && grep -qF after "$tmp/outputs" &&
    grep -qF "0x7 != 0x8" "$tmp/outputs" && grep -qF $'bad \xef\xbf\xbd utf8' "$tmp/outputs" &&
    ! grep -q $'\xff' "$tmp/out"; then
    ok json_output_keeps_nul_and_replaces_invalid_utf8
else
    bad json_output_keeps_nul_and_replaces_invalid_utf8 "want 'after', the assertion and U+FFFD for the invalid byte in the Output fields (exit $rc)"
fi

# --- 2: -timeout limits one run of one test, whatever -p is ------------------

T=$tmp/timeout
mkdir -p "$T"
cmocka_file "$T/sleepy_test.c" '
static void test_a(void **state) { (void)state; usleep(30000); }
static void test_b(void **state) { (void)state; usleep(30000); }' "test_a test_b"
run -count=40 -timeout 1s -p 1 "$T"
rc1=$rc s1=$(summary)
run -count=40 -timeout 1s -p 2 "$T"
if [ "$rc1" = 0 ] && [ "$s1" = "2 passed, 0 failed, 0 skipped" ] && [ "$rc" = 0 ] &&
    [ "$(summary)" = "2 passed, 0 failed, 0 skipped" ] && has "(2 tests, 80 runs)"; then
    ok timeout_is_per_run_whatever_p
else
    bad timeout_is_per_run_whatever_p "want 40 runs of two 30ms tests to pass under -timeout 1s with -p 1 and -p 2 (got exit $rc1 '$s1', $rc '$(summary)')"
fi

cmocka_file "$T/hang_test.c" '
static void test_quick(void **state) { (void)state; }
static void test_hang(void **state) { (void)state; for (;;) pause(); }' "test_quick test_hang"
# The runs of test_hang after its timeout (in the same process) are said not
# run, with why; runs and runs not run add up to the 10 planned.
run -count=5 -timeout 500ms -p 1 "$T/hang_test.c"
runs=$(sed -n 's/^racetest: \([0-9]*\) runs in [0-9.]*s, \([0-9]*\) not run$/\1+\2/p' "$tmp/out")
if [ "$rc" = 1 ] && has "test timed out after 500ms" && grep -qE "^racetest: [0-9] of 5 runs of $T/hang_test.c/test_hang not run: a run timed out" "$tmp/out" &&
    [ -n "$runs" ] && [ "$((runs))" = 10 ] && grep -qE "\(2 tests, [0-9] runs, 1 failed, [0-9] not run\)" "$tmp/out"; then
    ok timeout_accounts_for_abandoned_runs
else
    bad timeout_accounts_for_abandoned_runs "want the 4 runs after the timeout said not run, with why, in the file line and summary (exit $rc)"
fi

# --- 3: no process outlives the runner ---------------------------------------

# A test that forks a long sleep (a unique argument to find it by) and, with
# HANG set, then hangs.
F=$tmp/fork
mkdir -p "$F"
uniq_sleep="3$$.25"
cmocka_file "$F/forker_test.c" "
static void test_fork_sleep(void **state)
{
    (void)state;
    pid_t pid = fork();
    if (pid == 0) {
        execlp(\"sleep\", \"sleep\", \"$uniq_sleep\", (char *)NULL);
        _exit(127);
    }
    assert_true(pid > 0);
    if (getenv(\"HANG\")) {
        FILE *f = fopen(\"$F/started\", \"w\");
        if (f)
            fclose(f);
        for (;;)
            pause();
    }
}" test_fork_sleep
sleepers() { pgrep -u "$(id -u)" -f "sleep $uniq_sleep" | wc -l; }
waitfor() { # COMMAND... : up to 20s
    local i
    for i in $(seq 1 200); do
        if "$@"; then return 0; fi
        sleep 0.1
    done
    return 1
}
run -count=3 "$F"
n=$(sleepers)
if [ "$rc" = 0 ] && [ "$n" = 0 ]; then
    ok forked_sleep_killed_at_run_end
else
    bad forked_sleep_killed_at_run_end "want exit 0 and no 'sleep $uniq_sleep' left (got exit $rc, $n left)"
fi
pkill_sleepers() { pgrep -u "$(id -u)" -f "sleep $uniq_sleep" | while read -r p; do kill -9 "$p"; done; }
pkill_sleepers

mkdir -p "$tmp/t"
rm -f "$F/started"
HANG=1 TMPDIR=$tmp/t "$RT" -timeout 0 "$F" >"$tmp/out" 2>&1 &
rtpid=$!
if waitfor test -e "$F/started"; then
    testpid=$(pgrep -P "$rtpid" | head -1)
    kill -9 "$rtpid"
    wait "$rtpid" 2>/dev/null
    test_gone() { [ -z "$testpid" ] || ! kill -0 "$testpid" 2>/dev/null; }
    waitfor test_gone
    gone=$?
    stale=$(ls "$tmp/t" | wc -l)
    left=$(sleepers)
    # The next racetest sweeps what the killed one left.
    TMPDIR=$tmp/t "$RT" -list . "$T" >/dev/null 2>&1
    after=$(sleepers) dirs=$(ls "$tmp/t" | wc -l)
    if [ -n "$testpid" ] && [ "$gone" = 0 ] && [ "$stale" = 1 ] && [ "$after" = 0 ] && [ "$dirs" = 0 ]; then
        ok kill_9_runner_kills_tests_and_next_start_sweeps
    else
        bad kill_9_runner_kills_tests_and_next_start_sweeps "want the test process dead at once (pid '$testpid', gone $gone), then the stale dir ($stale) and the $left forked sleep(s) gone after the next start (got $dirs dirs, $after sleeps)"
    fi
else
    kill -9 "$rtpid" 2>/dev/null
    bad kill_9_runner_kills_tests_and_next_start_sweeps "the hanging test did not start"
fi
pkill_sleepers

# --- 4: interruptions name the running test, never count it as passed ----------

I=$tmp/intr
mkdir -p "$I"
cmocka_file "$I/hang_test.c" "
static void test_before(void **state) { (void)state; }
static void test_hang(void **state)
{
    (void)state;
    FILE *f = fopen(\"$I/started\", \"w\");
    if (f)
        fclose(f);
    for (;;)
        pause();
}" "test_before test_hang"
interrupt() { # SIGNAL ARGS...: runs racetest, sends SIGNAL once test_hang runs
    local sig=$1
    shift
    rm -f "$I/started"
    env --default-signal=INT "$RT" "$@" >"$tmp/out" 2>"$tmp/err" &
    local pid=$!
    waitfor test -e "$I/started"
    kill -s "$sig" "$pid"
    wait "$pid"
    rc=$?
}
interrupt INT -timeout 0 "$I"
if [ "$rc" = 1 ] && has "--- FAIL: $I/hang_test.c/test_hang" && has "interrupted by SIGINT" &&
    grep -qE "^FAIL	$I/hang_test.c	" "$tmp/out" && ! grep -qE "^ok  	$I/hang_test.c" "$tmp/out"; then
    ok sigint_names_the_running_test
else
    bad sigint_names_the_running_test "want test_hang named as interrupted and the file FAIL, exit 1 (got exit $rc)"
fi
interrupt TERM -json -timeout 0 "$I"
"$JC" Action Package Test Reason <"$tmp/out" >"$tmp/fields" 2>/dev/null
if [ "$rc" = 1 ] && grep -qF "fail	$I/hang_test.c	test_hang	interrupted" "$tmp/fields" &&
    grep -qxF "fail	$I/hang_test.c		" "$tmp/fields" && ! grep -qxF "pass	$I/hang_test.c		" "$tmp/fields" &&
    grep -qF "interrupted by SIGTERM" "$tmp/out" && tail -n 1 "$tmp/out" | grep -qF '"RunsInterrupted":1,'; then
    ok sigterm_json_package_fails
else
    cp "$tmp/fields" "$tmp/out"
    bad sigterm_json_package_fails "want test_hang's event fail/interrupted and the package event fail (got exit $rc)"
fi
D=$tmp/deadline
mkdir -p "$D"
cmocka_file "$D/slow_test.c" '
static void test_slow(void **state) { (void)state; busy_ms(300); }' test_slow
run -duration 2s -p 1 "$D"
if [ "$rc" = 0 ] && has "--- FAIL: $D/slow_test.c/test_slow" && has "stopped at the -duration deadline" &&
    grep -qE '^racetest: [0-9]+ runs in [0-9.]+s, 1 interrupted' "$tmp/out"; then
    ok duration_deadline_names_the_running_test
else
    bad duration_deadline_names_the_running_test "want the run stopped at the deadline named and accounted for, exit 0 (got exit $rc)"
fi

# --- 7: the first failure of each kind, every run accounted for ----------------

K=$tmp/kinds
mkdir -p "$K"
cmocka_file "$K/kinds_test.c" "
static void test_kinds(void **state)
{
    (void)state;
    int n = 0;
    FILE *f = fopen(\"$K/count\", \"r+\");
    if (!f)
        f = fopen(\"$K/count\", \"w+\");
    if (fscanf(f, \"%d\", &n) != 1)
        n = 0;
    rewind(f);
    fprintf(f, \"%d\\\\n\", n + 1);
    fclose(f);
    if (n == 0)
        assert_int_equal(n, 42);
    if (n == 1)
        abort();
    if (n == 2)
        for (;;)
            pause();
}" test_kinds
run -count=4 -p 1 -timeout 1s "$K"
if [ "$rc" = 1 ] && has "0 != 0x2a" && has "test crashed: signal 6" && has "test timed out after 1s" &&
    has "racetest: 1 of 4 runs of $K/kinds_test.c/test_kinds not run" && grep -qE '^racetest: 3 runs in [0-9.]+s, 1 not run$' "$tmp/out"; then
    ok first_failure_of_each_kind_shown
else
    bad first_failure_of_each_kind_shown "want the assertion, the crash and the timeout each shown, and the 4th run accounted for (exit $rc)"
fi

# --- 9: -run/-skip/-list match FILE/TEST level by level, as Go -----------------

P=$tmp/pat
mkdir -p "$P/sub"
cmocka_file "$P/sub/cache_test.c" '
static void test_lazy(void **state) { (void)state; }
static void test_eager(void **state) { (void)state; }' "test_lazy test_eager"
cmocka_file "$P/queue_test.c" '
static void test_lazy(void **state) { (void)state; }' test_lazy
(cd "$P" && "$RT" -list 'cache_test.c/test_lazy' ./... >"$tmp/out" 2>&1)
l1=$(cat "$tmp/out")
(cd "$P" && "$RT" -skip cache_test ./... >"$tmp/out" 2>&1)
rc2=$? s2=$(summary)
(cd "$P" && "$RT" -run 'nothing_matches' . >"$tmp/out" 2>&1)
rc3=$?
if [ "$l1" = "sub/cache_test.c/test_lazy" ] && [ "$rc2" = 0 ] && [ "$s2" = "1 passed, 0 failed, 0 skipped" ] &&
    [ "$rc3" = 0 ] && has "testing: warning: no tests to run"; then
    ok run_skip_list_match_file_and_test_levels
else
    bad run_skip_list_match_file_and_test_levels "want -list F/T to list one id ('$l1'), -skip FILE to skip its tests ($rc2 '$s2'), a warning when nothing runs ($rc3)"
fi

# --- 14: small things ---------------------------------------------------------

printf 'count = 2\nrun = (unclosed\n' >"$tmp/bad.conf"
run -config "$tmp/bad.conf" "$P"
if [ "$rc" = 2 ] && has "$tmp/bad.conf:2: -run: missing closing parenthesis"; then
    ok config_regex_error_names_file_line
else
    bad config_regex_error_names_file_line "want exit 2 and FILE:2 in the -run error (got exit $rc)"
fi

run -count=2 "$P"
if [ "$(grep -cE '[0-9]+ passed, [0-9]+ failed' "$tmp/out")" = 1 ] && ! has "racetest: tests:" &&
    grep -qE '^racetest: 2 runs in [0-9.]+s$' "$tmp/out"; then
    ok summary_printed_once
else
    bad summary_printed_once "want one line of test counts and one of runs"
fi

FF=$tmp/failfast
mkdir -p "$FF"
cmocka_file "$FF/a_test.c" '
static void test_bad(void **state) { (void)state; usleep(100000); assert_int_equal(1, 2); }' test_bad
cmocka_file "$FF/b_test.c" '
static void test_quick(void **state) { (void)state; }
static void test_slow(void **state) { (void)state; busy_ms(3000); }' "test_quick test_slow"
run -failfast -p 2 "$FF"
if [ "$rc" = 1 ] && ! grep -qE "^ok  	$FF/b_test.c" "$tmp/out"; then
    ok failfast_no_ok_for_tests_never_run
else
    bad failfast_no_ok_for_tests_never_run "want no 'ok' line for b_test.c, whose test_slow never finished (exit $rc)"
fi

W=$tmp/wall
mkdir -p "$W"
cmocka_file "$W/par_test.c" '
static void test_a(void **state) { (void)state; usleep(20000); }
static void test_b(void **state) { (void)state; usleep(20000); }' "test_a test_b"
run -count=100 -p 4 "$W" # 4s of runs in about 1s: summed, the file's time would be 4s
ftime=$(sed -n "s|^ok  	$W/par_test.c	\([0-9.]*\)s	.*|\1|p" "$tmp/out")
wall=$(sed -n 's/^racetest: .* runs\{0,1\} in \([0-9.]*\)s.*/\1/p' "$tmp/out")
if [ -n "$ftime" ] && [ -n "$wall" ] && awk -v f="$ftime" -v w="$wall" 'BEGIN { exit !(f <= w + 0.05) }'; then
    ok file_time_within_wall_time
else
    bad file_time_within_wall_time "want the file's time ($ftime) <= the run's wall time ($wall)"
fi

# --- 8: a race whose older stack was lost is the known pair ---------------------

# Race events written as the runtime writes them (run with -race=false):
# worker|bump with both stacks, and twice with bump's stack lost.
L=$tmp/lost
mkdir -p "$L"
cat >"$L/lost_test.c" <<'EOT'
//racetest:build !race
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
int __racetest_event_write(const char *line, size_t len);
static void race(int id, int full)
{
    char line[1024];
    snprintf(line, sizeof line,
             "{\"event\":\"race\",\"id\":%d,\"first\":true,\"test\":\"\",\"run\":0,\"report\":\"WARNING: DATA RACE\\n\","
             "\"accesses\":[{\"kind\":\"write\",\"thread\":\"T1\",\"stack\":[{\"func\":\"worker\",\"file\":\"fake/x.c\",\"line\":7}]},"
             "{\"kind\":\"write\",\"thread\":\"main\",\"stack\":[%s]}]}\n",
             id, full ? "{\"func\":\"bump\",\"file\":\"fake/x.c\",\"line\":8}" : "");
    __racetest_event_write(line, strlen(line));
}
static void test_lost_first(void **state) { (void)state; race(1, 0); }
static void test_full(void **state) { (void)state; race(2, 1); }
static void test_lost_after(void **state) { (void)state; race(3, 0); }
int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_lost_first), cmocka_unit_test(test_full),
                                       cmocka_unit_test(test_lost_after)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
EOT
run -race=false -p 1 -sarif "$tmp/lost.sarif" "$L"
fp=$(grep -o '"racetest/v1":"[0-9a-f]*"' "$tmp/lost.sarif" | sort -u)
if [ "$rc" = 66 ] && has "racetest: 1 unique data race found" && grep -qF '"key":"fake/x.c:7:worker|fake/x.c:8:bump"' "$tmp/lost.sarif" &&
    ! grep -qF '|?' "$tmp/lost.sarif" && [ "$(echo "$fp" | grep -c .)" = 1 ]; then
    ok lost_stack_merges_into_known_pair
else
    bad lost_stack_merges_into_known_pair "want one unique race worker|bump, no '|?' key, one fingerprint (exit $rc, fingerprints '$fp')"
fi
# The same across shards: racetest merge of a run that saw only A|? and one
# that saw A|B.
(cd "$L" && "$RT" -race=false -run test_lost_first -json . >"$tmp/shard1.json" 2>/dev/null)
(cd "$L" && "$RT" -race=false -run test_full -json . >"$tmp/shard2.json" 2>/dev/null)
run merge -sarif "$tmp/merged.sarif" "$tmp/shard1.json" "$tmp/shard2.json"
if [ "$rc" = 66 ] && has "racetest: 1 unique data race found" && ! grep -qF '|?' "$tmp/merged.sarif"; then
    ok merge_joins_lost_stack_to_known_pair
else
    bad merge_joins_lost_stack_to_known_pair "want one unique race after merging A|? with A|B (exit $rc)"
fi
run -race=false -run test_lost_first -sarif "$tmp/lost1.sarif" "$L"
if [ "$rc" = 66 ] && grep -q '"ruleId":"data-race"' "$tmp/lost1.sarif" && ! grep -q partialFingerprints "$tmp/lost1.sarif"; then
    ok no_sarif_fingerprint_on_lost_stack
else
    bad no_sarif_fingerprint_on_lost_stack "want the A|? race reported without a fingerprint (exit $rc)"
fi

# --- 12, 13: what other tools read: gotestsum, JUnit, SARIF (validated) --------

# Tools are installed into a cache outside the repository, once.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/racetest-tests
mkdir -p "$cache"

G=$tmp/gts
mkdir -p "$G"
cmocka_file "$G/mixed_test.c" '
static void test_ok(void **state) { (void)state; puts("hello from test_ok"); }
static void test_bad(void **state) { (void)state; assert_int_equal(1, 2); }' "test_ok test_bad"
# -p 1: runs of one test in two processes at once would interleave their
# events, which go test never does.
(cd "$G" && "$RT" -json -count=2 -p 1 . >"$tmp/gts.json" 2>/dev/null)
if grep -qF '"Output":"=== RUN   test_ok\n"' "$tmp/gts.json" && grep -qF '"Output":"--- FAIL: test_bad (' "$tmp/gts.json" &&
    grep -qF '"Output":"FAIL\tmixed_test.c\t' "$tmp/gts.json"; then
    ok json_has_go_output_lines
else
    cp "$tmp/gts.json" "$tmp/out"
    bad json_has_go_output_lines "want === RUN, --- FAIL and the file's FAIL line as Output"
fi
GTS=$cache/gotestsum/usr/bin/gotestsum
if [ ! -x "$GTS" ]; then
    (cd "$cache" && rm -rf gotestsum gotestsum_*.deb && apt-get download gotestsum >/dev/null 2>&1 &&
        dpkg-deb -x gotestsum_*.deb gotestsum) >/dev/null 2>&1
fi
if [ -x "$GTS" ]; then
    "$GTS" --format standard-verbose --junitfile "$tmp/gts.xml" --raw-command -- cat "$tmp/gts.json" >"$tmp/out" 2>&1
    grc=$?
    # (--raw-command: its exit status is cat's)
    if [ "$grc" = 0 ] && has "DONE 4 tests, 2 failures" && has "=== RUN   test_ok" && has "hello from test_ok" && has "--- PASS: test_ok" &&
        has "--- FAIL: test_bad" && grep -q '<testsuite tests="4" failures="2"[^>]*name="mixed_test.c"' "$tmp/gts.xml"; then
        ok gotestsum_reads_json
    else
        cat "$tmp/gts.xml" >>"$tmp/out"
        bad gotestsum_reads_json "want gotestsum to show the runs and count 4 tests, 2 failures in mixed_test.c (exit $grc)"
    fi
else
    skip gotestsum_reads_json "cannot install Debian's gotestsum (apt-get download gotestsum failed: offline?)"
fi
if grep -qF '"Accesses":[{"Kind":"write","Thread":"T1","Stack":[{"Func":"worker","File":"fake/x.c","Line":7}]}' "$tmp/lost.json" 2>/dev/null ||
    { (cd "$L" && "$RT" -race=false -json -run test_full . >"$tmp/lost.json" 2>/dev/null);
      grep -qF '"Accesses":[{"Kind":"write","Thread":"T1","Stack":[{"Func":"worker","File":"fake/x.c","Line":7}]}' "$tmp/lost.json"; }; then
    ok json_race_keys_go_style
else
    cp "$tmp/lost.json" "$tmp/out"
    bad json_race_keys_go_style "want Go-style keys inside Race.Accesses"
fi

J=$tmp/junit
mkdir -p "$J"
cmocka_file "$J/bad_test.c" '
static void test_crash(void **state) { (void)state; abort(); }
static void test_hang(void **state) { (void)state; for (;;) pause(); }
static void test_assert(void **state) { (void)state; assert_int_equal(1, 2); }' "test_crash test_hang test_assert"
run -timeout 500ms -junit "$tmp/j.xml" "$J"
if [ "$rc" = 1 ] && grep -q '<error type="Crash"' "$tmp/j.xml" && grep -q '<error type="Timeout"' "$tmp/j.xml" &&
    [ "$(grep -c '<failure' "$tmp/j.xml")" = 1 ]; then
    ok junit_crash_and_timeout_are_errors
else
    cp "$tmp/j.xml" "$tmp/out"
    bad junit_crash_and_timeout_are_errors "want <error> for the crash and the timeout, one <failure> (exit $rc)"
fi

# A repository whose racy code is outside the folder racetest runs in.
R=$tmp/repo
mkdir -p "$R/.git" "$R/src" "$R/tests/unit"
cat >"$R/src/counter.c" <<'EOT'
#include <pthread.h>
int counter;
static void *bump(void *arg) { (void)arg; counter++; return 0; }
void bump_twice(void)
{
    pthread_t a, b;
    pthread_create(&a, 0, bump, 0);
    pthread_create(&b, 0, bump, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
}
EOT
cmocka_file "$R/tests/unit/counter_test.c" '
void bump_twice(void);
static void test_counter(void **state) { (void)state; bump_twice(); }' test_counter
sed -i '1i //racetest:sources ../../src/counter.c' "$R/tests/unit/counter_test.c"
(cd "$R/tests/unit" && "$RT" -count=5 -sarif "$tmp/r.sarif" . >"$tmp/out" 2>&1)
rc=$?
uris=$(grep -o '"uri":"[^"]*"' "$tmp/r.sarif" | sort -u | tr '\n' ' ')
if [ "$rc" = 66 ] && grep -qF '"uri":"src/counter.c"' "$tmp/r.sarif" && ! grep -qF 'file://' "$tmp/r.sarif" &&
    ! grep -qF '.:' "$tmp/r.sarif" && grep -qF '"informationUri":"https://' "$tmp/r.sarif"; then
    ok sarif_paths_from_repo_root_in_subfolder
else
    bad sarif_paths_from_repo_root_in_subfolder "want repository-relative URIs (got $uris), informationUri, no '.:' (exit $rc)"
fi
SMT=$cache/npm/node_modules/.bin/sarif-multitool
if [ ! -x "$SMT" ]; then
    mkdir -p "$cache/npm"
    npm install --no-audit --no-fund --prefix "$cache/npm" @microsoft/sarif-multitool >/dev/null 2>&1
    chmod u+x "$cache"/npm/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null
fi
if [ -x "$SMT" ]; then
    "$SMT" validate "$tmp/r.sarif" --output "$tmp/r.validation.sarif" --log ForceOverwrite >"$tmp/out" 2>&1
    vrc=$?
    if [ "$vrc" = 0 ] && has "Analysis completed successfully" && ! grep -qE ': (warning|error) [A-Z]+[0-9]+' "$tmp/out"; then
        ok sarif_multitool_validates
    else
        bad sarif_multitool_validates "want no error or warning from sarif-multitool validate (exit $vrc)"
    fi
else
    skip sarif_multitool_validates "cannot install npm's @microsoft/sarif-multitool (offline?)"
fi

# --- 10: a report names only its own test's objects ----------------------------

# Both tests put a mutex at the same stack address (same frames); only
# test_second races, under it. Its report must say the mutex was created in
# lock_in_second, not in the earlier test's lock_in_first.
S=$tmp/state
mkdir -p "$S"
cmocka_file "$S/reuse_test.c" '
#include <pthread.h>
static int shared;
__attribute__((noinline)) static void lock_in_first(pthread_mutex_t *m) { pthread_mutex_lock(m); pthread_mutex_unlock(m); }
__attribute__((noinline)) static void lock_in_second(pthread_mutex_t *m) { pthread_mutex_lock(m); shared++; pthread_mutex_unlock(m); }
static void *worker(void *arg) { lock_in_second(arg); return 0; }
__attribute__((noinline)) static void with_mutex(int racy)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    if (!racy) {
        lock_in_first(&m);
        return;
    }
    pthread_t t;
    pthread_create(&t, 0, worker, &m);
    shared++;
    pthread_join(t, 0);
}
static void test_first(void **state) { (void)state; with_mutex(0); }
static void test_second(void **state) { (void)state; with_mutex(1); }' "test_first test_second"
run -p 1 "$S"
created=$(sed -n '/^Mutex M[0-9]* .* created at:/,/^$/p' "$tmp/out")
if [ "$rc" = 66 ] && echo "$created" | grep -q lock_in_second && ! echo "$created" | grep -q lock_in_first; then
    ok report_names_only_its_own_tests_mutex
else
    bad report_names_only_its_own_tests_mutex "want the mutex created in lock_in_second, not lock_in_first (exit $rc): $created"
fi

# --- 11: the runtime stays out of the program's own output ---------------------

O=$tmp/own
mkdir -p "$O/logs"
cat >"$O/prog.c" <<'EOT'
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
static int shared;
static void *worker(void *arg)
{
    cpu_set_t s;
    pthread_getaffinity_np(pthread_self(), sizeof s, &s);
    *(int *)arg = CPU_COUNT(&s);
    shared++;
    return 0;
}
int main(int argc, char **argv)
{
    (void)argv;
    cpu_set_t s;
    sched_getaffinity(0, sizeof s, &s);
    int in_thread = 0;
    pthread_t t;
    pthread_create(&t, 0, worker, &in_thread);
    if (argc > 1) /* racy */
        shared++;
    pthread_join(t, 0);
    printf("cpus %d %d\n", CPU_COUNT(&s), in_thread);
    return 0;
}
EOT
if "$RT" build -o "$O/prog" "$O/prog.c" >"$tmp/out" 2>&1; then
    RACETEST_OPTIONS="sched=random" "$O/prog" >"$O/clean.out" 2>"$O/clean.err"
    crc=$?
    RACETEST_OPTIONS="sched=random" "$O/prog" racy >/dev/null 2>"$O/racy.err"
    rrc=$?
    if [ "$crc" = 0 ] && [ ! -s "$O/clean.err" ] && [ "$rrc" = 66 ] &&
        [ "$(grep -nE '^racetest: sched seed 0x[0-9a-f]{16}$' "$O/racy.err" | cut -d: -f1)" = 1 ] &&
        grep -q "WARNING: DATA RACE" "$O/racy.err"; then
        ok sched_seed_only_with_a_report
    else
        cat "$O/clean.err" "$O/racy.err" >"$tmp/out"
        bad sched_seed_only_with_a_report "want nothing on a clean program's stderr, the seed first with a report (exit $crc, $rrc)"
    fi
    want=$(RACETEST_OPTIONS="sched=off" "$O/prog" 2>/dev/null)
    got_random=$(RACETEST_OPTIONS="sched=random sched_seed=5 sched_affinity=random" "$O/prog" 2>/dev/null)
    got_one=$(RACETEST_OPTIONS="sched=random sched_seed=5 sched_affinity=one sched_cpus=1" "$O/prog" 2>/dev/null)
    if [ -n "$want" ] && [ "$got_random" = "$want" ] && [ "$got_one" = "$want" ]; then
        ok affinity_reads_the_original_set
    else
        bad affinity_reads_the_original_set "want '$want' under every placement (random: '$got_random', one: '$got_one')"
    fi
    RACETEST_OPTIONS="log_path=$O/logs/log" "$O/prog" >/dev/null 2>&1
    n_clean=$(ls "$O/logs" | wc -l)
    RACETEST_OPTIONS="log_path=$O/logs/log" "$O/prog" racy >/dev/null 2>&1
    if [ "$n_clean" = 0 ] && [ "$(ls "$O/logs" | wc -l)" = 1 ] && grep -q "WARNING: DATA RACE" "$O/logs"/log.*; then
        ok log_path_file_only_when_reporting
    else
        bad log_path_file_only_when_reporting "want no log file for a clean process ($n_clean), one with the report for a racy one"
    fi
else
    bad sched_seed_only_with_a_report "racetest build failed"
fi

# --- 14: make check fails a suite whose shell reported an error ----------------

cat >"$tmp/noisy_suite.sh" <<'EOT'
#!/usr/bin/env bash
sh -c 'kill -SEGV $$' >/dev/null 2>&1
read -r _ </nonexistent/stat 2>/dev/null || true
x=$(cat "/proc/0/stat")
echo "ok something"
echo "1 passed, 0 failed"
EOT
chmod +x "$tmp/noisy_suite.sh"
tests/check.sh "$tmp/noisy_suite.sh" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" != 0 ] && has "the shell reported 2 error(s)" && [ "$(tail -n 1 "$tmp/out")" = "1 passed, 1 failed, 0 skipped" ]; then
    ok check_sh_fails_on_shell_notices
else
    bad check_sh_fails_on_shell_notices "want the suite failed for its Segmentation fault and missing-file notices (exit $rc)"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
