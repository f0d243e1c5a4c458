#!/usr/bin/env bash
# bench/smoke.sh — fast check (part of `make check`) that the benchmark still
# works, without benchmarking anything:
#   - bench/measure reports exit status, signals, timeouts and exec failures;
#   - every workload builds natively, with gcc's ThreadSanitizer and with
#     racetest, runs at the tiny size named by its `bench:smoke-args` line,
#     exits 0, prints its checksum line, and under a detector reports no race
#     and prints the same checksum as the native build.
# The racetest builds are skipped (and counted as skipped) until the runtime
# archive exports __tsan_read4; the gcc TSan builds are skipped where
# -fsanitize=thread does not work.
# Output follows tests/check.sh's suite protocol.
set -u
cd "$(dirname "$0")/.." || exit 2

CC=${CC:-cc}
TSAN_GCC=${TSAN_GCC:-gcc}
RACETEST=${RACETEST:-bin/racetest}
RACETEST_RT=${RACETEST_RT:-lib/racetest/libracetest_rt.a}
OUT=${BENCH_SMOKE_OUT:-build/bench/smoke}
MEASURE=${MEASURE:-build/bench/measure}
export TSAN_OPTIONS="atexit_sleep_ms=0${TSAN_OPTIONS:+ $TSAN_OPTIONS}"
REPORT_RE='WARNING: (ThreadSanitizer|DATA RACE)|Found [0-9]+ data race|ThreadSanitizer: (reported|CHECK failed)|SUMMARY: ThreadSanitizer'
RUN_TIMEOUT=20

pass=0 fail=0 skip=0
ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; [ -n "${3:-}" ] && [ -f "$3" ] && head -n 40 "$3" | sed 's/^/    /'; fail=$((fail + 1)); }
skipped() { echo "skip $1: $2"; skip=$((skip + 1)); }

mkdir -p "$OUT"

# ---- measure ---------------------------------------------------------------
if [ ! -x "$MEASURE" ] || [ bench/measure.c -nt "$MEASURE" ]; then
    MEASURE=$OUT/measure
    $CC -std=gnu11 -O2 -Wall -Wextra -Werror -o "$MEASURE" bench/measure.c 2>"$OUT/measure.log" ||
        { bad measure/build "does not compile" "$OUT/measure.log"; echo "$pass passed, $fail failed, $skip skipped"; exit 1; }
fi
expect_status() { # name expected-status command...
    local name=$1 want=$2 line; shift 2
    line=$("$MEASURE" -t 1 -o /dev/null -e /dev/null -- "$@")
    if [[ $line =~ ^wall_s=[0-9]+\.[0-9]{6}\ maxrss_kib=[0-9]+\ status=$want$ ]]; then ok "measure/$name"; else bad "measure/$name" "got '$line', want status=$want"; fi
}
expect_status exit-0 0 true
expect_status exit-3 3 sh -c 'exit 3'
expect_status signal 139 sh -c 'kill -SEGV $$'
expect_status no-such-command 127 ./bench/no-such-command
expect_status timeout 124 sleep 10
line=$("$MEASURE" -o "$OUT/m.out" -- sh -c 'echo hello; exec head -c 20000000 /dev/zero | tr -d x >/dev/null')
rss=$(sed -E 's/.*maxrss_kib=([0-9]+).*/\1/' <<<"$line")
if [ "$(cat "$OUT/m.out")" = hello ] && [ "${rss:-0}" -gt 0 ]; then ok measure/output-and-rss; else bad measure/output-and-rss "got '$line', stdout '$(cat "$OUT/m.out")'"; fi

# ---- workloads ---------------------------------------------------------------
racetest_ready() { # a few tries: a concurrent `make` may be rewriting the archive
    local try
    for try in 1 2 3; do
        [ -x "$RACETEST" ] && nm "$RACETEST_RT" 2>/dev/null | grep ' T __tsan_read4' >/dev/null && return 0
        [ -e "$RACETEST_RT" ] || return 1
        sleep "$try"
    done
    return 1
}
tsan_ready() {
    printf 'int main(void) { return 0; }\n' >"$OUT/probe.c"
    "$TSAN_GCC" -fsanitize=thread -o "$OUT/probe" "$OUT/probe.c" 2>/dev/null && "$OUT/probe"
}
BUILDS=(native)
if tsan_ready; then BUILDS+=(gcc-tsan); else TSAN_WHY="$TSAN_GCC -fsanitize=thread does not work here"; fi
if racetest_ready; then BUILDS+=(racetest); else RACETEST_WHY="racetest runtime not built yet ($RACETEST_RT lacks __tsan_read4)"; fi

build() { # build workload → prints the binary's path; 1 on failure (log in OUT/build.workload.log)
    local b=$1 w=$2 src="bench/workloads/$2.c" out="$OUT/$1/$2"
    mkdir -p "$OUT/$b"
    local deps=("$src")
    [ "$b" = racetest ] && deps+=("$RACETEST" "$RACETEST_RT")
    local fresh=1 d
    [ -x "$out" ] || fresh=0
    for d in "${deps[@]}"; do [ "$d" -nt "$out" ] && fresh=0; done
    if [ $fresh = 0 ]; then
        case $b in
        native) $CC -O2 -g -pthread -o "$out" "$src" ;;
        gcc-tsan) "$TSAN_GCC" -O2 -g -fsanitize=thread -pthread -o "$out" "$src" ;;
        racetest) "$RACETEST" build -o "$out" -O2 "$src" ;;
        esac >"$OUT/$b.$w.log" 2>&1 || return 1
    fi
    echo "$out"
}

# Build everything first, as many compilers at once as there are cores: the
# compilers, not the tiny runs, are what this suite spends its time on.
jobs_max=$(nproc 2>/dev/null || echo 2)
for src in bench/workloads/*.c; do
    w=$(basename "$src" .c)
    for b in "${BUILDS[@]}"; do
        while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
        # The marker goes before the job starts: an up-to-date build
        # finishes at once and must not have its marker removed after it.
        rm -f "$OUT/$b.$w.built"
        { if build "$b" "$w" >/dev/null; then touch "$OUT/$b.$w.built"; fi; } &
    done
done
wait

for src in bench/workloads/*.c; do
    w=$(basename "$src" .c)
    args=$(sed -n -E 's/.*bench:smoke-args[[:space:]]*(.*)$/\1/p' "$src" | head -n 1)
    if [ -z "$args" ]; then bad "$w" "no 'bench:smoke-args' line in $src"; continue; fi
    expected=""
    for b in native gcc-tsan racetest; do
        name="$w/$b"
        if [[ " ${BUILDS[*]} " != *" $b "* ]]; then
            if [ "$b" = racetest ]; then skipped "$name" "$RACETEST_WHY"; else skipped "$name" "$TSAN_WHY"; fi
            continue
        fi
        if [ ! -e "$OUT/$b.$w.built" ]; then bad "$name" "build failed" "$OUT/$b.$w.log"; continue; fi
        bin=$OUT/$b/$w
        # shellcheck disable=SC2086 # args is a word list by design
        line=$("$MEASURE" -t $RUN_TIMEOUT -o "$OUT/$b.$w.out" -e "$OUT/$b.$w.err" -- "$bin" $args)
        status=$(sed -E 's/.*status=([0-9]+).*/\1/' <<<"$line")
        output=$(cat "$OUT/$b.$w.out")
        if [ "$b" != native ] && grep -Eq "$REPORT_RE" "$OUT/$b.$w.err"; then
            bad "$name" "the detector reported on a race-free workload (exit $status)" "$OUT/$b.$w.err"
        elif [ "$status" != 0 ]; then
            bad "$name" "exit status $status$([ "$status" = 124 ] && echo " (timed out after ${RUN_TIMEOUT}s)")" "$OUT/$b.$w.err"
        elif [[ $output != "$w checksum="* ]]; then
            bad "$name" "printed '$output', want a '$w checksum=' line"
        elif [ -n "$expected" ] && [ "$output" != "$expected" ]; then
            bad "$name" "printed '$output', native printed '$expected'"
        else
            [ "$b" = native ] && expected=$output
            ok "$name"
        fi
    done
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
