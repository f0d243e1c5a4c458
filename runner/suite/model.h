/*
 * suite/model.h — what `racetest test` knows about the test files, the tests
 * and the races, shared by discovery, building, the supervisor, aggregation
 * and output. Plain data; the functions here only allocate and free.
 *
 * Identity: a test is FILE/TEST, FILE being the test file's path relative to
 * the argument root it was found under (DESIGN.md), TEST the cmocka test name
 * (or the file's base name without ".c" for a plain-main file).
 *
 * Invariants: files and tests are only appended, so indices stay valid for the
 * whole command; every string is owned by the struct that holds it.
 */
#ifndef RACETEST_TEST_MODEL_H
#define RACETEST_TEST_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strv {
    char **v;
    size_t n, cap;
};

void strv_push(struct strv *s, const char *str); /* copies str */
void strv_free(struct strv *s);

struct rt_file {
    char *path;          /* path to open and compile (as reached from the cwd) */
    char *rel;           /* FILE of test ids: relative to the argument root */
    char *dir;           /* its directory: where its tests run */
    bool excluded;       /* by its build constraint */
    char *reason;        /* why it is excluded */
    struct strv cflags, ldflags, sources; /* directives; sources already joined with dir */
    char *binary;        /* built executable; NULL until built or when the build failed */
    bool build_failed;
    char *build_output;  /* compiler diagnostics of a failed build */
    bool is_cmocka;      /* else: a plain main, one test */
    struct strv args;    /* arguments after the binary (racetest -- CMD ARGS...) */
    struct strv env;     /* NAME=VALUE added to its processes' environment (CTest) */
    int64_t timeout_ns;  /* per-run timeout of its tests; 0: -timeout's (CTest) */
    int skip_exit;       /* a plain run exiting with it is skipped (CTest SKIP_RETURN_CODE,
                            Meson's 77); 0: none */
    struct strv labels;  /* CTest LABELS, Meson suites: what -label/-skip-label match */
    bool serial;         /* its runs overlap no other run (CTest RUN_SERIAL, Meson
                            is_parallel: false) */
    struct strv resource_locks; /* CTest RESOURCE_LOCK: runs of files sharing one never
                            overlap (two runs of this file neither) */
    struct strv fixtures_setup, fixtures_cleanup, fixtures_required; /* CTest FIXTURES_*
                            (suite/fixtures.h); a file that sets up or cleans up
                            is a fixture, run around the stress runs, never stressed */
    bool list_failed;    /* asking it for its tests failed (reason in build_output) */
    size_t first_test, ntests; /* its tests in the model's test array */
    double elapsed;      /* wall time from its first process's start to its last one's end */
    long long started_ms, ended_ms; /* that span (test_proc_now_ms; 0: no process yet) */
};

/* EX_INTERRUPTED: the run was stopped before it ended (Ctrl-C, SIGTERM,
 * the -duration deadline, -failfast): it is neither a pass nor, by itself,
 * a failure. */
enum exec_status { EX_PASS, EX_FAIL, EX_SKIP, EX_CRASH, EX_TIMEOUT, EX_INTERRUPTED };

/* Kinds of failed runs, each of which the text output shows once per test. */
enum failure_kind { FK_RACE = 1, FK_ASSERTION = 2, FK_CRASH = 4, FK_TIMEOUT = 8, FK_INTERRUPTED = 16 };

struct rt_test {
    size_t file;
    char *group;
    char *name;
    char *id;            /* FILE/TEST */
    bool selected;       /* by -run/-skip */
    unsigned planned;    /* executions planned (count, or fewer after a timeout) */
    unsigned done;       /* executions with a result */
    unsigned passed, failed, skipped, raced, crashed, timed_out, interrupted;
    unsigned failures_shown;
    unsigned kinds_shown; /* enum failure_kind bits already printed */
    unsigned not_run;    /* planned runs that never started, and why (the first reason) */
    const char *not_run_why;
    double elapsed;
};

/* Where one unique race was seen: a test (or, test == SIZE_MAX, the process
 * of a file outside any test) and the set of its runs in which it occurred. */
struct race_seen {
    size_t test;         /* index into tests, or SIZE_MAX */
    size_t file;         /* file of the process (for test == SIZE_MAX) */
    unsigned first_run;
    uint64_t seed;       /* sched_seed of the process of first_run (issue 6) */
    unsigned cpus;       /* its -cpu value, or 0 */
    unsigned nruns;      /* distinct runs in which it was seen */
    uint8_t *runs;       /* bitset of run numbers */
    size_t runs_cap;     /* bits */
};

struct rt_race {
    uint64_t hash;
    char *key;           /* printable identity (race_key text) */
    char *report;        /* report text of the first occurrence */
    char *accesses_json; /* "accesses" of the first occurrence, raw JSON */
    char *kind;          /* another report kind than a data race ("lock-order-inversion",
                            "thread-leak", ...: the runtime's names), or NULL */
    unsigned long occurrences; /* every event, repeats included */
    struct race_seen *seen;
    size_t nseen;
};

struct rt_model {
    struct rt_file *files;
    size_t nfiles, files_cap;
    struct rt_test *tests;
    size_t ntests, tests_cap;
    struct rt_race *races;
    size_t nraces, races_cap;
};

/* A CTest fixture test: run once around the stress runs (suite/fixtures.h). */
static inline bool rt_file_is_fixture(const struct rt_file *f)
{
    return f->fixtures_setup.n > 0 || f->fixtures_cleanup.n > 0;
}

struct rt_file *model_add_file(struct rt_model *m);
struct rt_test *model_add_test(struct rt_model *m, size_t file, const char *group, const char *name);
struct rt_race *model_add_race(struct rt_model *m);
/* Records that race r was seen in run `run` of test (or of a file's process);
 * returns true when this run had not been counted for it yet. */
bool race_seen_add(struct rt_race *r, size_t test, size_t file, unsigned run);
void model_free(struct rt_model *m);

/* Reads a whole file (NUL-terminated; *len without the NUL, len may be
 * NULL); NULL with errno set on error. */
char *read_file_all(const char *path, size_t *len);

char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xcalloc(size_t n, size_t size);
void *xrealloc2(void *p, size_t n, size_t size);

#endif
