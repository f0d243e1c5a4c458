#!/usr/bin/env bash
# Engine test (make check-engines, issue 17): the GitHub Actions workflow of
# configs/ci/github-actions-nightly.yml.
#   - validated with action-validator (npm @action-validator/cli, installed
#     into ~/.cache/racetest-tests by this test), which also rejects a
#     broken copy (so the check can fail);
#   - its matrix agrees with its SHARDS;
#   - run here as the runner would run it: each matrix job's stress step
#     (the workflow's own `run:` text, ${{ }} filled in by ci_configs.py) in
#     a workspace of its own, its shard file "uploaded" into shards/, then
#     the report job's merge step; the merge equals the unsharded run.
# Not run here: GitHub's runners, actions/checkout, the artifact actions
# and the SARIF upload to code scanning (the SARIF is validated by
# sarif-multitool in tests/e2e/verdicts.sh).
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-engine-gha.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh
. tests/engines/lib.sh
WF=$ROOT/configs/ci/github-actions-nightly.yml

apt_install python3-yaml nodejs npm || true
AV=$(npm_tool @action-validator/cli action-validator)
if [ -z "$AV" ]; then
    bad action_validator_installed "cannot install @action-validator/cli with npm"
else
    run_cmd "$AV" "$WF"
    if [ "$rc" = 0 ]; then ok workflow_validates; else bad workflow_validates "action-validator rejects $WF (exit $rc)"; fi
    sed 's/^    runs-on: ubuntu-latest$/    runs-on: ubuntu-latest\n    stepz: []/' "$WF" >"$tmp/broken.yml"
    run_cmd "$AV" "$tmp/broken.yml"
    if [ "$rc" != 0 ] && has "stepz"; then ok validator_rejects_broken_workflow; else bad validator_rejects_broken_workflow "want action-validator to reject an unknown job key (exit $rc)"; fi
fi

P="python3 $ENGINES/ci_configs.py"
shards=$($P gha-matrix "$WF" stress | tr '\n' ' ')
env_shards=$($P gha-env "$WF" | sed -n 's/^SHARDS=//p')
if [ "$shards" = "$(seq -s ' ' 1 "${env_shards:-0}") " ]; then
    ok matrix_matches_shards
else
    bad matrix_matches_shards "want matrix.shard 1..SHARDS (got '$shards', SHARDS=$env_shards)"
fi

make_workspace && unsharded_reference || bad workspace "could not make the workspace and the unsharded run"
mkdir -p "$tmp/report/shards"
rcs=""
for k in $shards; do
    cp -r "$tmp/src" "$tmp/job$k"
    $P gha-step "$WF" stress "Stress" "$k" >"$tmp/step$k.sh" || bad "stress_step_$k" "cannot read the stress step"
    (cd "$tmp/job$k" && env $($P gha-env "$WF" | grep -v '^RACETEST_SRC=') RACETEST_SRC="$tmp/racetest" \
        bash -e "$tmp/step$k.sh" >"$tmp/job$k.log" 2>&1)
    rcs="$rcs$? "
    cp "$tmp/job$k/shard-$k.json" "$tmp/report/shards/" 2>/dev/null # upload-artifact, merge-multiple
done
$P gha-step "$WF" report "Merge" >"$tmp/merge.sh"
(cd "$tmp/report" && RACETEST_SRC="$tmp/racetest" bash -e "$tmp/merge.sh" >"$tmp/merge.log" 2>&1)
mrc=$?
# Every shard of the fixture finds a race or a failure: exit 66 or 1, as
# the workflow expects (the step fails, the upload runs anyway).
if [ "$mrc" = 66 ] && [ -s "$tmp/report/racetest-junit.xml" ] && [ -s "$tmp/report/racetest.sarif" ] &&
    [[ $rcs =~ ^((66|1)\ )+$ ]]; then
    ok workflow_runs
else
    cp "$tmp/merge.log" "$tmp/out"
    bad workflow_runs "want every stress step to exit 66 or 1 and the merge step 66 with its JUnit and SARIF (stress: $rcs, merge: $mrc)"
fi
(cd "$tmp/report" && "$RT" merge -json shards/*.json >"$tmp/merged.json" 2>/dev/null)
shards_equal workflow_shards_equal_unsharded "$tmp/merged.json" "$tmp/report/racetest.sarif"

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
