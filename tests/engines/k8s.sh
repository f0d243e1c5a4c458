#!/usr/bin/env bash
# Engine test (make check-engines, issue 17): the Kubernetes example,
# configs/ci/k8s-indexed-job.yaml.
#   - it parses (PyYAML), and its Indexed Job protocol matches what racetest
#     reads (ci_configs.py k8s-check: completionMode Indexed, completions =
#     parallelism = racetest's -shards N, files named by JOB_COMPLETION_INDEX,
#     exit 66 fails an index without a retry, the merge Job waits for N);
#   - its two containers' scripts run here as the kubelet would run them:
#     N shard scripts at once, each with its JOB_COMPLETION_INDEX, in a
#     /src workspace, then the merge Job's script; the only change is the
#     shared volume's mount point, /results, made a folder here. The merge
#     equals the unsharded run;
#   - a retried index (the same shard run twice, as backoffLimitPerIndex
#     allows) merges to the same result.
# Not checked here: the manifest against the API server's schemas (no
# cluster offline: podFailurePolicy and backoffLimitPerIndex need Kubernetes
# 1.29), the image, the PersistentVolumeClaim.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-engine-k8s.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh
. tests/engines/lib.sh
MF=$ROOT/configs/ci/k8s-indexed-job.yaml
P="python3 $ENGINES/ci_configs.py"

apt_install python3-yaml || true
run_cmd $P k8s-check "$MF"
n=$(cat "$tmp/out")
if [ "$rc" = 0 ] && [ "$n" -ge 2 ] 2>/dev/null; then ok indexed_job_protocol; else bad indexed_job_protocol "the manifest does not match racetest's Indexed Job protocol"; n=0; fi
# The check can fail: a manifest whose -shards disagrees with completions.
sed 's/-shards 8/-shards 7/' "$MF" >"$tmp/bad.yaml"
run_cmd $P k8s-check "$tmp/bad.yaml"
if [ "$rc" != 0 ] && has "-shards 8"; then ok protocol_check_rejects_mismatch; else bad protocol_check_rejects_mismatch "want -shards 7 with completions 8 rejected"; fi

make_workspace && unsharded_reference || bad workspace "could not make the workspace and the unsharded run"
mkdir -p "$tmp/results"
$P k8s-script "$MF" racetest-nightly | sed "s|/results|$tmp/results|g" >"$tmp/shard.sh"
$P k8s-script "$MF" racetest-merge | sed "s|/results|$tmp/results|g" >"$tmp/merge.sh"
pids=""
for i in $(seq 0 $((n - 1))); do
    (cd "$tmp/src" && PATH=$ROOT/bin:$PATH JOB_COMPLETION_INDEX=$i RACETEST_OPTIONS=sched=random \
        sh -c "$(cat "$tmp/shard.sh")" >"$tmp/shard$i.log" 2>&1; echo $? >"$tmp/shard$i.rc") &
    pids="$pids $!"
done
wait $pids
(cd "$tmp/src" && PATH=$ROOT/bin:$PATH sh -c "$(cat "$tmp/merge.sh")" >"$tmp/merge.log" 2>&1)
mrc=$?
done_files=$(ls "$tmp/results"/shard-*.done 2>/dev/null | wc -l)
if [ "$mrc" = 66 ] && [ "$done_files" = "$n" ] && [ -s "$tmp/results/racetest-junit.xml" ] && grep -q "racetest: 2 unique data races found" "$tmp/merge.log"; then
    ok indexed_job_runs
else
    cp "$tmp/merge.log" "$tmp/out"
    bad indexed_job_runs "want $n shards done and the merge Job to exit 66 with the 2 races (merge: $mrc, $done_files done)"
fi
"$RT" merge -json "$tmp/results"/shard-*.json >"$tmp/merged.json" 2>/dev/null
shards_equal indexed_job_shards_equal_unsharded "$tmp/merged.json" "$tmp/results/racetest.sarif"

# A retried index: shard 0 again (its file replaced, as a new pod would
# write it), plus a copy of the first attempt beside it.
cp "$tmp/results/shard-0.json" "$tmp/results/shard-0-attempt1.json"
(cd "$tmp/src" && PATH=$ROOT/bin:$PATH JOB_COMPLETION_INDEX=0 sh -c "$(cat "$tmp/shard.sh")" >/dev/null 2>&1)
"$RT" merge -json -sarif "$tmp/retry.sarif" "$tmp/results"/shard-*.json >"$tmp/retry.json" 2>/dev/null
shards_equal retried_index_merges_once "$tmp/retry.json" "$tmp/retry.sarif"

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
