#!/usr/bin/env bash
# The runtime is not itself racy: its shared data structures, compiled with
# gcc's ThreadSanitizer, exercised concurrently by driver.c. A TSan report
# (exit 66) fails the suite.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
if ! gcc -fsanitize=thread -O1 -g -std=gnu11 -D_GNU_SOURCE -mcx16 -Idetector -Ischeduler_fuzz \
    tests/selfrace/driver.c detector/shadow.c detector/sync.c detector/vector_clock.c \
    detector/rt_util.c detector/rt_alloc.c -o "$tmp/driver" -lpthread 2>"$tmp/err"; then
    echo "FAIL selfrace: does not build:"; sed 's/^/    /' "$tmp/err"
    echo "0 passed, 1 failed"; exit 1
fi
if TSAN_OPTIONS="halt_on_error=0 exitcode=66" "$tmp/driver" >"$tmp/out" 2>&1 &&
    ! grep -q 'ThreadSanitizer' "$tmp/out"; then
    echo "ok selfrace: sync table, sync clocks and shadow map are race-free under TSan"
    echo "1 passed, 0 failed"
else
    echo "FAIL selfrace: ThreadSanitizer reports a race in the runtime:"; head -60 "$tmp/out" | sed 's/^/    /'
    echo "0 passed, 1 failed"; exit 1
fi
