/*
 * plan.h — what to do at a perturbation point: pure decisions drawn from a
 * thread's PRNG stream and the configuration, executed by perturb.h.
 *
 * Determinism: every call draws a fixed number of values for a given
 * outcome of its first draw (plan_at_point: 1 when it does not act, 3 when
 * it does; plan_action and plan_access_action: 2; plan_countdown: 1 while
 * sampling is on), so one seed yields one sequence of planned actions,
 * whatever the budget later lets through.
 *
 * Delays are log-uniform between 1 µs and sched_sleep_us: real order
 * windows span that whole range, and a log-uniform draw gives each decade
 * the same chance. Delays too short for a sleep (the kernel's default timer
 * slack makes any nanosleep last ~50 µs) are spins.
 *
 * Laggards: independent noise at every point of every thread mostly cancels
 * out (the rival of a late thread is delayed just as often), and a usual
 * order with a margin of a millisecond survives it. So each thread is, for
 * the whole run, either a laggard (probability sched_lag_prob) or not, as
 * rr's chaos mode gives threads low priority: a laggard always waits when it
 * starts, and as a parent right after creating a thread (log-uniform from
 * sched_sleep_us / 10 to sched_starve_us), acts
 * twice as often afterwards, and then only with long delays (the top decade
 * below sched_sleep_us, and starvation), so when one of two rivals is a
 * laggard and the other is not, their usual order flips.
 */
#ifndef SCHED_PLAN_H
#define SCHED_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "prng.h"
#include "sched_fuzz.h"
#include "sched_options.h"

enum sched_act {
    SCHED_ACT_NONE,
    SCHED_ACT_YIELD,    /* sched_yield: let a runnable thread of this CPU go first */
    SCHED_ACT_SPIN,     /* stay busy for ns: this thread is slow, keeps its CPU */
    SCHED_ACT_SLEEP,    /* sleep ns: this thread is descheduled */
    SCHED_ACT_STARVE,   /* sleep ns, long: flips orders no short delay can */
};

struct sched_action {
    enum sched_act kind;
    uint64_t ns;        /* SPIN, SLEEP, STARVE */
};

/* Shortest delay, and the boundary below which a delay spins. */
#define SCHED_MIN_DELAY_NS 1000ull
#define SCHED_SPIN_BELOW_NS 50000ull
/* Share of actions that are a plain yield (the rest are delays). */
#define SCHED_YIELD_SHARE 0.25

/* Whether a thread is a laggard for the whole run (one draw, at its start). */
bool plan_laggard(struct prng *r, const struct sched_config *c);
/* Probability of acting at `point`: sched_prob; for a laggard twice that,
 * and 1 at its start. */
double plan_probability(const struct sched_config *c, enum sched_point point, bool laggard);
/* At a synchronization point: acts with plan_probability. */
struct sched_action plan_at_point(struct prng *r, const struct sched_config *c,
                                  enum sched_point point, bool laggard);
/* An action at a point that decided to act. */
struct sched_action plan_action(struct prng *r, const struct sched_config *c, bool laggard);
/* An action at a sampled plain access (two draws): a yield, or a delay of
 * at most sched_sleep_us / ACCESS_DELAY_DIVISOR. Sampled accesses land in
 * any code, hot loops included, where long delays would mostly slow down
 * the thread that is already behind; they are for the microsecond windows
 * between two accesses (KCSAN stalls at most 80 µs for the same reason). */
struct sched_action plan_access_action(struct prng *r, const struct sched_config *c);
#define ACCESS_DELAY_DIVISOR 100
/* Plain accesses until the next sampled one: uniform in 1..2*access_rate
 * (mean ≈ access_rate); SCHED_COUNTDOWN_NEVER when sampling is off. */
long plan_countdown(struct prng *r, const struct sched_config *c);
#define SCHED_COUNTDOWN_NEVER (__LONG_MAX__ / 2)

/* Log-uniform in [lo, hi] (ns), 0 < lo, hi < 2^63 (piecewise: see plan.c). */
uint64_t plan_log_uniform(struct prng *r, uint64_t lo, uint64_t hi);

#endif
