#!/usr/bin/env bash
# Runs every test suite named on the command line and sums their results.
#
# Protocol for a suite: an executable that prints one line per test
# ("ok NAME" or "FAIL NAME: why") and, as its last line of output,
# "N passed, N failed" (optionally followed by ", N skipped"). A suite that
# exits non-zero without reporting a failure, or prints no summary, counts as
# one failure: a crashed suite can never pass silently. So does each shell
# error notice in its output ("FILE: line N: ..."): a command that crashed or
# read a missing file went unnoticed.
# Ends with the plain summary line that CI reads.
set -u
total_pass=0 total_fail=0 total_skip=0
failed_suites=()
for suite in "$@"; do
    echo "=== suite: $suite"
    out=$(mktemp) || exit 2
    "$suite" 2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    # bash's own notices ("suite.sh: line 131: 123 Segmentation fault",
    # "line 247: /proc/9/stat: No such file or directory") mean a command
    # of the suite went wrong unnoticed: a passing suite prints none.
    shell_errors=$(grep -cE '^[^ ]+: line [0-9]+: ' "$out")
    rm -f "$out"
    if [[ $summary =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)? ]]; then
        p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} s=${BASH_REMATCH[4]:-0}
    else
        p=0 f=0 s=0
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $suite: exited with status $rc without reporting a failed test"
        f=1
    fi
    if [ "$shell_errors" -gt 0 ]; then
        echo "FAIL $suite: the shell reported $shell_errors error(s) (lines 'FILE: line N: ...' above)"
        f=$((f + 1))
    fi
    [ "$f" -gt 0 ] && failed_suites+=("$suite")
    total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
done
echo "=== summary"
for s in "${failed_suites[@]}"; do echo "failed suite: $s"; done
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
