/*
 * suite/batches.h — how many runs of each test, with which run numbers, and
 * for how long: -count, -duration and -shard-by run on top of the
 * supervisor (suite/supervisor.h), which runs one batch at a time.
 *
 * Without -duration the runs of this shard (suite/shard.h: 1..count, or this
 * shard's block of them) are one batch: exactly what the supervisor did on
 * its own. With -duration D, runs go in round-robin batches: every selected
 * test runs b times per batch (b starts at 1 and grows with the measured
 * pace so that one batch takes about an eighth of the time left, at most 4x
 * per step), so runs spread evenly over the tests whatever their speed; when
 * D is spent the supervisor stops the processes (the executions in flight
 * are dropped, none counted as failed) and no batch starts. The first batch
 * is never cut, so every test runs at least once. The budget counts from
 * the first run: building comes on top. A test that timed out is not run
 * again in later batches (it would likely hang again, as within a batch).
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

/* The next batch size: b runs of every test took elapsed_ms; left_ms of the
 * budget remain. Pure, for the unit tests. */
unsigned run_batches_next_size(unsigned b, long long elapsed_ms, long long left_ms);

#endif
