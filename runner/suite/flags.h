/*
 * suite/flags.h — the flags of `racetest [test] [flags] [paths]`, parsed the
 * way Go's flag package does: `-name`, `--name`, `-name=value`, `-name value`
 * (not for booleans: `-v=false`), flags and paths in any order, `--` ends
 * the flags.
 *
 * Pure: no I/O, no environment. Errors are complete messages naming the
 * flag ("invalid value \"x\" for flag -count: ..."), for exit status 2.
 *
 * Invariant: test_opts_init() gives Go's defaults; test_flags_parse() only
 * changes what the arguments name, so a configuration file's flags can be
 * parsed first and the command line's on top of them.
 */
#ifndef RACETEST_TEST_FLAGS_H
#define RACETEST_TEST_FLAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum shuffle_mode { SHUFFLE_OFF, SHUFFLE_ON };

struct test_opts {
    unsigned count;         /* -count N: runs of every test (>= 1) */
    const char *run;        /* -run RE or NULL */
    const char *skip;       /* -skip RE or NULL */
    const char *list;       /* -list RE: list matching tests, run nothing */
    bool verbose;           /* -v */
    bool json;              /* -json */
    bool failfast;          /* -failfast */
    bool race;              /* -race (default true) */
    bool isolate;           /* -isolate: one process per execution */
    long long timeout_ms;   /* -timeout D per test process, in ms (rounded up); 0: none */
    int64_t timeout_ns;     /* the same, exactly (for messages) */
    enum shuffle_mode shuffle;
    bool shuffle_seed_set;  /* -shuffle N gave the seed */
    uint64_t shuffle_seed;
    unsigned parallel;      /* -p N; 0 = number of online CPUs */
    const char *tags;       /* -tags a,b (as given) */
    const char *outdir;     /* -o DIR: keep the test binaries there */
    const char *config;     /* -config FILE */
    /* CI runs (issue 7): reports, time budget, sharding. */
    bool count_set;         /* -count was given (so -duration is not unlimited) */
    int64_t duration_ns;    /* -duration D: rerun until D is spent; 0: no budget */
    const char *junit;      /* -junit FILE: JUnit XML report */
    const char *sarif;      /* -sarif FILE: SARIF 2.1.0 report of the unique races */
    const char *jsonfile;   /* -jsonfile FILE: the -json events, into FILE */
    const char *shard;      /* -shard K/N as given (checked by suite/shard.h) */
    unsigned shards;        /* -shards N: the total for JOB_COMPLETION_INDEX */
    const char *shard_by;   /* -shard-by test|run as given */
    /* Scheduler fuzzing (issue 6), passed to the test processes in
     * RACETEST_OPTIONS (the user's own keys win). */
    const char *sched;      /* -sched off|random|pct (default random) */
    unsigned pct_depth;     /* -pct-depth D (0: the runtime's default) */
    unsigned pct_steps;     /* -pct-steps K (0: the runtime's default) */
    bool seed_set;          /* -seed N: the base seed (else random) */
    uint64_t seed;
    bool run_seed_set;      /* -run-seed S: every process gets sched_seed S
                               (the rerun commands the runner prints) */
    uint64_t run_seed;
    unsigned cpus[16];      /* -cpu 1,2,4: each test once per value (sched_cpus) */
    size_t ncpus;           /* 0: -cpu not given */
    bool help;              /* -h, -help */
    const char **paths;     /* positional arguments (owned array, borrowed strings) */
    const char *ctest;      /* -ctest BUILD_DIR: its CTest tests (suite/ctest_tests.h) */
    const char *meson;      /* -meson BUILD_DIR: its Meson tests (suite/meson_tests.h) */
    const char *label;      /* -label RE: only tests with a label (CTest LABELS, Meson
                               suite) matching RE */
    const char *skip_label; /* -skip-label RE: not the tests with a label matching RE */
    char **command;         /* racetest [flags] -- CMD ARGS...: CMD ARGS (borrowed), */
    size_t ncommand;        /* run instead of building test files (suite/binary_tests.h) */
    size_t npaths;
};

void test_opts_init(struct test_opts *o);
void test_opts_free(struct test_opts *o);

/* Parses argv[0..argc) (argv[0] is a flag or path, not the program name).
 * Strings are borrowed from argv. Returns 0, or -1 with a message in err. */
int test_flags_parse(struct test_opts *o, int argc, char **argv, char *err, size_t errlen);

/* The usage text printed by -h and after a usage error. */
extern const char test_flags_usage[];

#endif
