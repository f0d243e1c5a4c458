#!/usr/bin/env python3
"""ci_configs.py: reads the CI examples of configs/ci/ for the engine tests
(tests/engines/), so that the commands they run are the ones tested.

  ci_configs.py gha-matrix WORKFLOW JOB
      the values of JOB's matrix.shard, one a line
  ci_configs.py gha-step WORKFLOW JOB STEP-NAME-PREFIX [SHARD]
      the `run:` script of the step, with ${{ matrix.shard }} and
      ${{ env.NAME }} (the workflow's env) filled in; any other expression
      is an error
  ci_configs.py gha-env WORKFLOW
      the workflow's env as NAME=VALUE lines
  ci_configs.py k8s-check MANIFEST
      checks the Indexed Job protocol racetest reads and prints N: the shard
      Job is completionMode Indexed with completions = parallelism = N, its
      command runs `racetest ... -shards N` (JOB_COMPLETION_INDEX is the
      shard), retries of index failures are bounded, exit 66 fails the index
      without a retry; the merge Job waits for N shards
  ci_configs.py k8s-script MANIFEST JOB
      the shell script (args[0] of `sh -c`) of JOB's container
Exit status 1 with a message naming the file on any mismatch.
"""
import re
import sys

import yaml


def fail(msg):
    sys.exit(f"ci_configs.py: {msg}")


def load(path):
    with open(path, encoding="utf-8") as f:
        return list(yaml.safe_load_all(f))


def workflow(path):
    docs = load(path)
    if len(docs) != 1 or not isinstance(docs[0], dict):
        fail(f"{path}: want one YAML document")
    return docs[0]


def job_of(wf, path, name):
    job = wf.get("jobs", {}).get(name)
    if not job:
        fail(f"{path}: no job {name}")
    return job


def fill(text, env, shard, path):
    def sub(m):
        expr = m.group(1).strip()
        if expr == "matrix.shard" and shard is not None:
            return str(shard)
        if expr.startswith("env.") and expr[4:] in env:
            return str(env[expr[4:]])
        fail(f"{path}: cannot evaluate ${{{{ {expr} }}}} here")
    return re.sub(r"\$\{\{(.*?)\}\}", sub, text)


def k8s_jobs(path):
    jobs = {d["metadata"]["name"]: d for d in load(path) if d and d.get("kind") == "Job"}
    if not jobs:
        fail(f"{path}: no Job")
    return jobs


def container_script(job, path):
    c = job["spec"]["template"]["spec"]["containers"][0]
    if c.get("command") != ["/bin/sh", "-c"] or not c.get("args"):
        fail(f"{path}: job {job['metadata']['name']}: want command [/bin/sh, -c] and the script in args")
    return c["args"][0]


def k8s_check(path):
    jobs = k8s_jobs(path)
    shard_jobs = [j for j in jobs.values() if j["spec"].get("completionMode") == "Indexed"]
    if len(shard_jobs) != 1:
        fail(f"{path}: want one Job with completionMode: Indexed")
    spec = shard_jobs[0]["spec"]
    n = spec.get("completions")
    if not isinstance(n, int) or n < 2 or spec.get("parallelism") != n:
        fail(f"{path}: want completions = parallelism >= 2 (got {n}, {spec.get('parallelism')})")
    script = container_script(shard_jobs[0], path)
    m = re.search(r"racetest\b[^\n]*?-shards (\d+)", script)
    if not m or int(m.group(1)) != n:
        fail(f"{path}: the shard Job's racetest must use -shards {n} (= completions)")
    if "JOB_COMPLETION_INDEX" not in script:
        fail(f"{path}: the shard Job's files must be named by JOB_COMPLETION_INDEX")
    if spec["template"]["spec"].get("restartPolicy") != "Never" or spec.get("backoffLimitPerIndex") is None:
        fail(f"{path}: want restartPolicy Never and backoffLimitPerIndex (a retried index runs its shard again)")
    rules = spec.get("podFailurePolicy", {}).get("rules", [])
    if not any(r.get("action") == "FailIndex" and 66 in r.get("onExitCodes", {}).get("values", []) and
               r["onExitCodes"].get("operator") == "In" for r in rules):
        fail(f"{path}: want a FailIndex rule on exit code 66 (races found is a result, not a retry)")
    merge = [j for name, j in jobs.items() if j is not shard_jobs[0]]
    if len(merge) != 1:
        fail(f"{path}: want one merge Job beside the shard Job")
    mscript = container_script(merge[0], path)
    if "racetest merge" not in mscript or not re.search(rf"-lt {n}\b", mscript):
        fail(f"{path}: the merge Job must wait for {n} shards and run racetest merge")
    print(n)


def main():
    a = sys.argv[1:]
    if a[:1] == ["gha-matrix"] and len(a) == 3:
        for v in job_of(workflow(a[1]), a[1], a[2])["strategy"]["matrix"]["shard"]:
            print(v)
    elif a[:1] == ["gha-env"] and len(a) == 2:
        for k, v in workflow(a[1]).get("env", {}).items():
            print(f"{k}={v}")
    elif a[:1] == ["gha-step"] and len(a) in (4, 5):
        wf = workflow(a[1])
        steps = [s for s in job_of(wf, a[1], a[2])["steps"] if s.get("name", "").startswith(a[3]) and "run" in s]
        if len(steps) != 1:
            fail(f"{a[1]}: want one step of job {a[2]} named {a[3]}... with run:")
        print(fill(steps[0]["run"], wf.get("env", {}), a[4] if len(a) == 5 else None, a[1]))
    elif a[:1] == ["k8s-check"] and len(a) == 2:
        k8s_check(a[1])
    elif a[:1] == ["k8s-script"] and len(a) == 3:
        jobs = k8s_jobs(a[1])
        if a[2] not in jobs:
            fail(f"{a[1]}: no Job {a[2]}")
        print(container_script(jobs[a[2]], a[1]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
