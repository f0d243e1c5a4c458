# bench/ — overhead of racetest against ThreadSanitizer (and native, and Go's
# -race where a Go twin exists). Not part of `make all` or `make check`, which
# only run the fast smoke suite (bench/smoke.sh).
#   make bench          build and run every workload, print Markdown tables
#   make bench-record   the same, written with the machine's description to
#                       bench/RESULTS.md
# BENCH_REPS (5) and the other knobs in bench/run.sh's header pass through
# the environment; `make bench BENCH_ARGS="lock_counter atomics"` picks
# workloads. Both then run the real program (bench/real/run.sh: zstd from
# Debian's source package, fetched at bench time); BENCH_REAL=0 skips it.

BENCH_OUT := $(BUILD)/bench
BENCH_MEASURE := $(BENCH_OUT)/measure
BENCH_ARGS ?=

$(BENCH_MEASURE): bench/measure.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -o $@ $<

.PHONY: bench bench-record
bench: all $(BENCH_MEASURE)
	@CC="$(CC)" MEASURE=$(BENCH_MEASURE) BENCH_OUT=$(BENCH_OUT) bench/run.sh $(BENCH_ARGS); rc=$$?; \
	if [ "$${BENCH_REAL:-1}" != 0 ]; then \
	    CC="$(CC)" MEASURE=$(BENCH_MEASURE) BENCH_OUT=$(BENCH_OUT) bench/real/run.sh || rc=1; fi; \
	exit $$rc

bench-record: all $(BENCH_MEASURE)
	@CC="$(CC)" MEASURE=$(BENCH_MEASURE) BENCH_OUT=$(BENCH_OUT) bench/record.sh $(BENCH_ARGS)

# The slowdown at 1, 2, 4 and 8 threads (bench/threads.sh).
.PHONY: bench-threads
bench-threads: all $(BENCH_MEASURE)
	@CC="$(CC)" MEASURE=$(BENCH_MEASURE) BENCH_OUT=$(BENCH_OUT) bench/threads.sh $(BENCH_ARGS)

# Runner throughput (issue 5): racetest -count=10000 in-process against a plain
# loop under the detector and a TSan process-per-run loop (bench/throughput/run.sh;
# THROUGHPUT_ARGS=--record writes bench/throughput/RESULTS.md).
.PHONY: bench-throughput
bench-throughput: all $(BENCH_MEASURE)
	@CC="$(CC)" MEASURE=$(BENCH_MEASURE) THROUGHPUT_OUT=$(BENCH_OUT)/throughput bench/throughput/run.sh $(THROUGHPUT_ARGS)

# measure is compiled with the project's warnings in every `make check`, and
# the smoke suite uses it.
CHECK_DEPS += $(BENCH_MEASURE)
CHECK_SUITES += bench/smoke.sh
