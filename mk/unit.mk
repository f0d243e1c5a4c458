# Unit tests: tests/unit/NAME_test.c is a cmocka program built into
# build/tests/unit/NAME_test. The piece that owns NAME says what the test
# links with by setting, in its own mk file:
#   UNIT_DEPS_NAME  objects/archives (prerequisites, rebuilt when they change)
#   UNIT_LIBS_NAME  extra -l flags
UNIT_SRCS := $(wildcard tests/unit/*_test.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))

.SECONDEXPANSION:
$(BUILD)/tests/unit/%_test: tests/unit/%_test.c $$(UNIT_DEPS_$$*) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(PKG_CFLAGS) -I. -o $@ $< $(UNIT_DEPS_$*) $(UNIT_LIBS_$*) $(CMOCKA_LIBS)

CHECK_DEPS += $(UNIT_BINS)
CHECK_SUITES += tests/unit/run.sh
