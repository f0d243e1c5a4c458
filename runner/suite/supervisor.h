/*
 * suite/supervisor.h — runs the selected tests -count times over -p worker
 * processes and feeds every result and race event to the aggregator.
 *
 * Work units: a unit is one process of one test binary running a list of
 * (test, first run, number of runs). By default repetitions run in the same
 * process (the glue's RACETEST_RUN), split into a few chunks per file so that
 * -p processes have work; -isolate makes every (test, run) a unit; a
 * plain-main file runs once per process. Units of different files interleave.
 *
 * Each unit gets a fresh output file (stdout+stderr) and events file (the
 * event stream, O_APPEND) in the private work directory, and its own process
 * group. Events are read incrementally while it runs, so results reach the
 * output as they happen and a crash or kill loses nothing written before.
 *
 * Failure handling: a process that dies in a test (signal, exit) reports that
 * execution as crashed with the signal and its output; one that outlives
 * -timeout is killed (whole group) and the running execution reported as timed
 * out. Either way the remaining runs continue in a new process (those of a
 * timed-out test are abandoned: each would likely hang again). -failfast stops
 * starting work after the first failure and kills the other processes;
 * Ctrl-C kills every process group and returns what was found so far.
 */
#ifndef RACETEST_TEST_SUPERVISOR_H
#define RACETEST_TEST_SUPERVISOR_H

#include <stdbool.h>
#include <stdint.h>

#include "runner/suite/aggregate.h"
#include "runner/suite/flags.h"
#include "runner/suite/model.h"

struct sup_cfg {
    struct rt_model *m;
    const struct test_opts *o;
    struct agg *agg;
    const char *workdir;
    unsigned parallel;
    uint64_t shuffle_seed;   /* used when o->shuffle is on */
    const char *rt_options;  /* value for RACETEST_OPTIONS, or NULL */
    /* Scheduler fuzzing (issue 6): each process gets
     * sched_seed=splitmix64(sched_seed ^ its first run number) (or
     * o->run_seed) and, when cpus is not 0, sched_cpus=cpus, appended to
     * rt_options unless add_seed/add_cpus is false (the user set the key). */
    uint64_t sched_seed;
    unsigned cpus;
    bool add_seed, add_cpus;
    unsigned run_base;       /* added to every run number (one block per -cpu value) */
    /* One batch of runs (runner/suite/batches.h: -duration, -shard-by run):
     * run numbers first_run .. first_run + count - 1 of every selected test
     * (0, 0: 1 .. o->count); after deadline_ms (test_proc_now_ms(); 0: none)
     * nothing new starts and running processes are stopped, the executions
     * in flight dropped (not counted as failures). */
    unsigned first_run, count;
    /* Or, when set (-duration), per test (indexed like m->tests): its runs
     * test_first[t] .. test_first[t] + test_count[t] - 1. */
    const unsigned *test_first, *test_count;
    long long deadline_ms;
};

/* Runs everything; returns false when interrupted (Ctrl-C). */
bool test_supervise(struct sup_cfg *c);

/* The sched_seed of the process whose first run is `run`. */
uint64_t sup_process_seed(const struct test_opts *o, uint64_t base, unsigned run);

#endif
