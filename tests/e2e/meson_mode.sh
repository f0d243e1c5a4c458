#!/usr/bin/env bash
# End-to-end tests of `racetest [flags] -meson BUILD_DIR` (issue 17): the tests
# a Meson project registered, read from its meson-info, run many times under
# the runner with the same verdicts as *_test.c files. The project
# (tests/e2e/fixtures/meson_project) is set up with CC=racetest-cc by Debian's
# real meson, which this suite fetches itself (apt-get download, unpacked into
# a cache outside the repository, as verdicts.sh fetches gotestsum), with
# ninja the same way when it is not installed.
#
# Suite protocol (tests/check.sh): "ok NAME", "FAIL NAME: why", last line
# "N passed, N failed, N skipped". Needs `make` first.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
RT=$ROOT/bin/racetest
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racetest-e2e-meson.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
. tests/e2e/suite_lib.sh

if [ ! -x "$RT" ]; then
    echo "FAIL setup: $RT is missing (run make)"
    echo "0 passed, 1 failed"
    exit 1
fi

# Debian's meson (and ninja when missing), unpacked into the cache once.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/racetest-tests
fetch_deb() { # PACKAGE: unpacked into $cache/PACKAGE (true when it is there)
    [ -d "$cache/$1/usr/bin" ] && return 0
    mkdir -p "$cache" &&
        (cd "$cache" && rm -rf "$1" "$1"_*.deb && apt-get download "$1" && dpkg-deb -x "$1"_*.deb "$1") >/dev/null 2>&1
}
MESON_PY=$cache/meson/usr/lib/python3/dist-packages
meson() { PYTHONPATH=$MESON_PY${PYTHONPATH:+:$PYTHONPATH} python3 "$cache/meson/usr/bin/meson" "$@"; }
if command -v ninja >/dev/null 2>&1 || fetch_deb ninja-build; then
    PATH=$PATH:$cache/ninja-build/usr/bin
fi
if ! fetch_deb meson || ! command -v python3 >/dev/null 2>&1 || ! command -v ninja >/dev/null 2>&1; then
    skip meson "cannot fetch Debian's meson and ninja-build (apt-get download failed: offline?) or no python3"
    echo "$pass passed, $fail failed, $skipped skipped"
    exit 0
fi

FX=$ROOT/tests/e2e/fixtures/meson_project
if ! CC=$ROOT/bin/racetest-cc meson setup "$tmp/mb" "$FX" >"$tmp/out" 2>&1 ||
    ! ninja -C "$tmp/mb" >>"$tmp/out" 2>&1; then
    bad meson_build "the Meson fixture did not set up and build with racetest-cc"
    echo "$pass passed, $fail failed, $skipped skipped"
    exit 1
fi
cd "$tmp" || exit 2

run -list . -meson mb
if [ "$rc" = 0 ] && [ "$(sort "$tmp/out" | tr '\n' ' ')" = "alone/alone clean/clean env_and_dir/env_and_dir racy/racy skipper/skipper slow/slow suite/test_alpha suite/test_beta suite/test_racy " ]; then
    ok meson_listed
else
    bad meson_listed "want the Meson test names, the cmocka one's tests listed (got $rc)"
fi

run -count 5 -meson mb
if [ "$rc" = 66 ] && has "racetest: 2 unique data races found" && has "ok  	clean" && has "ok  	env_and_dir" &&
    has "FAIL: suite/test_racy" && ! has "FAIL: suite/test_alpha" && has "FAIL: slow/slow" &&
    has "timed out after 1s" && has "(3 tests, 15 runs, 1 failed, races in 5 runs)" && ! has "FAIL: skipper"; then
    ok meson_run
else
    bad meson_run "want exit 66: the races of racy and suite/test_racy (in-process), clean and env_and_dir (its env and workdir) passing, slow killed at its timeout of 1s (got $rc)"
fi
rerun=$(grep -m1 '^rerun: .*suite\$/' "$tmp/out" | sed 's/^rerun: racetest //')
eval "set -- $rerun"
run "$@"
if [ -n "$rerun" ] && [ "$rc" = 66 ] && has "(1 test, 1 run" && has "suite/test_racy" && [[ $rerun == *"-meson mb" ]]; then
    ok meson_rerun_command
else
    bad meson_rerun_command "want the printed rerun command ($rerun) to end in -meson mb and find suite/test_racy's race (got $rc)"
fi

# Exit status 77 is a skip (meson test's exitcode protocol).
run -count 3 -run '^skipper$' -meson mb
if [ "$rc" = 0 ] && [ "$(summary)" = "0 passed, 0 failed, 1 skipped" ]; then
    ok meson_exit_77_skips
else
    bad meson_exit_77_skips "want skipper's exit status 77 counted as skipped (got $rc)"
fi

# Suites as labels: -label and -skip-label, as meson test --suite/--no-suite.
run -list . -label quick -skip-label stress -meson mb
if [ "$rc" = 0 ] && [ "$(sort "$tmp/out" | tr '\n' ' ')" = "env_and_dir/env_and_dir skipper/skipper " ]; then
    ok meson_suite_labels
else
    bad meson_suite_labels "want the tests of suite quick that are not in suite stress (got $rc)"
fi
run -count 2 -label '^racetest_meson_fixture:stress$' -meson mb
if [ "$rc" = 66 ] && has "ok  	clean" && has "FAIL	racy" && has "?   	suite	[no tests to run]" && [ "$(summary)" = "1 passed, 1 failed, 0 skipped" ]; then
    ok meson_label_run
else
    bad meson_label_run "want only racy and clean (suite PROJECT:stress) run (got $rc)"
fi

# is_parallel: false: its runs overlap no other run, even with 4 workers.
run -count 4 -p 4 -label exclusive -meson mb
if [ "$rc" = 0 ] && [ "$(summary)" = "1 passed, 0 failed, 0 skipped" ]; then
    ok meson_is_parallel_false
else
    bad meson_is_parallel_false "want the 4 runs of alone (is_parallel: false) to pass without overlapping (got $rc)"
fi

# Errors name the folder or the test.
SPLIT=1 run -meson "$tmp"
if [ "$rc" = 2 ] && grep -qF -- "-meson $tmp: cannot read meson-info/intro-tests.json there" "$tmp/err"; then
    ok meson_not_a_build_dir
else
    bad meson_not_a_build_dir "want exit 2 naming the folder that is no Meson build folder (got $rc)"
fi
CC=$ROOT/bin/racetest-cc meson setup "$tmp/unbuilt" "$FX" >/dev/null 2>&1
SPLIT=1 run -meson unbuilt
if [ "$rc" = 2 ] && grep -qF "is it built? run \`meson compile -C BUILD_DIR\`" "$tmp/err"; then
    ok meson_unbuilt
else
    bad meson_unbuilt "want exit 2 naming the test whose executable is not built (got $rc)"
fi
SPLIT=1 run -label x -- true
if [ "$rc" = 2 ] && grep -qF -- "-label and -skip-label select registered tests" "$tmp/err"; then
    ok label_needs_registered_tests
else
    bad label_needs_registered_tests "want exit 2 for -label without -ctest or -meson (got $rc)"
fi
SPLIT=1 run -tags foo -meson mb
if [ "$rc" = 2 ] && grep -qF -- "-o and -tags apply to the *_test.c files racetest builds" "$tmp/err"; then
    ok tags_and_o_refused_for_built_binaries
else
    bad tags_and_o_refused_for_built_binaries "want exit 2 for -tags with -meson, which would be ignored (got $rc)"
fi
SPLIT=1 run -meson mb -ctest mb
if [ "$rc" = 2 ] && grep -qF -- "use one of -ctest, -meson and -- COMMAND" "$tmp/err"; then
    ok meson_and_ctest_exclusive
else
    bad meson_and_ctest_exclusive "want exit 2 for -meson with -ctest (got $rc)"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
