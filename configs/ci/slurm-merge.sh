#!/bin/bash
# Merges the shards of configs/ci/slurm-array.sh into one text report, one
# JUnit and one SARIF (results/racetest-junit.xml, results/racetest.sarif).
# Submit it with --dependency=afterany:ARRAY_JOB_ID so that it runs when
# every task has ended, however it ended. Exit status as `racetest merge`:
# 66 races found; 1 failures, or a shard cut short (a killed task: merge
# says which) or missing; 0 all clean.
#SBATCH --job-name=racetest-merge
#SBATCH --time=00:15:00
#SBATCH --output=racetest-merge-%j.log
set -u
shards=4
status=0
files=()
for k in $(seq 1 $shards); do
    if [ -s "results/shard-$k.json" ]; then
        files+=("results/shard-$k.json")
    else
        echo "racetest: shard $k of $shards wrote no events (its task never ran?)" >&2
        status=1
    fi
done
[ ${#files[@]} -gt 0 ] || exit 1
racetest merge -junit results/racetest-junit.xml -sarif results/racetest.sarif "${files[@]}"
rc=$?
# Races (66) win over a missing shard; a missing shard over "all clean".
[ $rc = 0 ] && rc=$status
exit $rc
