# filters/: pure logic (build constraints, test-file headers, -run/-skip
# patterns, suppressions, race keys, durations) in one static archive.
# The runner links $(FILTERS_LIB) and, for pattern.o, $(PCRE2_LIBS). The
# detector runtime compiles the I/O-free sources it needs itself (see the
# header comment of filters/suppressions.h).

FILTERS_SRCS := $(wildcard filters/*.c)
FILTERS_OBJS := $(patsubst filters/%.c,$(BUILD)/filters/%.o,$(FILTERS_SRCS))
FILTERS_LIB := $(BUILD)/libracetest_filters.a

$(BUILD)/filters/%.o: filters/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

-include $(FILTERS_OBJS:.o=.d)

$(FILTERS_LIB): $(FILTERS_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

ALL_TARGETS += $(FILTERS_LIB)

# Unit tests: tests/unit/<module>_test.c for each module (mk/unit.mk).
FILTERS_UNIT_TESTS := build_constraint test_file_header pattern test_pattern suppressions template_match \
	race_key duration textbuf filter_error
$(foreach t,$(FILTERS_UNIT_TESTS),$(eval UNIT_DEPS_$(t) := $$(FILTERS_LIB)))
UNIT_LIBS_pattern = $(PCRE2_LIBS)
UNIT_LIBS_test_pattern = $(PCRE2_LIBS)
