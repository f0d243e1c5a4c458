# The detector runtime: detector/*.c and scheduler_fuzz/*.c, compiled
# without instrumentation, into lib/racetest/libracetest_rt.a, which
# `racetest cc` links (whole-archive) into every instrumented executable.
# It lives in executables only, hence -fPIE and initial-exec TLS.

# The suppression matcher is shared with the runner (filters/): pure code,
# no allocation or libc calls when matching.
RT_SRCS := $(wildcard detector/*.c scheduler_fuzz/*.c) \
	filters/suppressions.c filters/template_match.c filters/filter_error.c
RT_OBJS := $(patsubst %.c,$(BUILD)/rt/%.o,$(RT_SRCS))
RT_ARCHIVE := $(LIBDIR)/libracetest_rt.a
RT_DYNLIST := $(LIBDIR)/racetest.dynlist

# -mcx16: 16-byte atomics compile to cmpxchg16b. gcc must not turn the
# runtime's own loops into memset/memcpy calls (those are intercepted).
RT_CFLAGS = $(CFLAGS_BASE) -fPIE -mcx16 -ftls-model=initial-exec -fno-stack-protector \
	$(if $(CC_IS_CLANG),,-fno-tree-loop-distribute-patterns) \
	$(shell pkg-config --cflags libdw libunwind) -Idetector -Ischeduler_fuzz -Ifilters

# The access hooks run on every instrumented load and store: without a frame
# pointer their common case needs no stack frame at all. Nothing unwinds
# through them by frame pointers (reports use the shadow stack, crashes
# libunwind's DWARF unwinder).
$(BUILD)/rt/detector/access.o: RT_CFLAGS += -fomit-frame-pointer

$(BUILD)/rt/%.o: %.c $(wildcard detector/*.h scheduler_fuzz/*.h filters/*.h) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(RT_CFLAGS) -c $< -o $@

# Built aside and renamed: a link running meanwhile never sees half an archive.
# Definitions of libc's names are weak (scripts/weaken-libc-names.sh): a
# program's own malloc or raise wins instead of breaking the link.
$(RT_ARCHIVE): $(RT_OBJS) scripts/weaken-libc-names.sh
	@mkdir -p $(@D)
	rm -f $@.tmp
	$(AR) rcs $@.tmp $(RT_OBJS)
	scripts/weaken-libc-names.sh $@.tmp $(CC)
	mv $@.tmp $@

$(RT_DYNLIST): detector/racetest.dynlist
	@mkdir -p $(@D)
	cp $< $@

ALL_TARGETS += $(RT_ARCHIVE) $(RT_DYNLIST)

# Unit tests of runtime modules link the module's object alone (plus the
# runtime allocator): no interceptors, so cmocka's own malloc stays libc's.
RT_ALLOC_OBJS = $(BUILD)/rt/detector/rt_alloc.o $(BUILD)/rt/detector/rt_util.o
UNIT_DEPS_vector_clock = $(BUILD)/rt/detector/vector_clock.o $(RT_ALLOC_OBJS)
UNIT_DEPS_shadow = $(BUILD)/rt/detector/shadow.o $(RT_ALLOC_OBJS)
UNIT_DEPS_rt_options = $(BUILD)/rt/detector/options.o $(RT_ALLOC_OBJS)
UNIT_DEPS_rt_alloc = $(RT_ALLOC_OBJS)
# The fork test brings its own rt_alloc (one that can park its caller).
UNIT_DEPS_sync_fork = $(BUILD)/rt/detector/sync.o $(BUILD)/rt/detector/vector_clock.o \
	$(BUILD)/rt/detector/rt_util.o
UNIT_DEPS_access_range = $(addprefix $(BUILD)/rt/detector/,access.o shadow.o sync.o \
    vector_clock.o) $(RT_ALLOC_OBJS)
UNIT_DEPS_sync = $(addprefix $(BUILD)/rt/detector/,sync.o vector_clock.o) $(RT_ALLOC_OBJS)
UNIT_LIBS_sync = -lpthread
UNIT_DEPS_heap_block = $(addprefix $(BUILD)/rt/detector/,heap_block.o stack_depot.o) \
    $(RT_ALLOC_OBJS)
UNIT_LIBS_heap_block = -lpthread
# Tests that include thread.h (which includes scheduler_fuzz/sched_fuzz.h).
# The history archive, with trace.c's replay (the test defines the slots).
# The codec's test links the same objects (trace.c calls the archive).
UNIT_DEPS_trace_archive = $(addprefix $(BUILD)/rt/detector/,trace_archive.o trace_codec.o \
    trace.o) $(RT_ALLOC_OBJS)
UNIT_DEPS_trace_codec = $(UNIT_DEPS_trace_archive)
$(BUILD)/tests/unit/access_range_test $(BUILD)/tests/unit/sync_test \
    $(BUILD)/tests/unit/heap_block_test \
    $(BUILD)/tests/unit/trace_archive_test $(BUILD)/tests/unit/trace_codec_test: \
    CFLAGS_BASE += -Idetector -Ischeduler_fuzz

# The runtime's own data structures under gcc's ThreadSanitizer.
CHECK_SUITES += tests/selfrace/check.sh

# Reports and options end to end (tests/e2e/runtime.sh, fixtures/runtime).
CHECK_SUITES += tests/e2e/runtime.sh
