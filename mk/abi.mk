# The instrumentation ABI table test (tests/abi/check.sh).
CHECK_SUITES += tests/abi/check.sh
