# The previous access's stack through the runner (issue 14): a cmocka test
# whose consumer polls with lock/unlock between its racing read and the
# write, run with -count=20 (tests/e2e/previous_stack.sh, fixtures/previous_stack).
CHECK_DEPS += $(BIN)/racetest $(GLUE_CMOCKA_LIB) $(GLUE_NOOP_LIB)
CHECK_SUITES += tests/e2e/previous_stack.sh
