/*
 * report/output.h — what `racetest test` tells the user, as a set of events
 * with two renderings: text (go test style, report/output_text.c) and JSON
 * lines (go test -json style, report/output_json.c). The aggregator and the
 * supervisor call these hooks; they decide nothing, they only print.
 *
 * Invariant: everything goes to stdout except the live progress line, which
 * is drawn on stderr only when stderr is a terminal and is always erased
 * before anything else is printed (test_progress_clear), so piped output
 * never contains it.
 */
#ifndef RACETEST_TEST_OUTPUT_H
#define RACETEST_TEST_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "runner/suite/flags.h"
#include "runner/suite/model.h"

/* One execution of one test (or of a plain-main file). */
struct exec_result {
    size_t test;
    unsigned run;
    enum exec_status status;
    double elapsed;          /* seconds */
    unsigned long races;     /* races counted during it */
    const char *phase;       /* "setup", "test", "teardown" or NULL */
    const char *detail;      /* e.g. "signal 11 (Segmentation fault)", or NULL */
    uint64_t seed;           /* sched_seed of its process (issue 6) */
    unsigned cpus;           /* its -cpu value, or 0 */
};

struct summary {
    size_t tests_passed, tests_failed, tests_skipped, tests_not_run;
    size_t tests_interrupted; /* every run of them was interrupted: neither passed nor failed */
    size_t tests_raced;
    size_t files_skipped;    /* excluded by build constraints */
    size_t build_failures, file_errors;
    unsigned long runs;      /* executions with a result (interrupted ones included) */
    unsigned long runs_interrupted, runs_not_run; /* planned runs stopped, or never started */
    size_t unique_races;
    double seconds;
    bool interrupted;
    int exit_status;
};

struct test_output {
    /* A file excluded by its build constraint (shown under -v / in JSON). */
    void (*file_skipped)(const struct test_opts *o, const struct rt_file *f);
    /* A file whose build (or listing) failed; its diagnostics. */
    void (*build_failed)(const struct test_opts *o, const struct rt_file *f);
    /* An execution started (JSON: the "run" event). */
    void (*exec_started)(const struct test_opts *o, const struct rt_model *m, size_t test, unsigned run);
    /* One execution's result with its own output (may be "", never NULL).
     * show: whether the text rendering prints it (first failure of a test,
     * or -v); JSON always prints. */
    void (*exec_result)(const struct test_opts *o, const struct rt_model *m, const struct exec_result *r,
                        const char *output, bool show);
    /* A unique race seen for the first time (with the run that saw it). */
    void (*race_new)(const struct test_opts *o, const struct rt_model *m, size_t race, size_t test, size_t file,
                     unsigned run);
    /* A failure of a test process outside any test (crash in group setup,
     * runs that never happened ...). */
    void (*file_error)(const struct test_opts *o, const struct rt_model *m, size_t file, const char *msg,
                       const char *output);
    /* The end: unique races with their counts, per-file results, summary. */
    void (*finish)(const struct test_opts *o, const struct rt_model *m, const struct summary *s);
};

extern const struct test_output test_output_text;
extern const struct test_output test_output_json;

/* Where test_output_json writes (NULL: stdout); runner/report/collect.c
 * points it at the -jsonfile stream around each event. */
void test_output_json_set_stream(FILE *f);

/* The command that reruns one execution of test t alone with the schedule
 * seed of its process (issue 6) and its -cpu value (0: none): what every
 * format prints beside a race or a failure. Allocated. */
char *test_rerun_command(const struct test_opts *o, const struct rt_model *m, const struct rt_test *t,
                         uint64_t seed, unsigned cpus);

/* The live progress line (no-op unless stderr is a terminal). */
/* elapsed: since the command started; running: since the first test run
 * started (the ETA extrapolates from it). */
void test_progress_update(unsigned long done, unsigned long total, size_t races, double elapsed, double running);
void test_progress_clear(void);
/* Any other one-line status ("building 3/8 test files"). */
void test_progress_message(const char *text);

/* Output of an execution without cmocka's own status lines ("[ RUN      ]",
 * "[       OK ]", summaries), which repeat what racetest says itself. Returns
 * a malloc'd string. */
char *test_output_strip_cmocka(const char *text, size_t len);

/* The output without the detector's race reports (each "==================
 * / WARNING: DATA RACE ... ==================" block becomes one line
 * pointing to the report printed with the unique races). Returns a malloc'd
 * string. */
char *test_output_strip_races(const char *text);

/* Whether a JSON "output" event's text (of test `test` of file `pkg`, or
 * of the file when test is NULL) is one of Go's framing lines the JSON
 * rendering adds ("=== RUN   t", "--- PASS: t (...)", "PASS", "ok  \tpkg\t...")
 * rather than output of the test: `racetest merge` drops them. */
bool test_output_is_framing(const char *pkg, const char *test, const char *text);

/* "0.01s" style seconds, as go test prints them. */
const char *status_word(enum exec_status s);

#endif
