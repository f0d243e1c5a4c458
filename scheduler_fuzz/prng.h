/*
 * prng.h — the scheduler's pseudo-random numbers: splitmix64 streams.
 *
 * Every scheduling decision draws from one of these streams, so a run seed
 * replays the same decisions (given the same program behaviour). A stream
 * is named by the run seed, a purpose (domain) and an index (the thread's
 * creation index, main thread 0, or 0 for per-run purposes): each purpose
 * has its own streams, so that a draw added for one purpose does not shift
 * the decisions of another.
 *
 * splitmix64 (Steele, Lea, Flood, OOPSLA 2014): 64-bit state, passes
 * BigCrush, a handful of instructions per draw; statistical quality far
 * beyond what "should this thread yield here" needs.
 */
#ifndef SCHED_PRNG_H
#define SCHED_PRNG_H

#include <stdint.h>

struct prng {
    uint64_t state;
};

/* The splitmix64 output function: a bijective mix of 64 bits. */
static inline uint64_t prng_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint64_t prng_next(struct prng *r)
{
    r->state += 0x9e3779b97f4a7c15ull;
    return prng_mix(r->state);
}

/* Uniform in [0, 1), 53 bits. */
static inline double prng_unit(struct prng *r)
{
    return (double)(prng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n), n > 0 (multiply-shift; bias below 2^-32 for the small
 * n used here). */
static inline uint64_t prng_below(struct prng *r, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)prng_next(r) * n) >> 64);
}

/* The seed of run number `run` of a test under base seed `base`: the
 * runner gives it to a process whose first run is `run`, and the runtime
 * derives it for each later run of the same process (sched_base), so both
 * name the same seed for the same run. */
static inline uint64_t prng_run_seed(uint64_t base, unsigned run)
{
    struct prng r = {base ^ run};
    return prng_next(&r);
}

enum prng_domain {
    PRNG_THREAD_DECISIONS,   /* a thread's perturbation decisions */
    PRNG_RUN_AFFINITY,       /* the run's affinity policy and CPU subset */
    PRNG_THREAD_AFFINITY,    /* a thread's CPU under sched_affinity=random */
    PRNG_RUN_PCT,            /* the run's PCT change points and main's priority */
};

struct prng prng_stream(uint64_t seed, enum prng_domain domain, uint64_t index);

#endif
