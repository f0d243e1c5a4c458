#!/usr/bin/env bash
# make fuzz: fuzzes each target named on the command line (default: every
# tests/fuzz/*.c) for FUZZ_SECONDS (default 60) under nice, starting from its
# committed corpus and dictionary; merges the inputs that reach new coverage
# back into tests/fuzz/corpus/NAME (libFuzzer -merge=1, which keeps only
# those); prints one table row per target: executions, coverage (edges),
# features, corpus size before and after, and findings. A finding (crash,
# timeout, leak, out of memory) leaves its input in build/fuzz/findings/ and
# makes the command fail: fix it, then add the input to the corpus.
set -u
cd "$(dirname "$0")/../.."
. tests/fuzz/limits.sh
seconds=${FUZZ_SECONDS:-60}
# libFuzzer's -timeout is wall-clock time: under nice on a loaded machine an
# input that needs a millisecond can wait seconds for a CPU and be reported
# as a timeout. FUZZ_TIMEOUT (seconds) raises it while fuzzing; the replay in
# make check keeps limits.sh's.
timeout=()
[ -n "${FUZZ_TIMEOUT:-}" ] && timeout=(-timeout="$FUZZ_TIMEOUT")
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=($(ls tests/fuzz/*.c | xargs -n1 basename | sed 's/\.c$//'))
mkdir -p build/fuzz/findings build/fuzz/logs
rows=() total_findings=0
for name in "${targets[@]}"; do
    bin=build/fuzz/bin/$name corpus=tests/fuzz/corpus/$name
    work=build/fuzz/work/$name log=build/fuzz/logs/$name.log
    rm -rf "$work" && mkdir -p "$work" "$corpus"
    dict=()
    [ -f "tests/fuzz/dict/$name.dict" ] && dict=(-dict="tests/fuzz/dict/$name.dict")
    before=$(find "$corpus" -type f | wc -l)
    echo "fuzzing $name for ${seconds}s ..." >&2
    start=$(date +%s)
    nice -n 15 "$bin" "${FUZZ_LIMITS[@]}" "${timeout[@]}" "${dict[@]}" \
        -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="build/fuzz/findings/$name-" "$work" "$corpus" >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - start)) # less than asked when it stopped at a finding
    # Only the inputs that add coverage to the committed corpus go in.
    nice -n 15 "$bin" "${FUZZ_LIMITS[@]}" "${timeout[@]}" -merge=1 -artifact_prefix="build/fuzz/findings/$name-merge-" \
        "$corpus" "$work" >>"$log" 2>&1
    after=$(find "$corpus" -type f | wc -l)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | head -n 1)
    last=$(grep -E '^#[0-9]+' "$log" | grep -v 'MERGE' | tail -n 1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    found=$(grep -c '^SUMMARY: ' "$log") # one per finding: crash, timeout, leak, out of memory
    [ "$rc" -ne 0 ] && [ "$found" -eq 0 ] && found=1
    total_findings=$((total_findings + found))
    rows+=("$(printf '%-18s %8ss %12s %7s %7s %6s -> %-6s %s' "$name" "$took" "${execs:-?}" "${cov:-?}" \
        "${ft:-?}" "$before" "$after" "$([ "$found" -gt 0 ] && echo "$found (see $log)" || echo 0)")")
done
printf '%-18s %9s %12s %7s %7s %16s %s\n' target time executions cov ft corpus findings
printf '%s\n' "${rows[@]}"
[ "$total_findings" -eq 0 ]
