#!/usr/bin/env bash
# Engine test (make check-engines, issue 17): Slurm job arrays, on a real
# one-node cluster started here on localhost (Debian's slurmctld, slurmd and
# munge, installed by this test; the daemons run from a temp folder with
# their own ports and munge socket, and are stopped at the end).
#   - configs/ci/slurm-array.sh as an `sbatch --array=1-4` job: each task
#     one shard, read by racetest from SLURM_ARRAY_TASK_ID/MIN/COUNT;
#     configs/ci/slurm-merge.sh with --dependency=afterany merges them; the
#     merge equals the unsharded run;
#   - a task killed with SIGKILL (scancel) halfway is merged as cut short,
#     and the merge job's exit status says so (1).
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-engine-slurm.XXXXXX") || exit 2
chmod 755 "$tmp"
S=$tmp/slurm
stop_cluster() {
    for p in slurmd slurmctld munged; do
        [ -s "$S/$p.pid" ] && kill "$(cat "$S/$p.pid")" 2>/dev/null
    done
    sleep 1
}
trap 'stop_cluster; rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh
. tests/engines/lib.sh

finish() {
    echo "$pass passed, $fail failed, $skipped skipped"
    [ "$fail" = 0 ]
    exit
}

if ! apt_install slurmctld slurmd slurm-client munge python3-yaml; then
    bad slurm_installed "cannot install slurmctld slurmd slurm-client munge (apt-get)"
    finish
fi

# ---- a one-node cluster ---------------------------------------------------
mkdir -p "$S/state" "$S/spool"
host=$(hostname -s)
port=$((20000 + RANDOM % 20000))
cat >"$S/slurm.conf" <<CONF
ClusterName=racetest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$S/munge.sock
CredType=cred/munge
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
export SLURM_CONF=$S/slurm.conf
munged --socket="$S/munge.sock" --pid-file="$S/munged.pid" --log-file="$S/munged.log" \
    --seed-file="$S/munge.seed" --key-file=/etc/munge/munge.key --force >"$tmp/out" 2>&1 &&
    slurmctld -f "$S/slurm.conf" >>"$tmp/out" 2>&1 && slurmd -f "$S/slurm.conf" >>"$tmp/out" 2>&1
for _ in $(seq 60); do
    state=$(sinfo -h -o %T 2>/dev/null)
    [ "$state" = idle ] && break
    sleep 1
done
if [ "$state" != idle ]; then
    cat "$S/slurmctld.log" "$S/slurmd.log" >>"$tmp/out" 2>/dev/null
    bad cluster_up "the one-node cluster did not come up (node state '$state')"
    finish
fi
ok cluster_up

# wait_jobs JOBID...: until none is pending or running (at most 5 minutes).
wait_jobs() {
    for _ in $(seq 300); do
        [ -z "$(squeue -h -j "$(echo "$@" | tr ' ' ,)" 2>/dev/null)" ] && return 0
        sleep 1
    done
    return 1
}
exit_code() { scontrol show job "$1" 2>/dev/null | sed -n 's/.* ExitCode=\([0-9]*\):.*/\1/p' | head -n 1; }

# ---- the array, then the merge -------------------------------------------
make_workspace && unsharded_reference || bad workspace "could not make the workspace and the unsharded run"
export PATH=$ROOT/bin:$PATH
cd "$tmp/src" || exit 2
# (--cpus-per-task=1: the script asks for 4 CPUs per task, this node has $(nproc).)
SB=(sbatch --parsable --cpus-per-task=1)
jid=$("${SB[@]}" "$ROOT/configs/ci/slurm-array.sh" 2>"$tmp/out")
mjid=$(sbatch --parsable --dependency="afterany:$jid" "$ROOT/configs/ci/slurm-merge.sh" 2>>"$tmp/out")
if [ -z "$jid" ] || [ -z "$mjid" ] || ! wait_jobs "$jid" "$mjid"; then
    bad array_job_runs "the array and merge jobs did not run (ids '$jid' '$mjid')"
    finish
fi
logs=$(cat racetest-"$jid"_*.log 2>/dev/null)
mrc=$(exit_code "$mjid")
if [ "$mrc" = 66 ] && [ "$(echo "$logs" | grep -c 'from SLURM_ARRAY_TASK_ID')" = 4 ] &&
    grep -q "racetest: 2 unique data races found" racetest-merge-"$mjid".log; then
    ok array_job_runs
else
    { echo "$logs"; cat racetest-merge-"$mjid".log; } >"$tmp/out" 2>&1
    bad array_job_runs "want 4 tasks each naming its shard from SLURM_ARRAY_TASK_ID and the merge job to exit 66 with 2 races (merge exit '$mrc')"
fi
"$RT" merge -json results/shard-*.json >"$tmp/merged.json" 2>/dev/null
shards_equal array_shards_equal_unsharded "$tmp/merged.json" results/racetest.sarif

# ---- a task killed halfway -----------------------------------------------
rm -rf results racetest-*.log
cp -r "$ROOT/tests/e2e/fixtures/ci/slow" slow
jid=$("${SB[@]}" "$ROOT/configs/ci/slurm-array.sh" -duration 20s ./slow 2>"$tmp/out")
mjid=$(sbatch --parsable --dependency="afterany:$jid" "$ROOT/configs/ci/slurm-merge.sh" 2>>"$tmp/out")
for _ in $(seq 100); do
    n=$(grep -c '"Action":"pass"' results/shard-2.json 2>/dev/null)
    [ "${n:-0}" -ge 20 ] && break
    sleep 0.2
done
scancel --signal=KILL --batch "${jid}_2" 2>>"$tmp/out"
if ! wait_jobs "$jid" "$mjid"; then
    bad killed_task_merged_incomplete "the jobs did not end"
    finish
fi
mrc=$(exit_code "$mjid")
mlog=racetest-merge-$mjid.log
if [ "$mrc" = 1 ] && grep -q "shard-2.json.*incomplete\|incomplete.*shard-2.json" "$mlog" &&
    ! grep -q "shard-[134].json: incomplete" "$mlog" && grep -qE '^[0-9]+ passed, 0 failed' "$mlog"; then
    ok killed_task_merged_incomplete
else
    cp "$mlog" "$tmp/out" 2>/dev/null
    bad killed_task_merged_incomplete "want the merge job to exit 1 naming shard-2.json (killed) as incomplete (exit '$mrc', $n passing runs before the kill)"
fi
finish
