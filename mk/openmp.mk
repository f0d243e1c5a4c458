# OpenMP programs (issue 19): the conformance set of tests/conformance/openmp
# (a clean program and a racy twin per construct, under gcc/libgomp and
# clang/libomp at -O0 and -O2, with teams of 2 and 4 threads) and the
# runner's OpenMP behaviour end to end (tests/e2e/openmp.sh). Both build
# with bin/racetest and the runtime, which `all` builds.
#
# make check runs each clean program 5 times per configuration and team
# size (40 runs each in all): 38 programs x 4 builds, ~900 runs. Its cost is
# CPU, not waiting: without the build cache, both team sizes building
# everything, 42 s user + 18 s system (5 min of wall time at load ~40 on
# the shared 2-core machine, which is what other suites see too); in make
# check the second team size reuses the first one's builds (31 s wall).
# `make openmp-stress` runs the clean ones 50 times each.
CHECK_SUITES += tests/conformance/openmp/run.sh tests/e2e/openmp.sh

.PHONY: openmp-stress
openmp-stress: all
	@OPENMP_RUNS=50 tests/conformance/openmp/run.sh
