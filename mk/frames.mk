# Frames of reports and crashes end to end (tests/e2e/frames.sh,
# fixtures/frames): inline chains, longjmp, pthread_exit of main, deep
# stacks, range functions, libc frames of crashes, crashes in cmocka tests.
CHECK_DEPS += $(BIN)/racetest $(GLUE_CMOCKA_LIB) $(GLUE_NOOP_LIB)
CHECK_SUITES += tests/e2e/frames.sh
