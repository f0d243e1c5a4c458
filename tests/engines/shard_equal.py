#!/usr/bin/env python3
"""shard_equal.py UNSHARDED.json MERGED.json [UNSHARDED.sarif MERGED.sarif]

Issue 17's shard-equality check for the engine tests (tests/engines/): the
merged result of N shards (`racetest merge -json`) must equal the unsharded
run (`racetest -json`):
  - the same tests, each with the same verdict and number of runs;
  - the same unique races (their keys), each with the same occurrences and
    the same tests and run counts it was seen in;
  - the same summary counts (Passed, Failed, Skipped, Runs, UniqueRaces);
  - with the SARIF files, the same set of result fingerprints.
Prints the differences and exits 1 when there are any, 0 when equal, 2 on
unreadable input.
"""
import json
import sys


def events(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line.startswith("{"):
                continue  # text lines racetest prints besides the events
            try:
                out.append(json.loads(line))
            except ValueError as e:
                sys.exit(f"{path}:{n}: not JSON: {e}")
    return out


def summary_of(path):
    evs = events(path)
    tests = {}  # (package, test) -> [verdict, runs]
    races = {}
    summary = None
    for e in evs:
        act = e.get("Action")
        if act in ("pass", "fail", "skip") and e.get("Test"):
            t = tests.setdefault((e["Package"], e["Test"]), {"pass": 0, "fail": 0, "skip": 0})
            t[act] += 1
        elif act == "race-summary":
            r = e["Race"]
            seen = sorted((s.get("Package"), s.get("Test"), s.get("Runs")) for s in r.get("Seen", []))
            races[r["Key"]] = (r.get("Occurrences"), seen)
        elif act == "summary":
            summary = {k: e.get(k) for k in ("Passed", "Failed", "Skipped", "Runs", "UniqueRaces")}
    verdicts = {}
    for k, c in tests.items():
        v = "fail" if c["fail"] else "pass" if c["pass"] else "skip"
        verdicts[k] = (v, c["pass"] + c["fail"] + c["skip"])
    return verdicts, races, summary


def fingerprints(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    fps = set()
    for run in doc.get("runs", []):
        for res in run.get("results", []):
            fps.update(f"{k}={v}" for k, v in res.get("partialFingerprints", {}).items())
    return fps


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__.strip().splitlines()[0])
    diffs = []
    va, ra, sa = summary_of(sys.argv[1])
    vm, rm, sm = summary_of(sys.argv[2])
    if not va:
        diffs.append("the unsharded run has no test results")
    for k in sorted(set(va) | set(vm)):
        if va.get(k) != vm.get(k):
            diffs.append(f"test {k[0]}/{k[1]}: unsharded {va.get(k)}, merged {vm.get(k)}")
    for k in sorted(set(ra) | set(rm)):
        if ra.get(k) != rm.get(k):
            diffs.append(f"race {k}: unsharded {ra.get(k)}, merged {rm.get(k)}")
    if sa is None or sa != sm:
        diffs.append(f"summary: unsharded {sa}, merged {sm}")
    if len(sys.argv) == 5:
        fa, fm = fingerprints(sys.argv[3]), fingerprints(sys.argv[4])
        if not fa or fa != fm:
            diffs.append(f"SARIF fingerprints: unsharded {sorted(fa)}, merged {sorted(fm)}")
    for d in diffs:
        print(d)
    if not diffs:
        print(f"equal: {len(va)} tests, {len(ra)} unique races, summary {sa}")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
