# CI runs (issue 7): JUnit and SARIF reports, -duration time budgets,
# sharding (-shard K/N, Bazel, GoogleTest and Kubernetes protocols) and
# `racetest merge`. The modules are in runner/, so mk/runner.mk links them
# into bin/racetest; this file adds their unit tests and end-to-end suite.

UNIT_DEPS_shard = $(BUILD)/runner/suite/shard.o $(BUILD)/runner/suite/model.o
# run_batches against a simulated supervisor and clock (the test defines them).
UNIT_DEPS_run_batches = $(BUILD)/runner/suite/batches.o $(BUILD)/runner/suite/shard.o \
	$(BUILD)/runner/suite/model.o
# The report writers with what they read: the collector and the renderers it
# forwards to.
CI_REPORT_UNIT_OBJS = $(addprefix $(BUILD)/runner/,report/junit.o report/sarif.o report/race.o \
	report/collect.o report/output_text.o report/output_json.o report/output_common.o report/quote.o suite/flags.o report/json.o \
	suite/model.o) $(FILTERS_LIB)
UNIT_DEPS_report_junit = $(CI_REPORT_UNIT_OBJS)
UNIT_DEPS_report_sarif = $(CI_REPORT_UNIT_OBJS)

# The end-to-end suite: reports checked structurally (xmllint when present),
# shards merged against the unsharded run, a SIGKILLed job merged, -duration.
CHECK_DEPS += $(BIN)/racetest $(GLUE_CMOCKA_LIB) $(GLUE_NOOP_LIB)
CHECK_SUITES += tests/e2e/ci_reports.sh
