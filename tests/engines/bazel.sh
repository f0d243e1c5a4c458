#!/usr/bin/env bash
# Engine test (make check-engines, issue 17): Bazel (Debian's bazel-bootstrap,
# 4.2.3, installed by this test) running the rule of configs/ci/bazel/.
#   - a workspace with //racetest (the shipped folder) and a racetest_test
#     on the CI fixture tree with shard_count = 4; `bazel test` runs it;
#   - each shard's test.log names its shard from TEST_TOTAL_SHARDS (so the
#     shard status file protocol held: Bazel fails a test that ignores it),
#     each shard has its JUnit at XML_OUTPUT_FILE (test.xml), and the
#     shards' -json events (outputs.zip) merge to the unsharded run;
#   - --runs_per_test=2: the two runs of a shard print different seeds and
#     run different run numbers, and all 8 merge as one run of twice the
#     count.
# Bazel runs offline with stand-ins for the repositories it would download
# (tests/engines/fixtures/bazel_offline) and its output root in the cache.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-engine-bazel.XXXXXX") || exit 2
. tests/e2e/suite_lib.sh
. tests/engines/lib.sh
OUT_ROOT=$cache/bazel-root
BZ=(bazel --output_user_root="$OUT_ROOT")
trap '(cd "$tmp/ws" 2>/dev/null && "${BZ[@]}" shutdown >/dev/null 2>&1); rm -rf "$tmp"' EXIT
finish() {
    echo "$pass passed, $fail failed, $skipped skipped"
    [ "$fail" = 0 ]
    exit
}

if ! apt_install bazel-bootstrap bazel-rules-java unzip python3-yaml; then
    bad bazel_installed "cannot install bazel-bootstrap (apt-get)"
    finish
fi
OFF=$ROOT/tests/engines/fixtures/bazel_offline
OFFLINE=(--override_repository=rules_cc="$OFF/rules_cc" --override_repository=remote_coverage_tools="$OFF/remote_coverage_tools"
    --override_repository=rules_java=/usr/share/bazel/rules/java)

# The workspace: //racetest as shipped, the fixture tree, one test target.
W=$tmp/ws
mkdir -p "$W" && touch "$W/WORKSPACE" && cp -r "$ROOT/configs/ci/bazel" "$W/racetest" && cp -r "$ROOT/tests/e2e/fixtures/ci/tree" "$W/tests"
cat >"$W/BUILD" <<BUILD
load("//racetest:racetest.bzl", "racetest_test")

racetest_test(
    name = "race_stress",
    srcs = glob(["tests/*_test.c"]),
    paths = ["tests/..."],
    flags = ["-race=false", "-count=4", "-shard-by=run"],
    shard_count = 4,
    racetest = "$RT",
)
BUILD
# The unsharded run, as the rule runs it (from the workspace root).
(cd "$W" && "$RT" -race=false -count=4 -jsonfile "$tmp/ref.json" -sarif "$tmp/ref.sarif" tests/... >/dev/null 2>&1)
(cd "$W" && "$RT" -race=false -count=8 -jsonfile "$tmp/ref8.json" -sarif "$tmp/ref8.sarif" tests/... >/dev/null 2>&1)

# shard_outputs DIR...: each shard's racetest.json, unzipped into $tmp/got/N.json.
collect() {
    rm -rf "$tmp/got" && mkdir -p "$tmp/got"
    local i=0
    for d in "$@"; do
        i=$((i + 1))
        unzip -p "$d/test.outputs/outputs.zip" racetest.json >"$tmp/got/$i.json" 2>/dev/null
        unzip -p "$d/test.outputs/outputs.zip" racetest.sarif >"$tmp/got/$i.sarif" 2>/dev/null
    done
}

(cd "$W" && nice "${BZ[@]}" test "${OFFLINE[@]}" --test_output=errors //:race_stress >"$tmp/out" 2>&1)
brc=$?
L=$W/bazel-testlogs/race_stress
# Races are found: Bazel reports the test FAILED (exit 3), every shard ran.
if [ "$brc" = 3 ] && has "//:race_stress" && has "FAILED" &&
    [ "$(cat "$L"/shard_*_of_4/test.log 2>/dev/null | grep -c 'from TEST_TOTAL_SHARDS')" = 4 ]; then
    ok bazel_test_shards
else
    bad bazel_test_shards "want bazel test to run 4 shards, each naming its shard from TEST_TOTAL_SHARDS, and fail on the races (exit $brc)"
fi
xmls=0
for k in 1 2 3 4; do grep -q '<testsuite' "$L/shard_${k}_of_4/test.xml" 2>/dev/null && xmls=$((xmls + 1)); done
if [ "$xmls" = 4 ]; then ok bazel_xml_output_file; else bad bazel_xml_output_file "want racetest's JUnit in each shard's test.xml (XML_OUTPUT_FILE; got $xmls of 4)"; fi
collect "$L"/shard_*_of_4
"$RT" merge -json -sarif "$tmp/m.sarif" "$tmp"/got/*.json >"$tmp/m.json" 2>/dev/null
if python3 "$ENGINES/shard_equal.py" "$tmp/ref.json" "$tmp/m.json" "$tmp/ref.sarif" "$tmp/m.sarif" >"$tmp/out" 2>&1; then
    ok bazel_shards_equal_unsharded
else
    bad bazel_shards_equal_unsharded "want the merged shards equal to the unsharded run"
fi

# --runs_per_test=2: distinct seeds and run numbers; 8 outputs merge as -count=8.
(cd "$W" && nice "${BZ[@]}" test "${OFFLINE[@]}" --runs_per_test=2 //:race_stress >"$tmp/out" 2>&1)
s1=$(grep -m1 '^racetest: seed ' "$L/shard_1_of_4_run_1_of_2/test.log" 2>/dev/null)
s2=$(grep -m1 '^racetest: seed ' "$L/shard_1_of_4_run_2_of_2/test.log" 2>/dev/null)
collect "$L"/shard_*_of_4_run_*_of_2
"$RT" merge -json -sarif "$tmp/m8.sarif" "$tmp"/got/*.json >"$tmp/m8.json" 2>/dev/null
if [ -n "$s1" ] && [ -n "$s2" ] && [ "$s1" != "$s2" ] && [ "$(ls "$tmp"/got/*.json | wc -l)" = 8 ] &&
    python3 "$ENGINES/shard_equal.py" "$tmp/ref8.json" "$tmp/m8.json" "$tmp/ref8.sarif" "$tmp/m8.sarif" >"$tmp/out" 2>&1; then
    ok bazel_runs_per_test
else
    echo "seeds: '$s1' '$s2'" >>"$tmp/out"
    bad bazel_runs_per_test "want the 2 runs of a shard with different seeds, and the 8 outputs merged equal to an unsharded -count=8"
fi
finish
