#!/usr/bin/env bash
# The instrumentation ABI table, as a test: which __tsan_* symbols gcc and
# clang emit for tests/abi/constructs.c (under every option that changes
# the set), each of which our runtime must define. Then the object is linked
# with the runtime through `racetest build` and run.
set -u
cd "$(dirname "$0")/../.."
RT=lib/racetest/libracetest_rt.a
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0
ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

defined=$(nm "$RT" 2>/dev/null | awk '$2 == "T" && $3 ~ /^__tsan_/ { print $3 }' | sort -u)

# compiler | extra flags | symbols it must emit (a sample that pins the
# compiler's behaviour; the full set is checked against the runtime anyway)
variants=(
  "gcc||__tsan_read_range __tsan_write_range __tsan_atomic128_load __tsan_atomic32_compare_exchange_strong __tsan_atomic_thread_fence __tsan_read16"
  "gcc|--param=tsan-distinguish-volatile=1|__tsan_volatile_read4 __tsan_volatile_write8"
  "clang||__tsan_unaligned_read4 __tsan_unaligned_write8 __tsan_atomic32_compare_exchange_val __tsan_atomic_signal_fence"
  "clang|-mcx16|__tsan_atomic128_load __tsan_atomic128_compare_exchange_val"
  "clang|-mllvm -tsan-distinguish-volatile|__tsan_volatile_write4 __tsan_volatile_read16"
  "clang|-mllvm -tsan-compound-read-before-write|__tsan_read_write4"
)
for v in "${variants[@]}"; do
    IFS='|' read -r cc flags expect <<<"$v"
    name="$cc${flags:+ $flags}"
    if ! command -v "$cc" >/dev/null; then
        echo "skip $name: no $cc"; skip=$((skip + 1)); continue
    fi
    # shellcheck disable=SC2086
    if ! "$cc" -fsanitize=thread -O1 -g $flags -c tests/abi/constructs.c -o "$tmp/o.o" 2>"$tmp/err"; then
        bad "$name: does not compile: $(head -c 300 "$tmp/err")"; continue
    fi
    emitted=$(nm -u "$tmp/o.o" | awk '$2 ~ /^__tsan_/ { print $2 }' | sort -u)
    missing=$(comm -23 <(echo "$emitted") <(echo "$defined"))
    if [ -n "$missing" ]; then bad "$name: runtime lacks: $(echo $missing)"; else ok "$name: runtime defines all $(echo "$emitted" | wc -l) emitted hooks"; fi
    absent=""
    for s in $expect; do grep -qx "$s" <<<"$emitted" || absent="$absent $s"; done
    if [ -n "$absent" ]; then bad "$name: expected the compiler to emit:$absent"; else ok "$name: emits the expected hooks"; fi
done

# Every hook of the ABI, whether or not today's compilers emit it.
for sz in 1 2 4 8 16; do
    for k in read write; do
        for p in "" unaligned_ volatile_ unaligned_volatile_; do
            grep -qx "__tsan_${p}${k}${sz}" <<<"$defined" || [ "$p$sz" = unaligned_1 ] || [ "$p$sz" = unaligned_volatile_1 ] || bad "runtime lacks __tsan_${p}${k}${sz}"
        done
    done
done
for n in 8 16 32 64 128; do
    for op in load store exchange fetch_add fetch_sub fetch_and fetch_or fetch_xor fetch_nand compare_exchange_strong compare_exchange_weak compare_exchange_val; do
        grep -qx "__tsan_atomic${n}_${op}" <<<"$defined" || bad "runtime lacks __tsan_atomic${n}_${op}"
    done
done
ok "runtime defines the full access and atomic ABI"

# Linked through the toolchain and run, with each compiler.
for cc in gcc clang; do
    command -v "$cc" >/dev/null || continue
    if RACETEST_CC=$cc bin/racetest build -o "$tmp/abi_$cc" -O1 tests/abi/constructs.c >"$tmp/out" 2>&1 &&
        "$tmp/abi_$cc" >"$tmp/run" 2>&1; then
        ok "$cc: constructs.c links with the runtime and runs silently"
    else
        bad "$cc: build or run failed: $(head -c 600 "$tmp/out" "$tmp/run")"
    fi
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
