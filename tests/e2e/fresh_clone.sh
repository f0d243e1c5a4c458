#!/usr/bin/env bash
# The README's commands on a fresh clone, in the README's order (issue 15):
# a new user's first `make demo` must build everything it needs. The clone
# is of the committed HEAD (what a user gets), into a temp dir.
#
# Run: `make demo` (DEMO_COUNT=5: the same dependencies and program as the
# README's 100 runs, at a fraction of the time), then the Tour's cheap
# commands in order: `racetest run` and `racetest build` of a small program,
# `racetest cc` on a compile-and-link command, `make install PREFIX=...`, the
# installed racetest, `pkg-config --cflags racetest` on the installed .pc.
# Skipped: `make check` (this suite is part of it) and the hand-run
# measurements (minutes each).
#
# Suite protocol (tests/check.sh): "ok NAME", "FAIL NAME: why", "skip NAME:
# why", last line "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$PWD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-clone.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh

if ! git clone -q "$root" "$tmp/clone" >"$tmp/out" 2>&1; then
    bad clone "git clone of $root failed"
    echo "$pass passed, $fail failed, $skipped skipped"
    exit 1
fi
C=$tmp/clone
# Every file the README points to is in the repository.
# (Its Markdown files: the documents a reader follows.)
missing=$(grep -oE '[A-Za-z0-9_./-]+\.md\b' "$C/README.md" | sort -u |
    while read -r f; do [ -e "$C/$f" ] || [ -e "$C/${f#./}" ] || echo "$f"; done | tr '\n' ' ')
if [ -z "$missing" ]; then
    ok readme_points_to_existing_files
else
    bad readme_points_to_existing_files "the README names files the repository does not have: $missing"
fi
# The README's first command.
if (cd "$C" && make -j2 demo DEMO_COUNT=5) >"$tmp/out" 2>&1; then
    ok readme_make_demo_on_fresh_clone
else
    bad readme_make_demo_on_fresh_clone "make demo failed on a fresh clone"
fi
RT=$C/bin/racetest
cat >"$tmp/prog.c" <<'EOT'
#include <pthread.h>
#include <stdio.h>
static int n;
static void *bump(void *a) { (void)a; n++; return 0; }
int main(int argc, char **argv)
{
    pthread_t t;
    pthread_create(&t, 0, bump, 0);
    if (argc > 1)
        n++;
    pthread_join(t, 0);
    printf("n=%d\n", n);
    return 0;
}
EOT
# Tour: racetest run (the program's exit status: 66 after a race), build, cc.
(cd "$tmp" && "$RT" run prog.c -- racy) >"$tmp/out" 2>&1
r1=$?
(cd "$tmp" && "$RT" build -o prog prog.c && ./prog) >>"$tmp/out" 2>&1
r2=$?
(cd "$tmp" && "$C/bin/racetest" cc -o prog2 prog.c && ./prog2 racy) >>"$tmp/out" 2>&1
r3=$?
if [ "$r1" = 66 ] && [ "$r2" = 0 ] && [ "$r3" = 66 ]; then
    ok readme_tour_run_build_cc
else
    bad readme_tour_run_build_cc "want racetest run 66, build+run 0, cc+run 66 (got $r1, $r2, $r3)"
fi
# Install, and the installed racetest finds its runtime.
if (cd "$C" && make install PREFIX="$tmp/inst") >"$tmp/out" 2>&1 &&
    (cd "$tmp" && "$tmp/inst/bin/racetest" build -o prog3 prog.c && ./prog3) >>"$tmp/out" 2>&1 &&
    PKG_CONFIG_PATH=$tmp/inst/lib/pkgconfig pkg-config --cflags racetest >>"$tmp/out" 2>&1 &&
    "$tmp/inst/bin/racetest" test -h >>"$tmp/out" 2>&1; then
    ok readme_install_and_use
else
    bad readme_install_and_use "make install PREFIX=..., then the installed racetest and pkg-config"
fi
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
