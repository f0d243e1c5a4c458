#!/usr/bin/env bash
# make check suite: replays the committed corpus of every fuzz target
# (tests/fuzz/corpus/NAME/*) through build/fuzz/bin/NAME, once each input,
# under the same sanitizers, time limit and memory limit as `make fuzz`.
# A crash, a sanitizer report, a failed property, a leak, or an input over
# the time limit fails the target; the file at fault is named. This is where
# a fixed finding stays fixed: its reproducer is in the corpus.
# One "ok fuzz/NAME" per target, then "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
. tests/fuzz/limits.sh
pass=0 fail=0
for src in tests/fuzz/*.c; do
    name=$(basename "$src" .c)
    bin=build/fuzz/bin/$name
    corpus=tests/fuzz/corpus/$name
    if [ ! -x "$bin" ]; then
        echo "FAIL fuzz/$name: $bin is not built (make fuzz-build)"
        fail=$((fail + 1))
        continue
    fi
    mapfile -t inputs < <(find "$corpus" -type f 2>/dev/null | sort)
    if [ "${#inputs[@]}" -eq 0 ]; then
        echo "FAIL fuzz/$name: no corpus in $corpus"
        fail=$((fail + 1))
        continue
    fi
    log=$(mktemp)
    if "$bin" "${FUZZ_LIMITS[@]}" "${inputs[@]}" >"$log" 2>&1; then
        echo "ok fuzz/$name (${#inputs[@]} inputs)"
        pass=$((pass + 1))
    else
        at=$(grep -E '^Running: ' "$log" | tail -n 1 | sed 's/^Running: //')
        echo "FAIL fuzz/$name: input ${at:-?} fails:"
        grep -E 'ERROR|SUMMARY|fuzz check failed|runtime error|timeout|out-of-memory' "$log" | head -n 8 | sed 's/^/    /'
        fail=$((fail + 1))
    fi
    rm -f "$log"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
