/*
 * suite/aggregate.h — turns the stream of execution results and race events
 * of all test processes into per-test counts, unique races and the exit
 * status.
 *
 * Unique races: a race event that is "first" in its process is identified
 * by its race key (filters/race_key.h: the two racing locations, function +
 * file, order-independent), so the same pair seen in many processes, runs and
 * tests is one race. Repeats within a process carry that process's race id;
 * the supervisor maps them back (agg_race_seen). A race counts once per run
 * in which it occurred, however often the detector saw it in that run.
 *
 * Exit status (DESIGN.md): 66 (or the exitcode= of RACETEST_OPTIONS) when any
 * unique race was found, whatever else happened; else 1 when a test failed, crashed or timed out, a test
 * had no run that was not interrupted, a test process failed outside its
 * tests, or the run was interrupted; else 2 when a build
 * (or listing) failed; else 0.
 */
#ifndef RACETEST_TEST_AGGREGATE_H
#define RACETEST_TEST_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "runner/report/json.h"
#include "runner/suite/model.h"
#include "runner/report/output.h"

struct agg {
    struct rt_model *m;
    const struct test_opts *o;
    const struct test_output *out;
    unsigned long runs_total, runs_done;
    size_t build_failures, file_errors;
    bool failure_seen; /* a test failed (for -failfast) */
    int race_exit;     /* exit status when races were found (66, or exitcode=) */
    long long start_ms;
    uint64_t cur_seed;   /* set by the supervisor before agg_race_seen: the */
    unsigned cur_cpus;   /* sched_seed and -cpu value of the process */
};

void agg_init(struct agg *a, struct rt_model *m, const struct test_opts *o, const struct test_output *out);

/* An execution started. */
void agg_exec_started(struct agg *a, size_t test, unsigned run);

/* One execution ended; output is its raw output (cmocka lines included). */
void agg_exec_result(struct agg *a, struct exec_result *r, const char *output, size_t len);

/* A race event with "first":true. Returns the index of its unique race in
 * m->races (new or existing). *is_new tells whether it was new. */
size_t agg_race_first(struct agg *a, const struct jval *ev, bool *is_new);

/* Race `race` occurred in run `run` of test (SIZE_MAX: in the process of
 * file, outside any test). */
void agg_race_seen(struct agg *a, size_t race, size_t test, size_t file, unsigned run, bool is_new);

void agg_file_error(struct agg *a, size_t file, const char *msg, const char *output);

/* Prints the final report and returns the exit status. */
int agg_finish(struct agg *a, bool interrupted);

/* Computes the identity of a race from its "accesses" (two stacks, innermost
 * frame first): a printable key and its 64-bit hash. The key is malloc'd. */
char *race_identity(const struct jval *accesses, uint64_t *hash);

#endif
