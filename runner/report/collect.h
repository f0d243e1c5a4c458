/*
 * report/collect.h — the test_output (report/output.h) that stands between
 * the aggregator and the renderers when reports are asked for (-junit,
 * -sarif, -jsonfile; and always under `racetest merge`).
 *
 * It forwards every event to the primary renderer (text or JSON on stdout)
 * and, with a JSON file, to the JSON renderer writing there (flushed per
 * event, so a killed job leaves a valid prefix); and it keeps what the
 * end-of-run reports need that the model does not: for each test, the first
 * failing execution of each kind (assertion failure, crash, timeout) with
 * its detail and output, and each file's errors outside any test.
 *
 * The caller sets o->json so that the aggregator hands over every execution
 * with its raw output; the collector then does for the text renderer what
 * the aggregator does when o->json is off (race reports cut out of the
 * output, since they are printed once at the end).
 *
 * Captured outputs are bounded (REPORT_OUTPUT_MAX bytes each, the rest
 * replaced by a note), so a test printing megabytes per run cannot blow up
 * the memory or the report files. One collector per process (the hooks of
 * test_output carry no context).
 */
#ifndef RACETEST_REPORT_COLLECT_H
#define RACETEST_REPORT_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "runner/suite/model.h"
#include "runner/report/output.h"

#define REPORT_OUTPUT_MAX (64u * 1024u)

/* One captured execution. */
struct report_exec {
    bool set;
    unsigned run;
    char *detail; /* or NULL */
    char *phase;  /* "setup", "teardown" or NULL */
    char *output; /* bounded; never NULL when set */
    uint64_t seed; /* schedule seed of its process, and its -cpu value (0: none) */
    unsigned cpus;
};

struct report_test {
    struct report_exec failure; /* first EX_FAIL without races (assertion, exit status) */
    struct report_exec crash;   /* first EX_CRASH */
    struct report_exec timeout; /* first EX_TIMEOUT */
};

struct report_file_error {
    char *msg;
    char *output;
};

struct report_file {
    struct report_file_error *errors;
    size_t nerrors;
};

/* Starts collecting. primary: the renderer for stdout; json_file: a stream
 * for the JSON events, or NULL. */
void report_collect_init(const struct test_output *primary, FILE *json_file);

/* The collector, to hand to agg_init. */
extern const struct test_output report_collect_output;

/* What was captured for test i / file i (never NULL: an empty record when
 * nothing was). */
const struct report_test *report_collect_test(size_t test);
const struct report_file *report_collect_file(size_t file);

void report_collect_free(void);

/* Writes text to path atomically (a temporary file in the same directory,
 * renamed), so that a killed job never leaves half a report. Returns 0, or
 * -1 with "PATH: why" in err. */
int report_write_file(const char *path, const char *text, size_t len, char *err, size_t errlen);

/* Checks before anything runs that a report can be written at path (its
 * directory exists and is writable). Returns 0, or -1 with a message. */
int report_check_path(const char *flag, const char *path, char *err, size_t errlen);

#endif
