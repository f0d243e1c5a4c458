#!/bin/bash
# racetest nightly stress as a Slurm job array: 4 array tasks, each one shard
# (`racetest -shards 4` reads SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN and
# checks SLURM_ARRAY_TASK_COUNT), every run number in exactly one shard
# (-shard-by run); configs/ci/slurm-merge.sh merges them when all are done.
#
#   jid=$(sbatch --parsable configs/ci/slurm-array.sh)          # from your source tree
#   sbatch --dependency=afterany:$jid configs/ci/slurm-merge.sh
#
# Arguments replace the default ./tests/... (flags too: they override the
# profile's). Each task writes results/shard-K.json (its -json events as
# they happen: a task killed for time or by scancel leaves every complete
# event, and the merge says it was cut short), results/junit-K.xml and
# results/shard-K.sarif. Exit status 66: races found; 1: failures.
# Keep --array and -shards in step (racetest refuses a mismatch).
#SBATCH --job-name=racetest-nightly
#SBATCH --array=1-4
#SBATCH --time=01:15:00
#SBATCH --cpus-per-task=4
#SBATCH --output=racetest-%A_%a.log
set -u
k=$SLURM_ARRAY_TASK_ID
mkdir -p results
# exec: scancel's SIGTERM reaches racetest, which stops the runs in
# progress and writes its reports before it exits.
exec racetest -config configs/nightly.conf -shards 4 -shard-by run \
    -jsonfile "results/shard-$k.json" -junit "results/junit-$k.xml" -sarif "results/shard-$k.sarif" \
    "${@:-./tests/...}"
