#!/usr/bin/env bash
# End-to-end checks of the frames in reports (tests/e2e/fixtures/frames),
# under gcc -O0, gcc -O2 and clang -O2: every level of an inline chain with
# its own line; no stale frame after longjmp/siglongjmp (and
# __longjmp_chk); symbols after main's pthread_exit; deep stacks cut in
# the middle with "..."; memcpy/strlen as frames, the racing byte and the
# global's own offset; crashes with libc frames (libunwind), and crashes
# in cmocka tests as crashes (<error> in JUnit) with the crashing thread's
# stack.
set -u
cd "$(dirname "$0")/../.."
F=tests/e2e/fixtures/frames
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/report_expect.sh

# build NAME CC OPT [extra flags]: $tmp/NAME-CC-OPT
build() {
    local name=$1 cc=$2 opt=$3; shift 3
    CC=$cc bin/racetest build -o "$tmp/$name-$cc$opt" "$opt" "$@" "$F/$name.c" >"$tmp/build.log" 2>&1 ||
        { bad "build $name with $cc $opt" "$tmp/build.log"; return 1; }
}

for cfg in gcc:-O0 gcc:-O2 clang:-O2; do
    cc=${cfg%%:*} opt=${cfg#*:} c="$cc $opt"

    # Inline chains: inner, mid and outer, each at its own line.
    if build inline_chain "$cc" "$opt"; then
        "$tmp/inline_chain-$cc$opt" >"$tmp/out" 2>&1
        expect_lines "$c: inline chain outer -> mid -> inner, one frame each" "$tmp/out" \
            '^  inner\(\)$' "inline_chain.c:$(line_of inline_chain.c INNER) " \
            '^  mid\(\)$' "inline_chain.c:$(line_of inline_chain.c MID) " \
            '^  outer\(\)$' "inline_chain.c:$(line_of inline_chain.c OUTER) " \
            '^  (worker|main)\(\)$'
        # ... and as addr2line -i tells it for the instrumented store in outer().
        bin="$tmp/inline_chain-$cc$opt"
        pc=$(objdump -d --no-show-raw-insn "$bin" | awk '/<outer>:/ { on = 1 } on && /call.*__tsan_write4/ { print $1; exit }')
        want=()
        while read -r fn; read -r loc; do
            want+=("^  $fn\\(\\)\$" "${loc##*/} ")
        done < <(addr2line -i -f -e "$bin" "0x${pc%:}")
        [ "${#want[@]}" -eq 6 ] && expect_lines "$c: inline chain as addr2line -i has it" "$tmp/out" "${want[@]}" ||
            bad "$c: addr2line -i gave ${#want[@]} lines for the store in outer()"
    fi

    # longjmp: none of the frames jumped out of stays on the stack.
    for mode in longjmp siglongjmp; do
        for fort in "" -D_FORTIFY_SOURCE=2; do
            [ -n "$fort" ] && [ "$opt" = -O0 ] && continue   # fortify needs optimization
            name="$c${fort:+ fortified}: $mode"
            if build longjmp_out "$cc" "$opt" $fort; then
                "$tmp/longjmp_out-$cc$opt" "$mode" >"$tmp/out" 2>&1
                rc=$?
                if [ "$rc" -eq 66 ] && grep -q "longjmp_out.c:$(line_of longjmp_out.c 'shared = 2') " "$tmp/out" &&
                    ! grep -q 'stale_' "$tmp/out"; then
                    ok "$name: no stale frame in the report"
                else
                    bad "$name: exit $rc, or a frame left by longjmp (stale_*) in the report" "$tmp/out"
                fi
            fi
        done
    done

    # Symbols after main's pthread_exit.
    if build main_pthread_exit "$cc" "$opt"; then
        "$tmp/main_pthread_exit-$cc$opt" >"$tmp/out" 2>&1
        rc=$?
        R=$(line_of main_pthread_exit.c RACE)
        { [ "$rc" -eq 66 ] && [ "$(grep -c "main_pthread_exit.c:$R " "$tmp/out")" -eq 2 ] &&
            grep -qE "^Location is global 'counter' of size 4 at 0x[0-9a-f]{12} " "$tmp/out" &&
            ! grep -q '^  ??()' "$tmp/out"; } && ok "$c: symbols after main's pthread_exit" ||
            bad "$c: main's pthread_exit: exit $rc, frames or location not symbolized" "$tmp/out"
    fi

    # Deep stacks: innermost frames, "...", the entry function.
    if build deep_stack "$cc" "$opt"; then
        RACETEST_OPTIONS=sched=off "$tmp/deep_stack-$cc$opt" >"$tmp/out" 2>&1
        expect_lines "$c: a deep stack: its innermost frames" "$tmp/out" \
            '^Read at 0x[0-9a-f]+ by thread T1:$' '^  recurse\(\)$' "deep_stack.c:$(line_of deep_stack.c 'shared++') "
        awk '/^Read at/ { on = 1 } /^Previous/ { on = 0 } on' "$tmp/out" >"$tmp/cur"
        { grep -q '^  \.\.\.$' "$tmp/cur" && grep -q "deep_stack.c:$(line_of deep_stack.c ENTRY) " "$tmp/cur" &&
            [ "$(grep -c '^  ' "$tmp/cur")" -le 140 ]; } && ok "$c: a deep stack keeps its entry function after '...'" ||
            bad "$c: deep stack: no '...' or no entry_of_worker line" "$tmp/out"
    fi

    # Range functions as frames; the racing byte; the global's own offset.
    if build range_race "$cc" "$opt"; then
        for fn in memcpy strlen; do
            "$tmp/range_race-$cc$opt" "$fn" >"$tmp/out" 2>&1
            byte=$(sed -n 's/^racing byte 0x\([0-9a-f]*\)$/\1/p' "$tmp/out")
            byte=$(printf '%012x' "0x${byte:-0}")
            kind=Write; [ "$fn" = strlen ] && kind=Read
            expect_lines "$c: $fn() is a frame above its caller" "$tmp/out" \
                "^$kind at 0x[0-9a-f]+ by main thread:\$" "^  $fn\\(\\)\$" '^  main\(\)$' \
                "range_race.c:$(grep -n "$fn(buf" "$F/range_race.c" | cut -d: -f1) "
            expect_lines "$c: $fn: the access at the racing byte, not at its granule" "$tmp/out" \
                "^$kind at 0x$byte by main thread:\$"
            expect_lines "$c: $fn: the previous access at the racing byte" "$tmp/out" \
                "^Previous write at 0x$byte by thread T1:\$"
        done
        "$tmp/range_race-$cc$opt" memcpy-first >"$tmp/out" 2>&1
        byte=$(sed -n 's/^racing byte 0x\([0-9a-f]*\)$/\1/p' "$tmp/out")
        byte=$(printf '%012x' "0x${byte:-0}")
        expect_lines "$c: a memcpy as the previous access, at the racing byte" "$tmp/out" \
            "^Write at 0x$byte by thread T1:\$" '^  worker\(\)$' "range_race.c:$(line_of range_race.c "buf\[37\] =") " "^Previous write at 0x$byte by main thread:\$" \
            '^  memcpy\(\)$' '^  main\(\)$'
        off=$(nm "$tmp/range_race-$cc$opt" | awk '$3 == "buf" { print $1 }' | sed 's/^0*//')
        start=$(printf '%012x' $((0x$byte - 37)))
        expect_lines "$c: the global at its own start and module offset" "$tmp/out" \
            "^Location is global 'buf' of size 64 at 0x$start \\(range_race-$cc$opt\\+0x$off\\)\$"
    fi
done

# Crash stacks through libc: abort() and the line that called it.
if build abort_in_libc gcc -O2; then
    # (in a shell of its own, whose "Aborted" notice goes nowhere)
    rc=$(bash -c '"$1" >"$2" 2>&1; echo $?' _ "$tmp/abort_in_libc-gcc-O2" "$tmp/out" 2>/dev/null)
    [ "$rc" -eq 134 ] && ok "abort in a thread: dies of SIGABRT" || bad "abort in a thread: exit $rc" "$tmp/out"
    expect_lines "abort in a thread: the signal and the thread" "$tmp/out" \
        '^racetest: Aborted \(signal 6\) in thread T1:$'
    expect_lines "abort: the line that called abort(), under libc's frames" "$tmp/out" \
        '^  abort\(\)$' '^      libc\.so' '^  give_up\(\)$' "abort_in_libc.c:$(line_of abort_in_libc.c ABORT) " \
        '^  worker\(\)$' "abort_in_libc.c:$(line_of abort_in_libc.c CALL) "
fi

# Crashes inside cmocka tests: crashes, not failures, with their stacks.
bin/racetest -count=1 -v -junit "$tmp/junit.xml" "$F/cmocka_crash" >"$tmp/out" 2>&1
rc=$?
P=$(line_of cmocka_crash/crash_test.c POKE)
{ [ "$rc" -eq 1 ] && grep -q -- '--- PASS: .*test_fine' "$tmp/out"; } &&
    ok "cmocka crashes: the run goes on after each crash" || bad "cmocka crashes: exit $rc" "$tmp/out"
expect_lines "cmocka: SIGSEGV in a test's thread is a crash with that thread's stack" "$tmp/out" \
    '^    test crashed: signal 11 \(Segmentation fault\)$' '^    =+$' \
    '^    racetest: Segmentation fault \(signal 11\) on address 0x0+ in thread T1:$' \
    '^      poke\(\)$' "crash_test.c:$P " '^      worker\(\)$' "crash_test.c:$(line_of cmocka_crash/crash_test.c WORKER) "
expect_lines "cmocka: SIGSEGV in the test's own thread is a crash, not a failure" "$tmp/out" \
    '^    racetest: Segmentation fault \(signal 11\) on address 0x0+ in main thread:$' \
    '^      poke\(\)$' "crash_test.c:$P " '^      test_main_segv\(\)$' "crash_test.c:$(line_of cmocka_crash/crash_test.c MAIN) "
expect_lines "cmocka: SIGFPE is a crash" "$tmp/out" '^    test crashed: signal 8 \(Floating point exception\)$'
if ! grep -q 'Test failed with exception' "$tmp/out" && [ "$(grep -c '<error type="Crash"' "$tmp/junit.xml")" -eq 3 ] &&
    ! grep -q '<failure' "$tmp/junit.xml"; then
    ok "cmocka crashes: three <error type=\"Crash\"> in JUnit, no <failure>"
else
    bad "cmocka crashes: JUnit" "$tmp/junit.xml"
fi
# Without the detector (-race=false) a crash is still a crash.
bin/racetest -race=false -count=1 -v "$F/cmocka_crash" >"$tmp/out" 2>&1
{ [ "$(grep -c '^    test crashed: signal' "$tmp/out")" -eq 3 ] && grep -q -- '--- PASS: .*test_fine' "$tmp/out"; } &&
    ok "cmocka crashes without the detector: still crashes" || bad "cmocka crashes, -race=false" "$tmp/out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
