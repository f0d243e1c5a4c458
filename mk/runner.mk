# The racetest command (bin/racetest) and its toolchain half:
# bin/racetest-cc (the single-path compiler for CMake) and
# lib/racetest/rt-libs (the runtime's link libraries, recorded here because
# only make knows what pkg-config said).
#
# Every .c under runner/ is part of bin/racetest except the files named in
# RACETEST_NOT_SRCS (patterns; the cmocka glue is linked into test binaries,
# not into the command). Other pieces link more into the command by
# appending, in their own mk file:
#   RACETEST_LINK_DEPS += build/filters/libfilters.a   (rebuilt when changed)
#   RACETEST_LIBS      += $(PCRE2_LIBS)
#   RACETEST_NOT_SRCS  += runner/glue/%.c

RACETEST_NOT_SRCS += runner/glue/%.c
RACETEST_SRCS = $(filter-out $(RACETEST_NOT_SRCS),$(wildcard runner/*.c runner/*/*.c))
RACETEST_OBJS = $(patsubst runner/%.c,$(BUILD)/runner/%.o,$(RACETEST_SRCS))

ALL_TARGETS += $(BIN)/racetest $(BIN)/racetest-cc $(LIBDIR)/rt-libs

# The toolchain modules as a link unit, for unit tests of code that uses the
# compiler driver or the build cache (UNIT_DEPS_x = ... $(RACETEST_TOOLCHAIN_OBJS)).
RACETEST_TOOLCHAIN_OBJS = $(addprefix $(BUILD)/runner/,cc/args.o cc/layout.o cc/driver.o \
	program/build_cache.o program/content_hash.o cc/make_deps.o cc/spawn.o)

# Prerequisite lists are expanded a second time, when the rule is used, so
# that appends from mk files read after this one still count.
.SECONDEXPANSION:
$(BIN)/racetest: $$(RACETEST_OBJS) $$(RACETEST_LINK_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -o $@ $(RACETEST_OBJS) $(RACETEST_LINK_DEPS) $(RACETEST_LIBS)

$(BUILD)/runner/%.o: runner/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(PKG_CFLAGS) -I. -MMD -MP -c -o $@ $<

-include $(wildcard $(BUILD)/runner/*.d $(BUILD)/runner/*/*.d)

$(BIN)/racetest-cc: scripts/racetest-cc
	@mkdir -p $(@D)
	cp $< $@
	chmod 755 $@

# Rewritten only when the libraries change, so that the cache keys of
# `racetest run` (which include its mtime) stay stable across makes.
.PHONY: racetest-rt-libs-check
$(LIBDIR)/rt-libs: racetest-rt-libs-check | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@printf '%s\n' '$(strip $(RT_LIBS))' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# Unit tests of the pure parts (tests/unit/NAME_test.c, see mk/unit.mk).
UNIT_DEPS_cc_args = $(BUILD)/runner/cc/args.o
UNIT_DEPS_make_deps = $(BUILD)/runner/cc/make_deps.o
UNIT_DEPS_content_hash = $(BUILD)/runner/program/content_hash.o

# End-to-end test of cc / build / run / install (needs everything built).
CHECK_SUITES += tests/e2e/toolchain.sh
