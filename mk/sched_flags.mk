# Scheduler fuzzing, runner side (issue 6): the -sched, -seed, -cpu and
# -run-seed flags of `racetest [test]` and `racetest run` are in
# runner/ (linked by mk/runner.mk); this file adds their end-to-end suite.

CHECK_DEPS += $(BIN)/racetest $(GLUE_CMOCKA_LIB)
CHECK_SUITES += tests/e2e/sched_flags.sh
