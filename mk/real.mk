# Real programs with planted races (tests/real/): issue 14's check that
# every report of zstd with a lock removed shows its previous stack. The
# source is Debian's package (bench/real/fetch.sh, cached outside the
# repository); about 3 minutes with the build, so not part of make check.
#   make real-planted                                   racetest, 5 runs
#   make real-planted PLANTED_BUILDS="racetest gcc-tsan" with gcc's TSan beside
.PHONY: real-planted
real-planted: all
	@tests/real/zstd_planted.sh
