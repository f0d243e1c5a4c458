# Real programs with planted races (tests/real/): issue 14's check that
# every report of zstd with a lock removed shows its previous stack. The
# source is Debian's package (bench/real/fetch.sh, cached outside the
# repository); about 3 minutes with the build, so not part of make check.
#   make real-planted                                   racetest, 5 runs
#   make real-planted PLANTED_BUILDS="racetest gcc-tsan" with gcc's TSan beside
.PHONY: real-planted
real-planted: all
	@tests/real/zstd_planted.sh

# Issue 13's sweep of real multithreaded C programs (tests/real/sweep.sh):
# Debian's xz-utils, c-blosc, libuv1 and sqlite3 built with racetest and
# with clang's ThreadSanitizer, the same workloads run under both (3 times
# each) and every difference listed; the analysed ones are in
# tests/real/sweep_explained.txt. It downloads and takes about 20 minutes
# with the builds, so it is not part of make check.
#   make real-sweep                          all packages
#   make real-sweep SWEEP_PACKAGES=libuv1    some of them
.PHONY: real-sweep
real-sweep: all
	@tests/real/sweep.sh $(SWEEP_PACKAGES)
