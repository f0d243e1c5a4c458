# Test binaries built elsewhere, run under the runner (issue 17):
# `racetest [flags] -- BINARY ARGS...` (runner/suite/binary_tests.c) and
# `racetest [flags] -ctest BUILD_DIR` (runner/suite/ctest_tests.c, with
# LABELS for -label, SKIP_RETURN_CODE, RUN_SERIAL/RESOURCE_LOCK and fixtures:
# runner/suite/fixtures.c; racetest cc's cmocka glue), end to
# end in tests/e2e/binary_mode.sh (about 15 s; the CTest part configures and
# builds tests/e2e/fixtures/ctest_project with racetest-cc, and is skipped
# without cmake).
CHECK_SUITES += tests/e2e/binary_mode.sh
