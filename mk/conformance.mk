# Detector conformance set (tests/conformance): racy/*.c programs with exactly
# one marked data race each, clean/*.c programs that must stay silent. The
# suite builds them with bin/racetest and the runtime archive, which `all`
# builds (ALL_TARGETS); it needs nothing of its own.
#   make check                                    our detector, gcc and clang
#   CONFORMANCE_REFERENCE=tsan tests/conformance/run.sh   the same against ThreadSanitizer
CHECK_SUITES += tests/conformance/run.sh

.PHONY: conformance conformance-tsan conformance-matrix
conformance: all
	@tests/conformance/run.sh

# Issue #4's bar: every clean program silent over 100 runs under each of
# gcc -O0, gcc -O2 and clang -O2; every racy program reported in each.
CONFORMANCE_MATRIX = gcc:-O0 gcc:-O2 clang:-O2
conformance-matrix: all
	@CONFORMANCE_CC="$(CONFORMANCE_MATRIX)" CONFORMANCE_RUNS=100 tests/conformance/run.sh
conformance-tsan:
	@CONFORMANCE_REFERENCE=tsan tests/conformance/run.sh

# make check runs every clean program 10 times per compiler (the harness's
# own default, 50, is for `make conformance`), which keeps the whole check
# within a few minutes on 2 cores.
check: export CONFORMANCE_RUNS ?= 10
