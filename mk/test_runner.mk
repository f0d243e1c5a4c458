# The test runner (`racetest [test] ...`, runner/suite/,
# linked into bin/racetest by mk/runner.mk) and what it links into test
# binaries:
#   lib/racetest/libracetest_cmocka.a   runner/glue/cmocka.c, the cmocka glue
#                                       (compiled WITHOUT -fsanitize=thread)
#   lib/racetest/libracetest_rt_noop.a  runner/glue/rt_noop.c, racetest_rt.h
#                                       without a detector, for -race=false
# Also: the examples demo (`make demo`) and the runner's end-to-end suite.

GLUE_CMOCKA_LIB := $(LIBDIR)/libracetest_cmocka.a
GLUE_NOOP_LIB := $(LIBDIR)/libracetest_rt_noop.a

# The command uses filters/ (constraints, headers, patterns, race keys).
RACETEST_LINK_DEPS += $(FILTERS_LIB)
RACETEST_LIBS += $(PCRE2_LIBS)

# -g0: without debug info the glue's frames (the trampoline that calls each
# test) drop out of race reports, whose stacks then end at the test function
# as Go's end at the test.
$(BUILD)/glue/%.o: runner/glue/%.c detector/racetest_rt.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -g0 -fPIE $(PKG_CFLAGS) -I. -MMD -MP -c -o $@ $<

-include $(wildcard $(BUILD)/glue/*.d)

$(GLUE_CMOCKA_LIB): $(BUILD)/glue/cmocka.o
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

$(GLUE_NOOP_LIB): $(BUILD)/glue/rt_noop.o
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

ALL_TARGETS += $(GLUE_CMOCKA_LIB) $(GLUE_NOOP_LIB)

# Unit tests of the runner's pure modules (tests/unit/NAME_test.c).
UNIT_DEPS_suite_flags = $(BUILD)/runner/suite/flags.o $(FILTERS_LIB)
UNIT_DEPS_report_json = $(BUILD)/runner/report/json.o
UNIT_DEPS_suite_config = $(BUILD)/runner/suite/config.o $(BUILD)/runner/suite/model.o
UNIT_DEPS_report_output = $(BUILD)/runner/report/output_common.o $(BUILD)/runner/report/quote.o \
	$(BUILD)/runner/report/json.o $(BUILD)/runner/suite/model.o
UNIT_DEPS_report_quote = $(BUILD)/runner/report/quote.o $(BUILD)/runner/report/json.o
UNIT_DEPS_suite_discover = $(BUILD)/runner/suite/discover.o $(BUILD)/runner/suite/model.o $(FILTERS_LIB)

# End-to-end tests of `racetest test` on fixture trees.
CHECK_DEPS += $(BIN)/racetest $(GLUE_CMOCKA_LIB) $(GLUE_NOOP_LIB)
CHECK_SUITES += tests/e2e/runner.sh
# Issue 15: verdicts under stress, interruption and hostile tests.
CHECK_SUITES += tests/e2e/verdicts.sh
CHECK_SUITES += tests/e2e/fresh_clone.sh

# The product at its best: every race of the seeds, each beside its fix.
# Exits 66 by design (races found); any other status is a failure.
DEMO_COUNT ?= 100
demo: all
	@rc=0; $(BIN)/racetest -count=$(DEMO_COUNT) ./examples || rc=$$?; \
	if [ $$rc -ne 66 ]; then echo "make demo: expected exit status 66 (races found), got $$rc" >&2; exit 1; fi
