/*
 * sched_options.h — the scheduler's RACETEST_OPTIONS keys and their values.
 *
 * Pure logic: parsing a key=value pair into a struct sched_config does no
 * I/O (the caller prints the warning), allocates nothing and does not use
 * the C library's locale-dependent number parsers, so it can run before the
 * runtime is initialized and be unit-tested on its own.
 *
 * Keys (defaults in SCHED_CONFIG_DEFAULTS):
 *   sched=off|random|pct      perturbation mode (pct: one thread at a time, pct.h)
 *   sched_seed=N              seed of the process's first run, decimal or 0x hex
 *                             (default: from time and pid)
 *   sched_base=N              base seed of the runner: the process's later runs
 *                             (run numbers r of the cmocka glue) get the seed
 *                             splitmix64(N xor r), the seed the runner gives a
 *                             process whose first run is r (default: derived
 *                             from sched_seed and r)
 *   sched_prob=P              probability of acting at a synchronization point
 *   sched_sleep_us=N          longest ordinary delay (µs)
 *   sched_access_rate=N       mean plain accesses between sampled actions (0: none)
 *   sched_affinity=free|one|random   CPU placement (default: drawn per run)
 *   sched_cpus=N              use N CPUs of the allowed set (0: all)
 *   sched_starve_prob=P       probability that an action is a long starvation
 *   sched_starve_us=N         longest starvation (µs)
 *   sched_lag_prob=P          probability that a thread is a laggard for the run
 *   sched_budget=F            share of the run's elapsed time that delays may take
 *   sched_budget_us=N         delay time allowed on top of that share (µs)
 *   pct_depth=D               sched=pct: bug depth aimed at (D − 1 priority
 *                             change points per run)
 *   pct_steps=K               sched=pct: change points fall in the first K
 *                             scheduling points of a run
 */
#ifndef SCHED_OPTIONS_H
#define SCHED_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

enum sched_mode { SCHED_MODE_OFF, SCHED_MODE_RANDOM, SCHED_MODE_PCT };

enum sched_affinity {
    SCHED_AFFINITY_DEFAULT,   /* not set: free when off, drawn per run when random */
    SCHED_AFFINITY_FREE,      /* threads float over the CPU set */
    SCHED_AFFINITY_ONE,       /* every thread on one CPU: preemption interleavings */
    SCHED_AFFINITY_RANDOM,    /* each thread pinned to a random CPU of the set */
};

struct sched_config {
    enum sched_mode mode;
    bool seed_given;
    uint64_t seed;
    bool base_given;
    uint64_t base;
    double prob;
    uint64_t sleep_us;
    uint64_t access_rate;
    enum sched_affinity affinity;
    uint64_t cpus;
    double starve_prob;
    uint64_t starve_us;
    double lag_prob;
    double budget;
    uint64_t budget_us;
    uint64_t pct_depth;
    uint64_t pct_steps;
};

/* An initializer: `struct sched_config c = SCHED_CONFIG_DEFAULTS;` */
#define SCHED_CONFIG_DEFAULTS                                                                  \
    {                                                                                          \
        .mode = SCHED_MODE_OFF,                                                                \
        .prob = 0.5,                                                                           \
        .sleep_us = 10000,                                                                     \
        .access_rate = 20000,                                                                  \
        .affinity = SCHED_AFFINITY_DEFAULT,                                                    \
        .starve_prob = 0.02,                                                                   \
        .starve_us = 50000,                                                                    \
        .lag_prob = 0.5,                                                                       \
        .budget = 0.25,                                                                        \
        .budget_us = 100000,                                                                   \
        .pct_depth = 1,                                                                        \
        .pct_steps = 50,                                                                       \
    }

enum sched_option_result {
    SCHED_OPTION_UNKNOWN,   /* not a scheduler key */
    SCHED_OPTION_SET,       /* applied */
    SCHED_OPTION_BAD,       /* a scheduler key with a bad value; *expected says what fits */
};

/* Applies key=value to *c. On SCHED_OPTION_BAD, *c is unchanged and
 * *expected points to a static description of the valid values. */
enum sched_option_result sched_config_set(struct sched_config *c, const char *key,
                                          const char *value, const char **expected);

#endif
