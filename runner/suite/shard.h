/*
 * suite/shard.h — which part of the work this racetest process does when one job
 * is spread over several machines, and where that split comes from.
 *
 * Sources, first match wins:
 *   -shard K/N                      1-based K (GitHub matrix, by hand)
 *   -shards N + JOB_COMPLETION_INDEX  Kubernetes Indexed Job (0-based index)
 *   -shards N + SLURM_ARRAY_TASK_ID   Slurm job array: index (ID - MIN) / STEP
 *                                   (SLURM_ARRAY_TASK_MIN, _STEP, 1 if unset);
 *                                   SLURM_ARRAY_TASK_COUNT must equal N. Both
 *                                   this and JOB_COMPLETION_INDEX set: an error
 *   TEST_TOTAL_SHARDS + TEST_SHARD_INDEX    Bazel (0-based); the runner must
 *                                   touch TEST_SHARD_STATUS_FILE
 *   GTEST_TOTAL_SHARDS + GTEST_SHARD_INDEX  GoogleTest's (0-based), likewise
 *                                   GTEST_SHARD_STATUS_FILE
 * Nothing of these: one shard of one.
 *
 * Repeats: `bazel test --runs_per_test=R` runs each shard R times, run r
 * with TEST_RANDOM_SEED=r. Repeat r takes the r-th block of run numbers
 * (the runner offsets its run numbers by (r-1) x the runs of one repeat,
 * when -count bounds them), so the R repeats have their own seeds and
 * merge as one longer run.
 *
 * Two ways to split (-shard-by):
 *   test  the selected tests, sorted by id (bytewise), dealt round-robin:
 *         the test of rank i belongs to shard i mod N. Every shard runs its
 *         tests -count times.
 *   run   every shard runs every selected test, each a different part of
 *         the run numbers, so that each run number (hence each run's seed)
 *         runs in exactly one shard. With -count C, shard K gets the block
 *         of runs ((K-1)B, KB], B = ceil(C/N) (one contiguous range: the
 *         cheapest to run in-process); without a count (-duration alone),
 *         runs are cut into blocks of SHARD_RUN_BLOCK and block j goes to
 *         shard (j mod N) + 1.
 * Every shard must be given the same paths, selection flags, -count and
 * -seed; the shards' -json outputs are then combined by `racetest merge`.
 *
 * Pure: the environment is read through the getter passed in; no I/O.
 * Errors are complete messages naming the flag or the variable (exit 2).
 */
#ifndef RACETEST_SHARD_H
#define RACETEST_SHARD_H

#include <stdbool.h>
#include <stddef.h>

#include "runner/suite/model.h"

#define SHARD_RUN_BLOCK 64u
#define SHARD_COUNT_UNLIMITED 0u

enum shard_by { SHARD_BY_TEST, SHARD_BY_RUN };

struct shard {
    unsigned index;          /* 0-based */
    unsigned total;          /* 1: not sharded */
    enum shard_by by;
    const char *source;      /* "-shard", "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "TEST_TOTAL_SHARDS", ... */
    const char *status_file; /* file to touch (Bazel/GoogleTest protocol), borrowed; or NULL */
    unsigned repeat;         /* TEST_RANDOM_SEED (Bazel's --runs_per_test run, 1-based); 0: unset */
};

/* Works out the shard from the flags (flag_shard "K/N" or NULL; flag_shards
 * N or 0; flag_by "test", "run" or NULL = test) and the environment, read
 * through env(name) (NULL: unset). Returns 0, or -1 with a message. */
int shard_resolve(const char *flag_shard, unsigned flag_shards, const char *flag_by,
                  const char *(*env)(const char *name), struct shard *out, char *err, size_t errlen);

/* Sharding by test: deselects the selected tests of m that belong to other
 * shards. Returns how many selected tests this shard keeps. No-op (returns
 * the selected count) unless s->total > 1 and s->by == SHARD_BY_TEST. */
size_t shard_select_tests(const struct shard *s, struct rt_model *m);

/* Run numbers. count: the runs of every test (-count), or
 * SHARD_COUNT_UNLIMITED. Starting at run number *cursor (1 at first), finds
 * the next run number that belongs to this shard and returns in *first and
 * *n the longest contiguous range of this shard's runs from there, at most
 * `want` long (want >= 1). Advances *cursor past the range. Returns false
 * when this shard has no runs left. Unsharded, or sharded by test: every run
 * 1..count belongs to it. */
bool shard_next_runs(const struct shard *s, unsigned count, unsigned *cursor, unsigned want, unsigned *first,
                     unsigned *n);

/* "shard 2 of 3 (by test)" for messages; buf of at least 64 bytes. */
void shard_describe(const struct shard *s, char *buf, size_t len);

#endif
