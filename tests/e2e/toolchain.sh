#!/usr/bin/env bash
# End-to-end test of the racetest toolchain: `racetest cc` (through a
# Makefile project and a CMake project), `racetest build`, `racetest run`
# with its cache, bad input, and `make install`.
#
# Every program built must resolve __tsan_* to our runtime (defined, T, in
# the executable and exported), never depend on libtsan, and shared
# libraries must not carry the runtime. When the real runtime is built
# (lib/racetest/libracetest_rt.a defines __tsan_read4), racy programs must
# exit 66 with "WARNING: DATA RACE" and clean ones with their own status;
# otherwise the link checks run against a throwaway stub runtime and the
# race checks are reported as skipped.
#
# Suite protocol (tests/check.sh): "ok NAME" / "FAIL NAME: why" /
# "skip NAME: why" lines, then "N passed, N failed, N skipped".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RT="$ROOT/bin/racetest"
FIX="$ROOT/tests/e2e/fixtures"
pass=0 fail=0 skip=0
ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }
skipped() { echo "skip $1: $2"; skip=$((skip + 1)); }
check() { # check NAME WHY COMMAND... : ok when COMMAND succeeds
    local name=$1 why=$2
    shift 2
    if "$@"; then ok "$name"; else bad "$name" "$why"; fi
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
export RACETEST_CACHE="$WORK/cache"
unset RACETEST_CC RACETEST_CC_TRACE RACETEST_OPTIONS RACETEST_INCLUDEDIR

[ -x "$RT" ] || { echo "FAIL setup: $RT not built"; echo "0 passed, 1 failed"; exit 1; }

# ---- runtime: the real one, or a stub that only satisfies the linker ----
if nm "$ROOT/lib/racetest/libracetest_rt.a" 2>/dev/null | grep -q ' T __tsan_read4$'; then
    REAL=1
    unset RACETEST_LIBDIR
else
    REAL=0
    stub="$WORK/stub"
    mkdir -p "$stub"
    cat >"$stub/stub.c" <<'EOF'
/* No-op stand-in for the racetest runtime: defines the instrumentation ABI
 * so that links succeed; detects nothing. */
#include <stdint.h>
#define ACC(k, n) void __tsan_##k##n(void *a) { (void)a; } \
                  void __tsan_unaligned_##k##n(void *a) { (void)a; } \
                  void __tsan_volatile_##k##n(void *a) { (void)a; }
ACC(read, 1) ACC(read, 2) ACC(read, 4) ACC(read, 8) ACC(read, 16)
ACC(write, 1) ACC(write, 2) ACC(write, 4) ACC(write, 8) ACC(write, 16)
void __tsan_init(void) {}
void __tsan_func_entry(void *p) { (void)p; }
void __tsan_func_exit(void) {}
void __tsan_read_range(void *a, unsigned long n) { (void)a; (void)n; }
void __tsan_write_range(void *a, unsigned long n) { (void)a; (void)n; }
void __tsan_atomic_thread_fence(int m) { (void)m; __atomic_thread_fence(__ATOMIC_SEQ_CST); }
void __tsan_atomic_signal_fence(int m) { (void)m; }
#define ATOM(n) \
    uint##n##_t __tsan_atomic##n##_load(const volatile uint##n##_t *p, int m) \
    { (void)m; return __atomic_load_n(p, 5); } \
    void __tsan_atomic##n##_store(volatile uint##n##_t *p, uint##n##_t v, int m) \
    { (void)m; __atomic_store_n(p, v, 5); } \
    uint##n##_t __tsan_atomic##n##_fetch_add(volatile uint##n##_t *p, uint##n##_t v, int m) \
    { (void)m; return __atomic_fetch_add(p, v, 5); } \
    uint##n##_t __tsan_atomic##n##_exchange(volatile uint##n##_t *p, uint##n##_t v, int m) \
    { (void)m; return __atomic_exchange_n(p, v, 5); } \
    int __tsan_atomic##n##_compare_exchange_strong(volatile uint##n##_t *p, \
        uint##n##_t *e, uint##n##_t d, int m, int f) \
    { (void)m; (void)f; return __atomic_compare_exchange_n(p, e, d, 0, 5, 5); }
ATOM(8) ATOM(16) ATOM(32) ATOM(64)
EOF
    if ! cc -O2 -c -o "$stub/stub.o" "$stub/stub.c" || ! ar rcs "$stub/libracetest_rt.a" "$stub/stub.o"; then
        echo "FAIL setup: cannot build the stub runtime"; echo "0 passed, 1 failed"; exit 1
    fi
    printf '{\n  __tsan_*;\n  __racetest_*;\n};\n' >"$stub/racetest.dynlist"
    cp "$ROOT/lib/racetest/rt-libs" "$stub/rt-libs" 2>/dev/null || echo "-lpthread" >"$stub/rt-libs"
    export RACETEST_LIBDIR="$stub"
    echo "# the detector runtime is not built yet: link checks use a stub, race checks are skipped"
fi

# ---- helpers ---------------------------------------------------------------

# The executable carries our runtime: __tsan_read4 defined in it, exported
# for shared libraries, and no libtsan. (Outputs are matched in bash: this
# suite is mostly process start-ups, keep them few.)
check_linked() { # NAME BINARY
    local name=$1 bin=$2 syms dyn deps
    if [ ! -x "$bin" ]; then bad "$name/linked" "$bin was not built"; return; fi
    syms=$(nm "$bin" 2>&1) dyn=$(nm -D "$bin" 2>&1) deps=$(ldd "$bin" 2>&1)
    if [[ $syms != *" T __tsan_read4"* ]]; then
        bad "$name/linked" "__tsan_read4 is not defined (T) in $bin"
    elif [[ $dyn != *" T __tsan_read4"* ]]; then
        bad "$name/linked" "__tsan_read4 is not exported by $bin (dynamic list)"
    elif [[ $deps == *tsan* ]]; then
        bad "$name/linked" "$bin depends on libtsan"
    else
        ok "$name/linked"
    fi
}

# A shared library is instrumented but carries no runtime.
check_shared_lib() { # NAME LIB
    local name=$1 lib=$2 syms dyn deps
    if [ ! -f "$lib" ]; then bad "$name/shared-lib" "$lib was not built"; return; fi
    syms=$(nm "$lib" 2>&1) dyn=$(nm -D "$lib" 2>&1) deps=$(ldd "$lib" 2>&1)
    if [[ $dyn != *" U __tsan_func_entry"* ]]; then
        bad "$name/shared-lib" "$lib is not instrumented (no undefined __tsan_func_entry)"
    elif [[ $syms == *" T __tsan_init"* ]]; then
        bad "$name/shared-lib" "$lib carries a runtime of its own"
    elif [[ $deps == *tsan* ]]; then
        bad "$name/shared-lib" "$lib depends on libtsan"
    else
        ok "$name/shared-lib"
    fi
}

# Runs BINARY ARGS... and expects status WANT; 66 also wants the report.
check_run() { # NAME WANT BINARY [ARGS...]
    local name=$1 want=$2
    shift 2
    if [ "$REAL" = 0 ]; then skipped "$name/exit-$want" "detector runtime not built yet"; return; fi
    local err="$WORK/stderr.$$"
    RACETEST_OPTIONS= "$@" >/dev/null 2>"$err"
    local rc=$?
    if [ "$rc" != "$want" ]; then
        bad "$name/exit-$want" "exited $rc; stderr: $(head -c 400 "$err")"
    elif [ "$want" = 66 ] && ! grep -q 'WARNING: DATA RACE' "$err"; then
        bad "$name/exit-$want" "exit 66 without a WARNING: DATA RACE report"
    elif [ "$want" != 66 ] && grep -q 'WARNING: DATA RACE' "$err"; then
        bad "$name/exit-$want" "a race report in a clean program: $(head -c 400 "$err")"
    else
        ok "$name/exit-$want"
    fi
}

cache_empty() { [ -z "$(ls -A "$1" 2>/dev/null)" ]; }

# ---- racetest cc: a Makefile project ---------------------------------------
cp -R "$FIX/make_project" "$WORK/make"
if make -s -C "$WORK/make" CC="$RT cc" >"$WORK/make.log" 2>&1; then
    ok "make/build"
else
    bad "make/build" "make CC=\"racetest cc\" failed: $(tail -c 600 "$WORK/make.log")"
fi
for p in racy clean_exit shared_user onestep; do check_linked "make/$p" "$WORK/make/$p"; done
check_shared_lib make/libshared_counter "$WORK/make/libshared_counter.so"
check_run make/racy 66 "$WORK/make/racy"
check_run make/clean_exit 3 "$WORK/make/clean_exit"
check_run make/shared_user 66 "$WORK/make/shared_user"
check_run make/onestep 66 "$WORK/make/onestep"

# ---- racetest cc: direct uses -----------------------------------------------
cd "$WORK/make" || exit 2
out=$("$RT" cc --version 2>&1)
check cc/version-passthrough "racetest cc --version differs from cc --version" \
    [ "$out" = "$(cc --version 2>&1)" ]
out=$(echo RACETEST_RACE | "$RT" cc -E -P -x c - 2>&1)
check cc/preprocess-defines-RACETEST_RACE "expected 1, got: $out" [ "$out" = 1 ]
"$RT" cc -c -o "$WORK/obj.o" racy.c
check cc/compile-instruments "racy.o has no __tsan_func_entry reference" \
    sh -c "nm '$WORK/obj.o' | grep -q ' U __tsan_func_entry$'"
"$RT" cc -fsanitize=thread -o "$WORK/stripped" racy.o counter.o -lpthread
check_linked cc/fsanitize-stripped-at-link "$WORK/stripped"
RACETEST_CC="cc -O0" "$RT" cc -o "$WORK/words" racy.o counter.o -lpthread
check_linked cc/RACETEST_CC-words "$WORK/words"
printf '%s\n' "-o" "$WORK/rsp" racy.c counter.c -lpthread >"$WORK/args.rsp"
"$RT" cc "@$WORK/args.rsp"
check_linked cc/response-file "$WORK/rsp"
"$RT" cc -c -o "$WORK/x.o" bad_syntax.c 2>"$WORK/err"
rc=$?
check cc/compile-error-status "wanted the compiler's status 1, got $rc" [ "$rc" = 1 ]
check cc/compile-error-diagnostics "no compiler diagnostics on stderr" grep -q 'error' "$WORK/err"
RACETEST_LIBDIR="$WORK/nonexistent" "$RT" cc -o "$WORK/nort" racy.o counter.o 2>"$WORK/err"
rc=$?
check cc/missing-runtime "wanted exit 2 and a one-line error, got $rc: $(cat "$WORK/err")" \
    sh -c "[ $rc = 2 ] && grep -q '^racetest cc: the detector runtime is missing' '$WORK/err'"
out=$("$RT" cc --print-cflags)
check cc/print-cflags "got: $out" sh -c "echo '$out' | grep -q -- '-fsanitize=thread .*-DRACETEST_RACE=1 -I/'"
out=$("$RT" cc --print-ldflags)
check cc/print-ldflags "got: $out" \
    sh -c "echo '$out' | grep -q -- '-Wl,--whole-archive .*libracetest_rt.a -Wl,--no-whole-archive -Wl,--dynamic-list='"
mkdir -p "$WORK/linkbin" && ln -s "$ROOT/bin/racetest-cc" "$WORK/linkbin/mycc"
"$WORK/linkbin/mycc" -o "$WORK/viasymlink" racy.o counter.o -lpthread
check_linked cc/racetest-cc-symlink "$WORK/viasymlink"
if command -v clang >/dev/null 2>&1; then
    RACETEST_CC=clang "$RT" cc -Werror -o "$WORK/clang_racy" racy.c counter.c -lpthread
    check_linked cc/clang "$WORK/clang_racy"
    check_run cc/clang-racy 66 "$WORK/clang_racy"
else
    skipped cc/clang "clang not installed"
fi
cd "$ROOT" || exit 2

# ---- racetest cc through CMake ----------------------------------------------
if command -v cmake >/dev/null 2>&1; then
    if cmake -S "$FIX/cmake_project" -B "$WORK/cmake" -DCMAKE_C_COMPILER="$ROOT/bin/racetest-cc" \
            >"$WORK/cmake.log" 2>&1 &&
        cmake --build "$WORK/cmake" -- -s >>"$WORK/cmake.log" 2>&1; then
        ok cmake/build
    else
        bad cmake/build "$(tail -c 800 "$WORK/cmake.log")"
    fi
    check cmake/compiler-id "CMake did not identify the compiler behind racetest-cc" \
        grep -qE 'CMAKE_C_COMPILER_ID "(GNU|Clang)"' "$WORK"/cmake/CMakeFiles/*/CMakeCCompiler.cmake
    for p in racy clean_exit shared_user; do check_linked "cmake/$p" "$WORK/cmake/$p"; done
    check_shared_lib cmake/libshared_counter "$WORK/cmake/libshared_counter.so"
    check_run cmake/racy 66 "$WORK/cmake/racy"
    check_run cmake/clean_exit 3 "$WORK/cmake/clean_exit"
    check_run cmake/shared_user 66 "$WORK/cmake/shared_user"
else
    skipped cmake "cmake not installed"
fi

# ---- racetest build ----------------------------------------------------------
M="$FIX/make_project"
mkdir -p "$WORK/b"
"$RT" build -o "$WORK/b/racy" "$M/racy.c" "$M/counter.c" -I "$M" -Wl,--as-needed -lpthread
check_linked build/racy "$WORK/b/racy"
check_run build/racy 66 "$WORK/b/racy"
(cd "$WORK/b" && "$RT" build "$M/clean_exit.c" "$M/counter.c" -I"$M" -lpthread)
check build/default-output "racetest build without -o did not write ./clean_exit" [ -x "$WORK/b/clean_exit" ]
check_linked build/clean_exit "$WORK/b/clean_exit"
check_run build/clean_exit 3 "$WORK/b/clean_exit"
echo old >"$WORK/b/keep"
"$RT" build -o "$WORK/b/keep" "$M/bad_syntax.c" 2>"$WORK/err"
rc=$?
check build/compile-error "wanted exit 2 + diagnostics + one racetest line, got $rc: $(cat "$WORK/err")" \
    sh -c "[ $rc = 2 ] && grep -q 'error' '$WORK/err' && grep -q '^racetest build: building .*bad_syntax.c failed' '$WORK/err'"
check build/failure-keeps-output "a failed build changed or left files next to -o" \
    sh -c "[ \"\$(cat '$WORK/b/keep')\" = old ] && [ -z \"\$(ls -A '$WORK/b' | grep racetest-build)\" ]"
"$RT" build 2>"$WORK/err"
rc=$?
check build/no-files "wanted exit 2, got $rc" sh -c "[ $rc = 2 ] && grep -q '^racetest build: no C source' '$WORK/err'"
"$RT" build -c "$M/racy.c" 2>"$WORK/err"
rc=$?
check build/rejects-c "wanted exit 2, got $rc" sh -c "[ $rc = 2 ] && grep -q '^racetest build: -c is not allowed' '$WORK/err'"

# ---- racetest run and its cache ----------------------------------------------
cp -R "$FIX/make_project" "$WORK/runsrc"
cd "$WORK/runsrc" || exit 2
rm -rf "$RACETEST_CACHE"
out=$(RACETEST_CC_TRACE=1 "$RT" run clean_exit.c counter.c -lpthread -- 5 2>"$WORK/err")
rc=$?
check run/exit-status "wanted the program's status 5, got $rc: $(head -c 400 "$WORK/err")" [ "$rc" = 5 ]
check run/program-output "got: $out" [ "$out" = "clean_exit: 2000 hits" ]
check run/cache-entry "wanted one program and its manifest in the cache, got: $(ls -A "$RACETEST_CACHE" | tr '\n' ' ')" \
    sh -c "[ \$(ls -A '$RACETEST_CACHE' | wc -l) = 2 ] && ls '$RACETEST_CACHE' | grep -q 'clean_exit.deps$'"
check run/manifest-lists-header "counter.h missing from the manifest" \
    sh -c "grep -q ' counter.h$' '$RACETEST_CACHE'/*.deps"
entry=$(ls "$RACETEST_CACHE"/*-clean_exit)
check_linked run/clean_exit "$entry"
RACETEST_CC_TRACE=1 "$RT" run clean_exit.c counter.c -lpthread -- 6 >/dev/null 2>"$WORK/err"
rc=$?
check run/cache-hit "second run rebuilt (or exited $rc, not 6)" \
    sh -c "[ $rc = 6 ] && ! grep -q 'racetest cc: +' '$WORK/err'"
echo "/* edited */" >>counter.h
RACETEST_CC_TRACE=1 "$RT" run clean_exit.c counter.c -lpthread -- 7 >/dev/null 2>"$WORK/err"
rc=$?
check run/header-change-rebuilds "an edited header did not cause a rebuild (exit $rc)" \
    sh -c "[ $rc = 7 ] && grep -q 'racetest cc: +' '$WORK/err'"
echo "/* edited */" >>clean_exit.c
"$RT" run clean_exit.c counter.c -lpthread >/dev/null 2>&1
check run/source-change-new-entry "an edited source did not make a new entry" \
    [ "$(ls "$RACETEST_CACHE" | grep -c -- '-clean_exit$')" = 2 ]
check_run run/racy 66 "$RT" run racy.c counter.c -lpthread

bad_cache="$WORK/badcache"
mkdir -p "$bad_cache"
RACETEST_CACHE="$bad_cache" "$RT" run --no-such-flag-xyz clean_exit.c counter.c 2>"$WORK/err"
rc=$?
check run/unknown-flag "wanted exit 2 + compiler diagnostic + racetest line, got $rc: $(cat "$WORK/err")" \
    sh -c "[ $rc = 2 ] && grep -q 'no-such-flag-xyz' '$WORK/err' && grep -q '^racetest run: ' '$WORK/err'"
check run/unknown-flag-cache-clean "files left in the cache: $(ls -A "$bad_cache")" cache_empty "$bad_cache"
RACETEST_CACHE="$bad_cache" "$RT" run missing_file.c 2>"$WORK/err"
rc=$?
check run/missing-file "wanted exit 2 naming the file, got $rc: $(cat "$WORK/err")" \
    sh -c "[ $rc = 2 ] && grep -q '^racetest run: missing_file.c: No such file' '$WORK/err'"
check run/missing-file-cache-clean "files left in the cache" cache_empty "$bad_cache"
RACETEST_CACHE="$bad_cache" "$RT" run bad_syntax.c 2>"$WORK/err"
rc=$?
check run/compile-error "wanted exit 2 + diagnostics + racetest line, got $rc: $(cat "$WORK/err")" \
    sh -c "[ $rc = 2 ] && grep -q 'error' '$WORK/err' && grep -q '^racetest run: building bad_syntax.c failed' '$WORK/err'"
check run/compile-error-cache-clean "files left in the cache: $(ls -A "$bad_cache")" cache_empty "$bad_cache"
RACETEST_CACHE="$bad_cache" "$RT" run -o x clean_exit.c 2>"$WORK/err"
rc=$?
check run/rejects-o "wanted exit 2, got $rc" sh -c "[ $rc = 2 ] && grep -q '^racetest run: -o is not supported' '$WORK/err'"
cd "$ROOT" || exit 2

# ---- make install ------------------------------------------------------------
P="$WORK/prefix"
if make -s --no-print-directory -C "$ROOT" install PREFIX="$P" >"$WORK/install.log" 2>&1; then
    ok install/make-install
else
    bad install/make-install "$(tail -c 600 "$WORK/install.log")"
fi
check install/layout "missing files under PREFIX" \
    test -x "$P/bin/racetest" -a -x "$P/bin/racetest-cc" -a -f "$P/lib/racetest/rt-libs" \
    -a -f "$P/lib/pkgconfig/racetest.pc"
if [ -f "$ROOT/include/racetest.h" ]; then
    check install/header "include/racetest.h not installed" test -f "$P/include/racetest.h"
fi
out=$(env -u RACETEST_LIBDIR "$P/bin/racetest" cc --print-libdir)
check install/finds-own-runtime "installed racetest looks for its runtime in $out" [ "$out" = "$P/lib/racetest" ]
if [ "$REAL" = 0 ]; then # the prefix is private: give it the stub runtime
    cp "$RACETEST_LIBDIR/libracetest_rt.a" "$RACETEST_LIBDIR/racetest.dynlist" "$P/lib/racetest/"
fi
env -u RACETEST_LIBDIR "$P/bin/racetest" build -o "$WORK/inst_racy" "$M/racy.c" "$M/counter.c" -I"$M" -lpthread
check_linked install/build "$WORK/inst_racy"
check_run install/racy 66 "$WORK/inst_racy"
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
cflags=$(pkg-config --cflags racetest) libs=$(pkg-config --libs racetest)
check install/pkg-config "pkg-config racetest: cflags '$cflags' libs '$libs'" \
    sh -c "echo '$cflags' | grep -q -- '-DRACETEST_RACE=1' && echo '$libs' | grep -q -- '$P/lib/racetest/libracetest_rt.a'"
# A hand-written two-step build that repeats CFLAGS on the link line.
# shellcheck disable=SC2086
cc $cflags -I"$M" -c -o "$WORK/pc_racy.o" "$M/racy.c" &&
    cc $cflags -I"$M" -c -o "$WORK/pc_counter.o" "$M/counter.c" &&
    cc $cflags -o "$WORK/pc_racy" "$WORK/pc_racy.o" "$WORK/pc_counter.o" $libs
check_linked install/pkg-config-build "$WORK/pc_racy"
check_run install/pkg-config-racy 66 "$WORK/pc_racy"

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
