#!/usr/bin/env bash
# End-to-end tests of racetest's CI features (issue 7) on the fixture trees in
# tests/e2e/fixtures/ci/: JUnit (well-formed, schema-valid with xmllint when
# it is installed, structurally checked always, hostile output escaped),
# SARIF (the 2.1.0 required structure, stable fingerprints), -json/-jsonfile
# written incrementally, sharding (-shard K/N by test and by run, Bazel and
# Kubernetes environments) merged back into the unsharded result, a SIGKILLed
# job merged, -duration, and the configs/ profiles.
#
# The fixture races are synthetic events (tree/race_test.c, run with
# -race=false), so the suite is fast and exact; one test uses the detector
# when it reports races.
#
# Suite protocol (tests/check.sh): "ok NAME", "FAIL NAME: why", "skip NAME:
# why", last line "N passed, N failed, N skipped". Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$PWD
RT=$root/bin/racetest
FX=tests/e2e/fixtures/ci
TREE=$FX/tree
SLOW=$FX/slow
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-ci.XXXXXX") || exit 2
bg_pid=
cleanup() {
    [ -n "$bg_pid" ] && kill -9 "$bg_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0 skipped=0

ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() {
    echo "FAIL $1: $2"
    fail=$((fail + 1))
    if [ -s "$tmp/out" ]; then sed 's/^/    | /' "$tmp/out" | head -40; fi
}
skip() { echo "skip $1: $2"; skipped=$((skipped + 1)); }

# run ARGS...: stdout in $tmp/out, stderr in $tmp/err, status in $rc.
run() {
    "$RT" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

if [ ! -x "$RT" ]; then
    echo "FAIL setup: $RT is missing (run make)"
    echo "0 passed, 1 failed"
    exit 1
fi

# Checkers, built here (no python, jq or xmllint on a fresh machine).
CC=${CC:-cc}
JC=$tmp/jsoncheck XC=$tmp/xmlcheck SC=$tmp/sarifcheck
if ! $CC -std=gnu11 -O1 -I"$root" -o "$JC" tests/e2e/fixtures/runner/jsoncheck.c runner/report/json.c 2>"$tmp/out" ||
    ! $CC -std=gnu11 -O1 -o "$XC" "$FX/xmlcheck.c" 2>>"$tmp/out" ||
    ! $CC -std=gnu11 -O1 -I"$root" -o "$SC" "$FX/sarifcheck.c" runner/report/json.c 2>>"$tmp/out"; then
    bad checkers "could not build the JSON, XML and SARIF checkers"
    echo "$pass passed, $fail failed, $skipped skipped"
    exit 1
fi
have_xmllint=0
command -v xmllint >/dev/null 2>&1 && have_xmllint=1

# verdicts FILE.json: "FILE/TEST VERDICT" per test, from the execution events
# (fail if any run failed, else pass if any passed, else skip).
verdicts() {
    "$JC" Action Package Test <"$1" | awk -F'\t' '
        ($1 == "pass" || $1 == "fail" || $1 == "skip") && $3 != "" {
            id = $2 "/" $3
            if ($1 == "fail") v[id] = "fail"
            else if ($1 == "pass" && v[id] != "fail") v[id] = "pass"
            else if (!(id in v)) v[id] = "skip"
        }
        END { for (id in v) print id, v[id] }' | sort
}
# races FILE.json: the unique race keys.
races() { "$JC" Action Race.Key <"$1" | awk -F'\t' '$1 == "race" { print $2 }' | sort -u; }
# runs FILE.json TEST: the run numbers of TEST's executions.
runs_of() { "$JC" Action Test Run <"$1" | awk -F'\t' -v t="$2" '($1 == "pass" || $1 == "fail" || $1 == "skip") && $2 == t { print $3 }' | sort -n; }
# xpaths FILE.xml: the element lines of xmlcheck.
xpaths() { "$XC" <"$1"; }

# --- JUnit ----------------------------------------------------------------

run -race=false -count=2 -junit "$tmp/j.xml" -sarif "$tmp/s.sarif" -jsonfile "$tmp/e.json" "$TREE"
main_rc=$rc
if [ "$rc" = 66 ] && [ -s "$tmp/j.xml" ] && xpaths "$tmp/j.xml" >"$tmp/x" 2>"$tmp/xerr"; then
    suites=$(grep -c '^testsuites/testsuite	' "$tmp/x")
    cases=$(grep -c '^testsuites/testsuite/testcase	' "$tmp/x")
    root_line=$(grep '^testsuites	' "$tmp/x")
    if [ "$suites" = 6 ] && [ "$cases" = 14 ] &&
        [[ $root_line == *"	tests=14	failures=5	errors=1	skipped=2	"* ]] &&
        grep -q '^testsuites/testsuite/testcase/failure	type=DataRace	message=data race fake/counter.c:7 in worker$' "$tmp/x" &&
        grep -q '^testsuites/testsuite/testcase/failure	type=DataRace	message=data race fake/counter.c:20 in reader$' "$tmp/x" &&
        grep -q '^testsuites/testsuite/testcase/error	type=Crash	message=test crashed: signal 6' "$tmp/x" &&
        grep -q '^testsuites/testsuite/testcase/failure	type=Failure	message=0x4 != 0x5$' "$tmp/x" &&
        grep -q '^testsuites/testsuite/testcase/skipped	message=skipped in all 2 runs$' "$tmp/x" &&
        grep -q '^testsuites/testsuite/testcase/skipped	message=build constraint `race' "$tmp/x" &&
        grep -q "^testsuites/testsuite/testcase	name=test_a	classname=$TREE/race_test.c	" "$tmp/x" &&
        grep -q '^testsuites/testsuite/testcase/properties/property	name=runs	value=2$' "$tmp/x" &&
        grep -q '^testsuites/testsuite/testcase/properties/property	name=races	value=2$' "$tmp/x"; then
        ok junit_structure
    else
        cp "$tmp/x" "$tmp/out"
        bad junit_structure "want 6 suites, 14 cases, DataRace/Crash/Failure/skipped elements and properties (got $suites suites, $cases cases, root '$root_line')"
    fi
else
    cat "$tmp/xerr" >>"$tmp/out" 2>/dev/null
    bad junit_structure "want exit 66 and a well-formed JUnit file (got exit $rc)"
fi

if [ "$have_xmllint" = 1 ]; then
    if xmllint --noout --schema "$FX/junit.xsd" "$tmp/j.xml" >"$tmp/out" 2>&1; then
        ok junit_xmllint_schema
    else
        bad junit_xmllint_schema "xmllint --schema $FX/junit.xsd rejects the report"
    fi
else
    skip junit_xmllint_schema "xmllint is not installed (apt-get install libxml2-utils); checked with xmlcheck only"
fi

# The hostile test's output: markup, ]]>, controls and invalid UTF-8 must be
# escaped or replaced, valid text kept.
hostile_ok=1
if LC_ALL=C grep -q $'[\x01\x02\x08\x0b\x0c\x1b]' "$tmp/j.xml"; then hostile_ok=0; why="raw control bytes"; fi
if grep -qF ']]>' "$tmp/j.xml"; then hostile_ok=0; why="a raw ]]>"; fi
if ! iconv -f UTF-8 -t UTF-8 "$tmp/j.xml" >/dev/null 2>&1; then hostile_ok=0; why="invalid UTF-8"; fi
if ! grep -qF 'valid: café € 🐛 tab' "$tmp/j.xml"; then hostile_ok=0; why="the valid UTF-8 text was not kept"; fi
if ! grep -qF '&lt;failure message="fake"&gt;&amp;amp; &amp;bogus; ]]&gt; &lt;![CDATA[ x ]]&gt;' "$tmp/j.xml"; then
    hostile_ok=0 why="the markup is not escaped as expected"
fi
if ! grep -qF 'message=<failure message="fake">&amp; &bogus; ]]> <![CDATA[ x ]]>' "$tmp/x" ||
    ! grep -qF 'ERROR: hostile ]]&gt; &lt;end&gt; &amp; "quote"' "$tmp/j.xml"; then
    hostile_ok=0 why="the failure message attribute or text does not read back"
fi
if [ "$hostile_ok" = 1 ] && [ "$have_xmllint" = 1 ] && ! xmllint --noout "$tmp/j.xml" >/dev/null 2>&1; then
    hostile_ok=0 why="xmllint rejects it"
fi
if [ "$hostile_ok" = 1 ]; then ok junit_hostile_output_escaped; else bad junit_hostile_output_escaped "$why"; fi

# --- SARIF ----------------------------------------------------------------

if "$SC" <"$tmp/s.sarif" >"$tmp/sc" 2>"$tmp/out"; then
    fp1=$(awk -F'\t' '$1 == "result" { print $3 }' "$tmp/sc" | sort | tr '\n' ' ')
    if [ "$(head -n 1 "$tmp/sc")" = "results	2" ] &&
        grep -q '^result	data-race	[0-9a-f]\{16\}	fake/counter.c:7	fake/counter.c:8	2$' "$tmp/sc" &&
        grep -q '^result	data-race	[0-9a-f]\{16\}	fake/counter.c:20	fake/counter.c:30	2$' "$tmp/sc"; then
        ok sarif_required_structure
    else
        cp "$tmp/sc" "$tmp/out"
        bad sarif_required_structure "want 2 results, each with both racing locations and 2 thread flows"
    fi
else
    bad sarif_required_structure "the SARIF checker rejects the file"
    fp1=x
fi

# The same races in another order, count and process layout: the same alerts.
run -race=false -count=1 -isolate -shuffle 7 -sarif "$tmp/s2.sarif" "$TREE"
fp2=$("$SC" <"$tmp/s2.sarif" 2>/dev/null | awk -F'\t' '$1 == "result" { print $3 }' | sort | tr '\n' ' ')
if [ "$rc" = 66 ] && [ "$fp1" = "$fp2" ]; then
    ok sarif_fingerprints_stable
else
    bad sarif_fingerprints_stable "want the same partialFingerprints ('$fp1' vs '$fp2', exit $rc)"
fi

# --- JSON written as it happens -------------------------------------------

if "$JC" Action <"$tmp/e.json" >"$tmp/actions" 2>"$tmp/out" && [ "$(tail -n 1 "$tmp/actions")" = summary ] &&
    grep -q '^race$' "$tmp/actions" && grep -q '^file-error$\|^fail$' "$tmp/actions" &&
    [ "$("$JC" Action RaceIds <"$tmp/e.json" | grep -c '^fail	\[1\]$')" -ge 6 ]; then
    ok jsonfile_events
else
    bad jsonfile_events "want a complete -jsonfile stream with race events and RaceIds"
fi

# --- sharding and merge ---------------------------------------------------

run -race=false -count=3 -json "$TREE"
cp "$tmp/out" "$tmp/all.json"
all_rc=$rc
shard_rcs=""
for k in 1 2 3; do
    run -race=false -count=3 -shard "$k/3" -json "$TREE"
    cp "$tmp/out" "$tmp/s$k.json"
    shard_rcs="$shard_rcs$rc "
done
run merge -json -junit "$tmp/m.xml" -sarif "$tmp/m.sarif" "$tmp/s1.json" "$tmp/s2.json" "$tmp/s3.json"
cp "$tmp/out" "$tmp/merged.json"
merge_rc=$rc
va=$(verdicts "$tmp/all.json") vm=$(verdicts "$tmp/merged.json")
ra=$(races "$tmp/all.json") rm_=$(races "$tmp/merged.json")
# Every test in exactly one shard.
dealt=$(for k in 1 2 3; do verdicts "$tmp/s$k.json"; done | sort)
if [ "$all_rc" = 66 ] && [ "$merge_rc" = 66 ] && [ -n "$va" ] && [ "$va" = "$vm" ] && [ "$va" = "$dealt" ] &&
    [ "$(echo "$ra" | wc -l)" = 2 ] && [ "$ra" = "$rm_" ] &&
    [ "$(tail -n 1 "$tmp/merged.json" | "$JC" Action Passed Failed Skipped Runs UniqueRaces)" = \
        "$(tail -n 1 "$tmp/all.json" | "$JC" Action Passed Failed Skipped Runs UniqueRaces)" ]; then
    ok merge_shards_by_test_equals_unsharded
else
    { echo "unsharded:"; echo "$va"; echo "$ra"; echo "merged:"; echo "$vm"; echo "$rm_"; } >"$tmp/out"
    bad merge_shards_by_test_equals_unsharded "want the same verdicts, races and summary (exit $all_rc vs $merge_rc, shards $shard_rcs)"
fi

if "$XC" <"$tmp/m.xml" >/dev/null 2>"$tmp/out" && "$SC" <"$tmp/m.sarif" >"$tmp/msc" 2>>"$tmp/out" &&
    [ "$(awk -F'\t' '$1 == "result" { print $3 }' "$tmp/msc" | sort | tr '\n' ' ')" = "$fp1" ] &&
    [ "$(grep -c '^testsuites/testsuite/testcase	' <("$XC" <"$tmp/m.xml"))" = 14 ]; then
    ok merge_writes_junit_and_sarif
else
    bad merge_writes_junit_and_sarif "want a well-formed JUnit with 14 cases and the unsharded run's SARIF fingerprints"
fi

run -race=false -count=6 -json "$TREE"
cp "$tmp/out" "$tmp/all6.json"
for k in 1 2 3; do
    run -race=false -count=6 -shard "$k/3" -shard-by run -jsonfile "$tmp/r$k.json" "$TREE"
done
run merge -json "$tmp/r1.json" "$tmp/r2.json" "$tmp/r3.json"
cp "$tmp/out" "$tmp/rmerged.json"
rmerge_rc=$rc
runs_all=$(runs_of "$tmp/rmerged.json" test_a | tr '\n' ' ')
runs_each=$(for k in 1 2 3; do runs_of "$tmp/r$k.json" test_a; done | sort -n | tr '\n' ' ')
if [ "$rmerge_rc" = 66 ] && [ "$runs_all" = "1 2 3 4 5 6 " ] && [ "$runs_each" = "1 2 3 4 5 6 " ] &&
    [ "$(verdicts "$tmp/rmerged.json")" = "$(verdicts "$tmp/all6.json")" ] &&
    [ "$(races "$tmp/rmerged.json")" = "$(races "$tmp/all6.json")" ]; then
    ok merge_shards_by_run_each_run_once
else
    bad merge_shards_by_run_each_run_once "want runs 1..6 of every test exactly once across shards (got '$runs_all', '$runs_each', exit $rmerge_rc)"
fi

# bazel test --runs_per_test=2: each run (TEST_RANDOM_SEED=1, 2) takes its
# own block of run numbers, so the two merge as the 6 runs of -count=6.
for r in 1 2; do
    TEST_RANDOM_SEED=$r run -race=false -count=3 -jsonfile "$tmp/rep$r.json" "$TREE"
done
run merge -json "$tmp/rep1.json" "$tmp/rep2.json"
cp "$tmp/out" "$tmp/repmerged.json"
rep_rc=$rc
runs_rep=$(runs_of "$tmp/repmerged.json" test_a | tr '\n' ' ')
if [ "$rep_rc" = 66 ] && [ "$runs_rep" = "1 2 3 4 5 6 " ] && [ "$(runs_of "$tmp/rep2.json" test_a | tr '\n' ' ')" = "4 5 6 " ] &&
    [ "$(verdicts "$tmp/repmerged.json")" = "$(verdicts "$tmp/all6.json")" ]; then
    ok bazel_runs_per_test_distinct_runs
else
    bad bazel_runs_per_test_distinct_runs "want TEST_RANDOM_SEED=2 to run 4..6 and the two repeats to merge as runs 1..6 (got '$runs_rep', exit $rep_rc)"
fi

# --- a job killed halfway -------------------------------------------------

"$RT" -race=false -count=400 -json "$SLOW" >"$tmp/killed.json" 2>/dev/null &
bg_pid=$!
for _ in $(seq 150); do
    n=$(grep -c '"Action":"pass"' "$tmp/killed.json" 2>/dev/null)
    [ "${n:-0}" -ge 20 ] && break
    sleep 0.1
done
# racetest's test processes die with it (PR_SET_PDEATHSIG, issue 15).
# The group's redirection also takes bash's "Killed" notice of the job,
# which it prints whenever it reaps it (the check harness counts shell
# messages as errors).
{
    kill -9 "$bg_pid"
    wait "$bg_pid"
} 2>/dev/null
bg_pid=
run merge "$tmp/killed.json"
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$tmp/out" | tail -n 1)
merged_runs=$(grep -oE '\(2 tests, [0-9]+ runs\)' "$tmp/out" | grep -oE '[0-9]+ runs' | grep -oE '[0-9]+')
if [ "$rc" = 1 ] && grep -q "incomplete" "$tmp/err" && [ "$last" = "2 passed, 0 failed, 0 skipped" ] &&
    [ "${merged_runs:-0}" -ge 20 ] && [ "${merged_runs:-0}" -lt 800 ]; then
    ok merge_sigkilled_job
else
    cat "$tmp/err" >>"$tmp/out"
    bad merge_sigkilled_job "want exit 1, 'incomplete', both tests passed with the runs before the kill (got exit $rc, '$last', ${merged_runs:-0} runs)"
fi

# A torn last line (killed mid-write) is ignored; a bad line elsewhere is an error.
head -n 10 "$tmp/killed.json" >"$tmp/torn.json"
printf '{"Time":"2024-01-01T00:00:00Z","Action":"pass","Pack' >>"$tmp/torn.json"
run merge "$tmp/torn.json"
torn_rc=$rc torn_err=$(cat "$tmp/err")
{ head -n 3 "$tmp/killed.json"; echo 'not json'; tail -n 2 "$tmp/killed.json"; } >"$tmp/garbage.json"
run merge "$tmp/garbage.json"
if [ "$torn_rc" = 1 ] && [[ $torn_err == *"cut off"* ]] && [ "$rc" = 2 ] &&
    grep -qF "$tmp/garbage.json:4: not a racetest -json event" "$tmp/err"; then
    ok merge_torn_line_and_bad_input
else
    cat "$tmp/err" >"$tmp/out"
    bad merge_torn_line_and_bad_input "want a torn last line accepted (exit 1) and a bad middle line exit 2 with FILE:LINE (got $torn_rc, $rc)"
fi

run merge "$tmp/does-not-exist.json"
if [ "$rc" = 2 ] && grep -q "does-not-exist.json" "$tmp/err"; then ok merge_missing_input; else bad merge_missing_input "want exit 2 naming the file (got $rc)"; fi

# --- seeds and rerun commands ---------------------------------------------

# Every race and failure carries the schedule seed of its run and the command
# that reruns it, in JSON, JUnit and SARIF as in the text output.
run -race=false -seed 0x5eed -junit "$tmp/sj.xml" -sarif "$tmp/ss.sarif" -jsonfile "$tmp/se.json" "$TREE"
text_reruns=$(sed -n 's/^ *rerun: //p' "$tmp/out" | sort -u)
json_reruns=$("$JC" Action Rerun <"$tmp/se.json" | awk -F'\t' '($1 == "fail" || $1 == "race") && $2 != "" { print $2 }' | sort -u)
json_bad_seeds=$("$JC" Action Test Seed Rerun <"$tmp/se.json" |
    awk -F'\t' '$1 == "fail" && $2 != "" && ($3 !~ /^0x[0-9a-f]+$/ || length($3) != 18 || index($4, "-run-seed " $3) == 0)' | wc -l)
junit_reruns=$(sed -n 's/^rerun: //p' "$tmp/sj.xml" | sort -u)
sarif_reruns=$(grep -o '"rerun":"[^"]*"' "$tmp/ss.sarif" | sed 's/^"rerun":"//; s/"$//' | sort -u)
seed_why=
[ -n "$text_reruns" ] || seed_why="no rerun line in the text output;"
[ "$json_bad_seeds" = 0 ] || seed_why="$seed_why $json_bad_seeds JSON fail event(s) without a Seed that their Rerun uses;"
[ -z "$(comm -23 <(echo "$text_reruns") <(echo "$json_reruns"))" ] || seed_why="$seed_why JSON lacks text reruns;"
[ -z "$(comm -23 <(echo "$text_reruns") <(echo "$junit_reruns"))" ] || seed_why="$seed_why JUnit lacks text reruns;"
[ -n "$sarif_reruns" ] && [ -z "$(comm -13 <(echo "$text_reruns") <(echo "$sarif_reruns"))" ] ||
    seed_why="$seed_why SARIF reruns missing or not the text's;"
grep -q '"seed":"0x[0-9a-f]\{16\}","rerun":"racetest -run' "$tmp/ss.sarif" || seed_why="$seed_why SARIF seen without seed;"
if [ "$rc" = 66 ] && [ -z "$seed_why" ]; then
    ok seeds_and_reruns_in_json_junit_sarif
else
    bad seeds_and_reruns_in_json_junit_sarif "want the text's rerun commands in every format (exit $rc:$seed_why)"
fi

# --- time budget ----------------------------------------------------------

start=$(date +%s%N)
run -race=false -duration 3s -junit "$tmp/d.xml" -json "$SLOW" "$TREE"
took_ms=$((($(date +%s%N) - start) / 1000000))
cp "$tmp/out" "$tmp/d.json"
run_counts=$("$JC" Action Package Test <"$tmp/d.json" |
    awk -F'\t' '($1 == "pass" || $1 == "fail" || $1 == "skip") && $3 != "" { n[$2 "/" $3]++ } END { for (t in n) print n[t] "\t" t }' | sort -n)
min_runs=$(echo "$run_counts" | head -n 1 | cut -f1)
sleepy_runs=$(awk -F'\t' '$2 ~ /slow_test.c\/test_sleepy$/ { print $1 }' <<<"$run_counts")
ok_runs=$(awk -F'\t' '$2 ~ /mixed_test.c\/test_ok$/ { print $1 }' <<<"$run_counts")
# Runs follow each test's pace (run_batches.h): the 10 ms test still runs
# in every batch, and a fast test gets many more runs than it.
if [ "$rc" = 66 ] && [ "$took_ms" -ge 3000 ] && [ "$took_ms" -lt 20000 ] && [ -s "$tmp/d.xml" ] &&
    "$XC" <"$tmp/d.xml" >/dev/null 2>&1 && [ "$(tail -n 1 "$tmp/d.json" | "$JC" Action Interrupted)" = "summary	false" ] &&
    [ "${min_runs:-0}" -ge 2 ] && [ "${sleepy_runs:-0}" -ge 2 ] && [ "${ok_runs:-0}" -gt $((${sleepy_runs:-0} * 4)) ]; then
    ok duration_budget_stops_and_reports
else
    bad duration_budget_stops_and_reports "want exit 66 after 3s..20s, the reports, runs by pace (took ${took_ms}ms, runs per test from ${min_runs:-?}, slow test ${sleepy_runs:-?}, fast test ${ok_runs:-?}, exit $rc)"
fi

# --- environment protocols ------------------------------------------------

rm -f "$tmp/status" "$tmp/bazel.xml"
TEST_TOTAL_SHARDS=2 TEST_SHARD_INDEX=1 TEST_SHARD_STATUS_FILE="$tmp/status" XML_OUTPUT_FILE="$tmp/bazel.xml" \
    run -race=false "$TREE"
bz_cases=$(grep -c '^testsuites/testsuite/testcase	name=test_\|^testsuites/testsuite/testcase	name=plain' <("$XC" <"$tmp/bazel.xml" 2>/dev/null))
if [ "$rc" = 66 ] || [ "$rc" = 1 ] || [ "$rc" = 0 ]; then bz_rc_ok=1; else bz_rc_ok=0; fi
if [ "$bz_rc_ok" = 1 ] && [ -e "$tmp/status" ] && grep -q "shard 2 of 2 (by test), from TEST_TOTAL_SHARDS: 6 of 13 tests" "$tmp/out" &&
    [ "$bz_cases" = 6 ]; then
    ok bazel_env_touches_status_file
else
    bad bazel_env_touches_status_file "want the status file touched, shard 2 of 2 with 6 tests, JUnit in XML_OUTPUT_FILE (got exit $rc, $bz_cases cases)"
fi

TEST_TOTAL_SHARDS=2 TEST_SHARD_INDEX=2 run -race=false "$TREE"
if [ "$rc" = 2 ] && grep -q "TEST_SHARD_INDEX=2" "$tmp/err"; then ok bazel_env_bad_index; else bad bazel_env_bad_index "want exit 2 naming TEST_SHARD_INDEX (got $rc)"; fi

JOB_COMPLETION_INDEX=2 run -race=false -shards 3 -list . "$TREE"
k8s_listed=$(wc -l <"$tmp/out")
run -race=false -shards 3 -list . "$TREE"
if [ "$k8s_listed" = 4 ] && [ "$rc" = 2 ] && grep -q "JOB_COMPLETION_INDEX" "$tmp/err"; then
    ok kubernetes_indexed_job_env
else
    bad kubernetes_indexed_job_env "want 4 of 13 tests listed for index 2 of 3, and exit 2 without JOB_COMPLETION_INDEX (got $k8s_listed, exit $rc)"
fi

# Slurm (sbatch --array=1-3): task 3 is the same shard as Kubernetes' index 2.
SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=3 run -race=false -shards 3 -list . "$TREE"
slurm_rc=$rc slurm_list=$(cat "$tmp/out")
JOB_COMPLETION_INDEX=2 run -race=false -shards 3 -list . "$TREE"
k8s_list=$(cat "$tmp/out")
SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=4 run -race=false -shards 3 -list . "$TREE"
if [ "$slurm_rc" = 0 ] && [ -n "$slurm_list" ] && [ "$slurm_list" = "$k8s_list" ] && [ "$rc" = 2 ] &&
    grep -q "SLURM_ARRAY_TASK_COUNT=4" "$tmp/err"; then
    ok slurm_array_env
else
    bad slurm_array_env "want task 3 of --array=1-3 to list index 2's tests, and an array of 4 refused naming SLURM_ARRAY_TASK_COUNT (got exit $slurm_rc, then $rc)"
fi

run -race=false -shard 4/3 "$TREE"
if [ "$rc" = 2 ] && grep -q -- "-shard" "$tmp/err"; then ok shard_flag_bad_value; else bad shard_flag_bad_value "want exit 2 naming -shard (got $rc)"; fi

# --- configs --------------------------------------------------------------

cfg_ok=1
for c in configs/default.conf configs/ci.conf configs/nightly.conf; do
    (cd "$tmp" && "$RT" -config "$root/$c" -race=false -list . "$root/$TREE") >"$tmp/out" 2>&1 || { cfg_ok=0; why="$c does not load"; }
    [ "$(wc -l <"$tmp/out")" = 13 ] || { cfg_ok=0; why="$c: want the 13 tests listed"; }
done
if [ "$cfg_ok" = 1 ]; then ok config_profiles_load; else bad config_profiles_load "$why"; fi

# Flags override the profile: one run each, this JUnit path, no budget.
(cd "$tmp" && "$RT" -config "$root/configs/ci.conf" -race=false -count=1 -duration=0 -junit "$tmp/ci.xml" -run '^test_ok$' "$root/$TREE") >"$tmp/out" 2>&1
if [ -s "$tmp/ci.xml" ] && [ "$("$XC" <"$tmp/ci.xml" | grep -c 'name=runs	value=1$')" = 1 ]; then
    ok config_flags_override
else
    bad config_flags_override "want -count=1 and -junit of the command line to win over configs/ci.conf"
fi

# -duration on the command line is not capped by a profile's count; a count
# set beside the duration (in the same file) is.
runs_of_test_ok() {
    "$JC" Action Test <"$tmp/out" | awk -F'\t' '$1 == "pass" && $2 == "test_ok" { n++ } END { print n + 0 }'
}
printf 'count = 1\n' >"$tmp/count1.conf"
printf 'count = 3\nduration = 1m\n' >"$tmp/capped.conf"
dur_why=
for c in "$root/configs/default.conf" "$tmp/count1.conf"; do
    (cd "$tmp" && "$RT" -config "$c" -race=false -duration 2s -json -run '^test_ok$' "$root/$TREE") >"$tmp/out" 2>"$tmp/err"
    n=$(runs_of_test_ok)
    [ "$n" -ge 2 ] || dur_why="$dur_why ${c##*/}: $n run(s) in 2s, want repeats;"
done
(cd "$tmp" && "$RT" -config "$tmp/capped.conf" -race=false -json -run '^test_ok$' "$root/$TREE") >"$tmp/out" 2>"$tmp/err"
n=$(runs_of_test_ok)
[ "$n" = 3 ] || dur_why="$dur_why capped.conf: $n run(s), want the file's count 3;"
if [ -z "$dur_why" ]; then ok duration_not_capped_by_profile_count; else bad duration_not_capped_by_profile_count "$dur_why"; fi

printf '# a profile\ncount = 2\nshard-by = file\n' >"$tmp/bad.conf"
run -config "$tmp/bad.conf" "$TREE"
rc1=$rc err1=$(cat "$tmp/err")
printf '# a profile\ncolour = red\n' >"$tmp/bad2.conf"
run -config "$tmp/bad2.conf" "$TREE"
if [ "$rc1" = 2 ] && [[ $err1 == *"bad.conf:3:"*"-shard-by"* ]] && [ "$rc" = 2 ] && grep -q "bad2.conf:2: flag provided but not defined: -colour" "$tmp/err"; then
    ok config_errors_name_file_line
else
    bad config_errors_name_file_line "want exit 2 with FILE:LINE (got $rc1 '$err1', $rc '$(cat "$tmp/err")')"
fi

# --- a real race, through the detector ------------------------------------

race_probe() {
    nm "$root/lib/racetest/libracetest_rt.a" 2>/dev/null | grep -q ' T __tsan_read4' || {
        why="the detector runtime is not built"
        return 1
    }
    printf '%s\n' '#include <pthread.h>' 'static int x;' 'static void *w(void *a) { (void)a; x++; return 0; }' \
        'int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); x++; pthread_join(t, 0); return 0; }' >"$tmp/probe.c"
    "$RT" build -o "$tmp/probe" "$tmp/probe.c" >/dev/null 2>&1 || {
        why="racetest build cannot build a racy program"
        return 1
    }
    RACETEST_EVENTS_FD=3 "$tmp/probe" 3>"$tmp/probe.events" >/dev/null 2>&1
    grep -q '"event":"race"' "$tmp/probe.events" || {
        why="the runtime writes no race events"
        return 1
    }
}
if race_probe; then
    RD=tests/e2e/fixtures/runner/race_dup
    run -count=2 -sarif "$tmp/real.sarif" -junit "$tmp/real.xml" "$RD"
    if [ "$rc" = 66 ] && "$SC" <"$tmp/real.sarif" >"$tmp/rsc" 2>"$tmp/out" && [ "$(head -n 1 "$tmp/rsc")" = "results	1" ] &&
        grep -q "^result	data-race	[0-9a-f]\{16\}	$RD/shared_test.c:[0-9]*	$RD/shared_test.c:[0-9]*	2$" "$tmp/rsc" &&
        "$XC" <"$tmp/real.xml" | grep -q "failure	type=DataRace	message=data race $RD/shared_test.c:[0-9]* in "; then
        ok detector_race_reports
    else
        cat "$tmp/rsc" >>"$tmp/out" 2>/dev/null
        bad detector_race_reports "want one SARIF result with both racing lines in shared_test.c (exit $rc)"
    fi
else
    skip detector_race_reports "$why"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
