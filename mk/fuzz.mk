# Fuzzing (issue 18): one libFuzzer target per parser of text racetest did
# not write. tests/fuzz/NAME.c is the harness of target NAME; it is built
# with clang (libFuzzer ships with clang 14, whatever CC is) into
# build/fuzz/bin/NAME together with its own copy of the code under test,
# compiled with -fsanitize=fuzzer-no-link,address,undefined.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="duration pattern"] [FUZZ_TIMEOUT=30]
#       fuzzes every target for FUZZ_SECONDS, merges new corpus entries into
#       tests/fuzz/corpus/NAME and prints a table (tests/fuzz/fuzz.sh);
#       FUZZ_TIMEOUT (seconds, default limits.sh's) is the time one input may
#       take: raise it on a loaded machine, where waiting for a CPU counts
#   make check   replays every committed corpus (tests/fuzz/replay.sh)
#
# What a target links is a list of sources, never paths spelled out here:
# FUZZ_SRCS_NAME (compiled like the runner) and FUZZ_RT_SRCS_NAME (compiled
# like the detector runtime, with its RT_CFLAGS), so that moving files only
# changes the lists the other mk files already keep.

FUZZ_CC ?= clang
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = $(CFLAGS_BASE) -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link
# The runtime's flags as mk/runtime.mk gives them to clang.
FUZZ_RT_CFLAGS = $(filter-out -fno-tree-loop-distribute-patterns,$(RT_CFLAGS)) -O1 $(FUZZ_SAN) \
	-fsanitize=fuzzer-no-link

FUZZ_TARGETS ?= $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))
FUZZ_BINS = $(addprefix $(FUZZ_DIR)/bin/,$(FUZZ_TARGETS))

# The runner as a library: everything of bin/racetest but main().
FUZZ_RUNNER_SRCS = $(filter-out %/main.c,$(RACETEST_SRCS)) $(FILTERS_SRCS)

FUZZ_SRCS_build_constraint = $(FILTERS_SRCS)
FUZZ_SRCS_test_header = $(FILTERS_SRCS)
FUZZ_SRCS_suppressions = $(FILTERS_SRCS)
FUZZ_SRCS_duration = $(FILTERS_SRCS)
FUZZ_SRCS_pattern = $(FILTERS_SRCS)
FUZZ_SRCS_config = $(FUZZ_RUNNER_SRCS)
FUZZ_SRCS_cc_args = $(FUZZ_RUNNER_SRCS)
FUZZ_SRCS_make_deps = $(FUZZ_RUNNER_SRCS)
FUZZ_SRCS_merge = $(FUZZ_RUNNER_SRCS)
FUZZ_SRCS_events = $(FUZZ_RUNNER_SRCS)
# RACETEST_OPTIONS is parsed inside the user's program, by the runtime.
FUZZ_RT_SRCS_rt_options = $(filter %/options.c,$(RT_SRCS)) $(filter scheduler_fuzz/%,$(RT_SRCS))

FUZZ_OBJS_OF = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_SRCS_$(1))) \
	$(patsubst %.c,$(FUZZ_DIR)/rt/%.o,$(FUZZ_RT_SRCS_$(1)))

# Kept between builds: they are intermediate files of the pattern rule below.
.PRECIOUS: $(FUZZ_DIR)/obj/%.o $(FUZZ_DIR)/rt/%.o

$(FUZZ_DIR)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -I. -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/rt/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_RT_CFLAGS) -MMD -MP -c -o $@ $<

# Object lists are read when the rule is used (RACETEST_SRCS and RT_SRCS come
# from mk files read after this one).
.SECONDEXPANSION:
$(FUZZ_DIR)/bin/%: tests/fuzz/%.c tests/fuzz/fuzz_util.h $$(call FUZZ_OBJS_OF,$$*) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -I. -Idetector -Ischeduler_fuzz -fsanitize=fuzzer \
		-o $@ $< $(call FUZZ_OBJS_OF,$*) $(PCRE2_LIBS) -lpthread

-include $(shell find $(FUZZ_DIR) -name '*.d' 2>/dev/null)

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)
fuzz: $(FUZZ_BINS)
	@FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60) FUZZ_TIMEOUT=$(FUZZ_TIMEOUT) tests/fuzz/fuzz.sh $(FUZZ_TARGETS)

CHECK_DEPS += $(FUZZ_BINS)
CHECK_SUITES += tests/fuzz/replay.sh
