# Test binaries built elsewhere, run under the runner (issue 17):
# `racetest [flags] -- BINARY ARGS...` (runner/suite/binary_tests.c),
# end to end in tests/e2e/binary_mode.sh (a few seconds).
CHECK_SUITES += tests/e2e/binary_mode.sh
