# tests/e2e/suite_lib.sh — what the e2e suites of `racetest [test]` share,
# sourced after they set $RT (the racetest to run) and $tmp (their temp
# dir). Suite protocol (tests/check.sh): "ok NAME", "FAIL NAME: why",
# "skip NAME: why", last line "N passed, N failed, N skipped".
pass=0 fail=0 skipped=0

ok() { echo "ok $1"; pass=$((pass + 1)); }
# bad NAME WHY: the failure, with the last command's output ($tmp/out).
bad() {
    echo "FAIL $1: $2"
    fail=$((fail + 1))
    if [ -s "$tmp/out" ]; then sed 's/^/    | /' "$tmp/out" | head -60; fi
}
skip() { echo "skip $1: $2"; skipped=$((skipped + 1)); }

# run_cmd COMMAND ARGS...: its stdout in $tmp/out (stderr too unless
# SPLIT=1, then in $tmp/err), exit status in $rc. run ARGS...: the same for
# racetest.
run_cmd() {
    if [ "${SPLIT:-0}" = 1 ]; then
        "$@" >"$tmp/out" 2>"$tmp/err"
    else
        "$@" >"$tmp/out" 2>&1
    fi
    rc=$?
}
run() { run_cmd "$RT" "$@"; }
has() { grep -qF -- "$1" "$tmp/out"; }
count() { grep -cF -- "$1" "$tmp/out"; }
# The plain summary line racetest ends with.
summary() { grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$tmp/out" | tail -n 1; }
