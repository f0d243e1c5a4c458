#!/usr/bin/env bash
# End-to-end checks of detection around the dynamic loader and of races
# that need real threads at the same moment, which the
# single-file conformance programs cannot hold (tests/e2e/fixtures/detect):
#   - the dynamic TLS of a dlopen'ed library, freed by glibc once its
#     thread is gone: no report in DETECT_RUNS runs (100 by default);
#   - a library dlclose'd and loaded again at the same address: its new
#     globals start with no history (clean), while the racy twin that keeps
#     the first copy is still reported;
#   - a mutex an uninstrumented library creates and publishes with its own
#     atomics, then locks for another thread: its calls are not checked
#     (caller_module.h), so silent;
#   - two threads storing into the same fresh granule at once, one through
#     a range access (memset, memcpy's read): every round's race is seen,
#     which the runtime's own race counter (__racetest_test_races) shows
#     round by round;
#   - the rest of the public sanitizer interface a -fsanitize=thread program
#     may call (sanitizer_api.c: external API, unaligned stores, the
#     initialize/finalize hooks, the report path, stack printing,
#     symbolization, the allocator's queries), built with gcc and clang;
#   - racetest cc keeps gcc's inline string and memory functions out of line
#     (clang needs no flag), and refuses -static with one line.
set -u
cd "$(dirname "$0")/../.."
F=tests/e2e/fixtures/detect
RUNS=${DETECT_RUNS:-100}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/report_expect.sh
export RACETEST_CACHE="$tmp/cache"

build() { # OUT ARGS...: racetest cc, the log in $tmp/build.log
    local out=$1
    shift
    bin/racetest cc -g -O1 -o "$tmp/$out" "$@" >"$tmp/build.log" 2>&1 || { bad "build $out" "$tmp/build.log"; return 1; }
}

if build libdtls.so -shared -fPIC "$F/dtls_lib.c" && build dtls "$F/dtls_main.c"; then
    n=0
    for ((i = 1; i <= RUNS; i++)); do
        "$tmp/dtls" "$tmp/libdtls.so" >"$tmp/out" 2>&1
        rc=$?
        if [ $rc -ne 0 ]; then n=$((n + 1)); cp "$tmp/out" "$tmp/failed"; fi
    done
    [ $n -eq 0 ] && ok "dynamic TLS freed by glibc: silent in $RUNS runs" ||
        bad "dynamic TLS freed by glibc: $n of $RUNS runs failed" "$tmp/failed"
fi

if build libreopen.so -shared -fPIC "$F/dlreopen_lib.c" && build reopen "$F/dlreopen_main.c"; then
    "$tmp/reopen" "$tmp/libreopen.so" >"$tmp/out" 2>&1
    rc=$?
    if ! grep -q '^same address$' "$tmp/out"; then
        bad "dlclose + dlopen: the loader did not reuse the address, nothing checked" "$tmp/out"
    elif [ $rc -ne 0 ] || grep -q 'DATA RACE' "$tmp/out"; then
        bad "dlclose + dlopen: the new copy's global inherited the old one's history (exit $rc)" "$tmp/out"
    else
        ok "dlclose + dlopen: the new copy starts without history"
    fi
    "$tmp/reopen" "$tmp/libreopen.so" keep >"$tmp/out" 2>&1
    rc=$?
    lib_line=$(grep -n 'lib_global = v' "$F/dlreopen_lib.c" | cut -d: -f1)
    if [ $rc -eq 66 ] && [ "$(grep -c "dlreopen_lib.c:$lib_line " "$tmp/out")" -eq 2 ]; then
        ok "dlopen'ed library kept: its global's race is reported with both accesses"
    else
        bad "dlopen'ed library kept: expected exit 66 and both writes of line $lib_line (exit $rc)" "$tmp/out"
    fi
fi

if build first_store "$F/first_store_race.c"; then
    for mode in write read; do
        for ((i = 1; i <= 3; i++)); do
            RACETEST_OPTIONS=exitcode=0 "$tmp/first_store" "$mode" >"$tmp/out" 2>&1 || break
        done
        [ $i -gt 3 ] && ok "range $mode and a plain store into fresh memory at once: every race seen" ||
            bad "range $mode and a plain store into fresh memory at once: races lost (run $i)" "$tmp/out"
    done
fi

line_of() { grep -n "/\\* $1 \\*/" "$F/sanitizer_api.c" | cut -d: -f1; }
for cc in gcc clang; do
    RACETEST_CC=$cc build sapi_$cc "$F/sanitizer_api.c" || continue
    run() { "$tmp/sapi_$cc" "$@" >"$tmp/out" 2>&1; }
    for m in external unaligned; do
        mark=$(tr a-z A-Z <<<"$m")
        run $m; rc=$?
        if [ $rc -eq 66 ] && [ "$(grep -c 'WARNING: DATA RACE' "$tmp/out")" -eq 1 ] &&
            [ "$(grep -c "sanitizer_api.c:$(line_of "$mark") " "$tmp/out")" -ge 2 ]; then
            ok "$cc: sanitizer interface, $m: one race, both accesses at their line"
        else
            bad "$cc: sanitizer interface, $m: expected exit 66 and one race at line $(line_of "$mark") (exit $rc)" "$tmp/out"
        fi
    done
    run finalize; rc=$?
    [ $rc -eq 0 ] && grep -q 'WARNING: DATA RACE' "$tmp/out" && grep -q '^initialized$' "$tmp/out" &&
        ok "$cc: __tsan_on_initialize ran, __tsan_on_finalize's 0 kept the exit status 0" ||
        bad "$cc: __tsan_on_initialize / __tsan_on_finalize (exit $rc)" "$tmp/out"
    rm -f "$tmp"/rp.*
    run report_path "$tmp/rp"; rc=$?
    [ $rc -eq 66 ] && ! grep -q 'WARNING' "$tmp/out" && grep -q 'WARNING: DATA RACE' "$tmp"/rp.* 2>/dev/null &&
        ok "$cc: __sanitizer_set_report_path: the report in PATH.PID" ||
        bad "$cc: __sanitizer_set_report_path (exit $rc)" "$tmp/out"
    run stack
    [ "$(grep -o '^  [a-z]*()' "$tmp/out" | tr -d ' ()' | tr '\n' ' ')" = "inner outer main " ] &&
        ok "$cc: __sanitizer_print_stack_trace: inner, outer, main" ||
        bad "$cc: __sanitizer_print_stack_trace" "$tmp/out"
    run alloc
    grep -q '^size 100 owned 1 0$' "$tmp/out" && ok "$cc: the allocator's queries" ||
        bad "$cc: the allocator's queries" "$tmp/out"
    run symbolize
    if grep -q "^\[main .*sanitizer_api.c:$(line_of SYMBOLIZE)\]$" "$tmp/out" &&
        grep -Eq "^\[in main\|%\|\(sapi_$cc\+0x[0-9a-f]+\)\]$" "$tmp/out" &&
        grep -q '^\[object\]$' "$tmp/out"; then
        ok "$cc: __sanitizer_symbolize_pc and _symbolize_global with their formats"
    else
        bad "$cc: __sanitizer_symbolize_pc / _symbolize_global" "$tmp/out"
    fi
done

if gcc -shared -fPIC -O1 -o "$tmp/libulock.so" "$F/uninstrumented_lock_lib.c" -pthread 2>"$tmp/build.log" &&
    build ulock "$F/uninstrumented_lock_main.c" -L"$tmp" -lulock -Wl,-rpath,"$tmp"; then
    n=0
    for ((i = 1; i <= 20; i++)); do
        "$tmp/ulock" >"$tmp/out" 2>&1 || { n=$((n + 1)); cp "$tmp/out" "$tmp/failed"; }
    done
    [ $n -eq 0 ] && ok "uninstrumented library's own mutex: silent in 20 runs" ||
        bad "uninstrumented library's own mutex: $n of 20 runs failed" "$tmp/failed"
fi

# gcc expands memcpy/strcpy inline after its TSan pass; clang does not lose them.
flags=$(RACETEST_CC=gcc bin/racetest cc --print-cflags)
case " $flags " in
*" -fno-builtin-memcpy "*" -fno-builtin-strcpy "*) ok "racetest cc: gcc gets -fno-builtin-memcpy ... -fno-builtin-strcpy" ;;
*) bad "racetest cc: gcc flags lack -fno-builtin-*: $flags" ;;
esac
flags=$(RACETEST_CC=/usr/bin/clang bin/racetest cc --print-cflags)
case " $flags " in
*" -fno-builtin-"*) bad "racetest cc: clang needs no -fno-builtin-*: $flags" ;;
*) ok "racetest cc: clang gets no -fno-builtin-*" ;;
esac

printf 'int main(void) { return 0; }\n' >"$tmp/s.c"
bin/racetest cc -static -o "$tmp/s" "$tmp/s.c" >"$tmp/out" 2>&1
rc=$?
if [ $rc -ne 0 ] && [ "$(wc -l <"$tmp/out")" -eq 1 ] &&
    grep -qx 'racetest cc: cannot specify -static with -fsanitize=thread' "$tmp/out"; then
    ok "racetest cc -static: one error line"
else
    bad "racetest cc -static: expected one error line and a failure (exit $rc)" "$tmp/out"
fi

echo "$pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ]
