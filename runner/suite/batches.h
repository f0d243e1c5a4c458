/*
 * suite/batches.h — how many runs of each test, with which run numbers, and
 * for how long: -count, -duration and -shard-by run on top of the
 * supervisor (suite/supervisor.h), which runs one batch at a time.
 *
 * Without -duration the runs of this shard (suite/shard.h: 1..count, or this
 * shard's block of them) are one batch: exactly what the supervisor did on
 * its own. With -duration D, runs go in batches, and each test has
 * its own run numbers and pace: a batch is meant to take about an eighth
 * of the time left (or as long as the slowest test's single run, when that
 * is longer), the workers' time in it is shared equally among the tests,
 * and each test gets the runs that fit its share at its own pace (at least
 * one, at most 4x its previous batch). So a slow test does not hold the
 * fast ones back to its number of runs, and a test whose runs are all slow
 * still runs in every batch. When D is spent the supervisor stops the
 * processes (the executions in flight are dropped, none counted as failed)
 * and no batch starts. The first batch (one run of every test) is never
 * cut, so every test runs at least once. The budget counts from the first
 * run: building comes on top. A test that timed out is not run again in
 * later batches (it would likely hang again, as within a batch).
 *
 * Stops early on Ctrl-C (returns false), on -failfast after a failure, when
 * -count runs are done, or when a batch ran nothing.
 */
#ifndef RACETEST_RUN_BATCHES_H
#define RACETEST_RUN_BATCHES_H

#include <stdbool.h>
#include <stdint.h>

#include "runner/suite/shard.h"
#include "runner/suite/supervisor.h"

struct batch_result {
    unsigned batches;
    bool budget_spent; /* -duration ended the runs */
};

/* sc: the supervisor's configuration (its first_run/count/deadline_ms are
 * set here). count: runs of every test, or SHARD_COUNT_UNLIMITED (only with
 * duration_ns > 0). Returns false when interrupted. */
bool run_batches(struct sup_cfg *sc, const struct shard *shard, unsigned count, int64_t duration_ns,
                 struct batch_result *res);

/* Runs of one test in the next batch: it ran prev runs in the last one
 * (0: none yet), at pace_ms per run on average (0: unknown), and its share
 * of the workers' time in the next batch is share_ms. Pure, for the unit
 * tests. */
unsigned run_batches_test_runs(unsigned prev, double pace_ms, double share_ms);

#endif
