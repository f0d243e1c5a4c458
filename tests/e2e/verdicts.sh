#!/usr/bin/env bash
# End-to-end tests of issue 15: the runner's verdicts under stress,
# interruption and hostile tests. Fixtures are written into a temp dir at run
# time (some have names no repository should hold: `$(touch PWNED)_test.c`).
#
# Suite protocol (tests/check.sh): "ok NAME", "FAIL NAME: why", "skip NAME:
# why", last line "N passed, N failed, N skipped". Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$PWD
RT=$root/bin/racetest
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-verdicts.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skipped=0
CC=${CC:-cc}

ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() {
    echo "FAIL $1: $2"
    fail=$((fail + 1))
    if [ -s "$tmp/out" ]; then sed 's/^/    | /' "$tmp/out" | head -60; fi
}
skip() { echo "skip $1: $2"; skipped=$((skipped + 1)); }

# run ARGS...: racetest's stdout and stderr in $tmp/out (SPLIT=1: stderr in
# $tmp/err), exit status in $rc.
run() {
    if [ "${SPLIT:-0}" = 1 ]; then
        "$RT" "$@" >"$tmp/out" 2>"$tmp/err"
    else
        "$RT" "$@" >"$tmp/out" 2>&1
    fi
    rc=$?
}
has() { grep -qF -- "$1" "$tmp/out"; }
summary() { grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$tmp/out" | tail -n 1; }

if [ ! -x "$RT" ]; then
    echo "FAIL setup: $RT is missing (run make)"
    echo "0 passed, 1 failed"
    exit 1
fi
JC=$tmp/jsoncheck
if ! $CC -std=gnu11 -O1 -I"$root" -o "$JC" tests/e2e/fixtures/runner/jsoncheck.c runner/report/json.c 2>"$tmp/out"; then
    bad jsoncheck "could not build the JSON checker"
    echo "$pass passed, $fail failed, $skipped skipped"
    exit 1
fi

# cmocka_file PATH BODY TESTS: a cmocka test file whose tests are the
# functions named in TESTS (defined in BODY).
cmocka_file() {
    local path=$1 body=$2 tests=$3 list="" t
    for t in $tests; do list="$list cmocka_unit_test($t),"; done
    cat >"$path" <<EOT
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
$body
int main(void)
{
    const struct CMUnitTest tests[] = {$list};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
EOT
}

# --- 5: rerun commands are shell-quoted and regex-escaped -------------------

H=$tmp/hostile
mkdir -p "$H"
for name in '$(touch PWNED)_test.c' 'c++_test.c' 'with space_test.c'; do
    printf '#include <stdio.h>\nint main(void) { puts("failing on purpose"); return 1; }\n' >"$H/$name"
done
(cd "$H" && "$RT" -junit "$tmp/h.xml" -sarif "$tmp/h.sarif" -jsonfile "$tmp/h.json" . >"$tmp/out" 2>&1)
rc=$?
reruns=$(grep -c '^    rerun: ' "$tmp/out")
if [ "$rc" = 1 ] && [ "$reruns" = 3 ]; then
    ok hostile_names_fail_with_rerun_lines
else
    bad hostile_names_fail_with_rerun_lines "want exit 1 and 3 rerun lines (got exit $rc, $reruns)"
fi
# Each pasted rerun command must rerun exactly its test (1 run, failing) and
# run nothing else.
check_reruns() { # NAME FILE-OF-COMMANDS
    local what=$1 cmds=$2 n=0 good=0 line
    while IFS= read -r line; do
        n=$((n + 1))
        (cd "$H" && PATH="$root/bin:$PATH" bash -c "$line" >"$tmp/rerun.out" 2>&1)
        local r=$?
        if [ "$r" = 1 ] && grep -qE '^0 passed, 1 failed, 0 skipped$' "$tmp/rerun.out" &&
            grep -qE '1 run in ' "$tmp/rerun.out"; then
            good=$((good + 1))
        else
            echo "    rerun ($what) '$line' gave exit $r:"
            sed 's/^/      /' "$tmp/rerun.out" | tail -5
        fi
    done <"$cmds"
    if [ "$n" = 3 ] && [ "$good" = 3 ] && [ ! -e "$H/PWNED" ]; then
        ok "rerun_commands_paste_safely_$what"
    else
        bad "rerun_commands_paste_safely_$what" "want 3 commands each rerunning its one test, no PWNED file (got $good of $n$([ -e "$H/PWNED" ] && echo ', PWNED created'))"
    fi
    rm -f "$H/PWNED"
}
sed -n 's/^    rerun: //p' "$tmp/out" >"$tmp/cmds.text"
check_reruns text "$tmp/cmds.text"
"$JC" Action Rerun <"$tmp/h.json" | sed -n 's/^fail\t//p' | grep -v '^$' >"$tmp/cmds.json"
check_reruns json "$tmp/cmds.json"
sed -n 's/^rerun: //p' "$tmp/h.xml" | sed -e "s/&apos;/'/g" -e 's/&quot;/"/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' >"$tmp/cmds.junit"
check_reruns junit "$tmp/cmds.junit"

# --- 6: NUL bytes and invalid UTF-8 in a test's output ----------------------

N=$tmp/nul
mkdir -p "$N"
cmocka_file "$N/nul_test.c" '
static void test_nul(void **state)
{
    (void)state;
    fwrite("before\0after\n", 1, 13, stdout);
    fwrite("bad \xff utf8\n", 1, 11, stdout);
    fflush(stdout);
    assert_int_equal(7, 8);
}' test_nul
run -junit "$tmp/nul.xml" "$N"
if [ "$rc" = 1 ] && has "after" && has "0x7 != 0x8" && grep -qF "0x7 != 0x8" "$tmp/nul.xml" && grep -qF "after" "$tmp/nul.xml"; then
    ok nul_byte_does_not_truncate_text_junit
else
    bad nul_byte_does_not_truncate_text_junit "want the output after the NUL and the assertion in text and JUnit (exit $rc)"
fi
SPLIT=1 run -json "$N"
if "$JC" Output <"$tmp/out" >"$tmp/outputs" 2>/dev/null && grep -qF after "$tmp/outputs" &&
    grep -qF "0x7 != 0x8" "$tmp/outputs" && grep -qF $'bad \xef\xbf\xbd utf8' "$tmp/outputs" &&
    ! grep -q $'\xff' "$tmp/out"; then
    ok json_output_keeps_nul_and_replaces_invalid_utf8
else
    bad json_output_keeps_nul_and_replaces_invalid_utf8 "want 'after', the assertion and U+FFFD for the invalid byte in the Output fields (exit $rc)"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
