# racetest — top-level build.
#
# Every piece of the project adds its own rules in mk/<piece>.mk, so that one
# concern lives in one file and parallel work does not collide:
#   mk/config.mk     compiler flags, dependency check, output directories
#   mk/<piece>.mk    rules of one piece; a piece that has tests appends the
#                    command that runs them to CHECK_SUITES (see tests/check.sh)
# Outputs: bin/racetest, lib/racetest/ (runtime archive and link inputs),
# objects under build/. `make CC=clang` builds everything with clang.

.DEFAULT_GOAL := all
.PHONY: all check demo bench install clean deps

include mk/config.mk
include $(filter-out mk/config.mk,$(sort $(wildcard mk/*.mk)))

all: $(ALL_TARGETS)

# The one test command (README, .ci/run). Builds everything first.
check: all $(CHECK_DEPS)
	@tests/check.sh $(CHECK_SUITES)

deps:
	@scripts/ensure-deps.sh

clean:
	rm -rf build bin lib
