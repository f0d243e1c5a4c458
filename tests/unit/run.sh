#!/usr/bin/env bash
# Runs every cmocka unit-test binary given as argument and translates cmocka's
# group summaries ("[  PASSED  ] N test(s).", "[  FAILED  ] N test(s), ...")
# into the suite protocol of tests/check.sh.
set -u
pass=0 fail=0 skip=0
# Without arguments: every unit-test binary that make built.
[ $# -eq 0 ] && set -- build/tests/unit/*_test
[ -e "$1" ] || { echo "0 passed, 0 failed"; exit 0; }
sum_of() { # sum N over cmocka summary lines with the given tag
    grep -E "^\[ +$1 +\] [0-9]+ test\(s\)" "$2" | sed -E 's/^[^]]*\] ([0-9]+).*/\1/' |
        awk '{ n += $1 } END { print n + 0 }'
}
for bin in "$@"; do
    name=$(basename "$bin")
    out=$(mktemp) || exit 2
    "$bin" >"$out" 2>&1
    rc=$?
    p=$(sum_of PASSED "$out") f=$(sum_of FAILED "$out") s=$(sum_of SKIPPED "$out")
    # A crash or a binary that ran nothing is a failure, never a silent pass.
    if { [ "$rc" -ne 0 ] || [ $((p + s)) -eq 0 ]; } && [ "$f" -eq 0 ]; then f=1; fi
    if [ "$f" -gt 0 ]; then
        echo "FAIL $name (exit $rc):"; sed 's/^/    /' "$out"
    else
        echo "ok $name: $p passed, $s skipped"
    fi
    pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
    rm -f "$out"
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
