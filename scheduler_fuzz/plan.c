/*
 * plan.c — the perturbation decisions (plan.h).
 */
#include <math.h>

#include "plan.h"

/* A new thread's first step decides which of two threads started close
 * together runs first, the order behind most start-up races; there the
 * new thread waits at least half the time, whatever sched_prob says. */
#define THREAD_START_MIN_PROB 0.5

double plan_probability(const struct sched_config *c, enum sched_point point)
{
    if (point == SCHED_THREAD_START && c->prob < THREAD_START_MIN_PROB)
        return THREAD_START_MIN_PROB;
    return c->prob;
}

uint64_t plan_log_uniform(struct prng *r, uint64_t lo, uint64_t hi)
{
    double u = prng_unit(r);
    if (hi <= lo)
        return lo;
    uint64_t v = (uint64_t)((double)lo * exp2(u * log2((double)hi / (double)lo)));
    return v < lo ? lo : v > hi ? hi : v;
}

struct sched_action plan_action(struct prng *r, const struct sched_config *c)
{
    double kind = prng_unit(r);
    if (kind < c->starve_prob) {
        uint64_t lo = c->sleep_us * 1000, hi = c->starve_us * 1000;
        return (struct sched_action){SCHED_ACT_STARVE, plan_log_uniform(r, lo, hi > lo ? hi : lo)};
    }
    uint64_t ns = plan_log_uniform(r, SCHED_MIN_DELAY_NS, c->sleep_us * 1000);
    if (kind < c->starve_prob + (1 - c->starve_prob) * SCHED_YIELD_SHARE)
        return (struct sched_action){SCHED_ACT_YIELD, 0};
    return (struct sched_action){ns < SCHED_SPIN_BELOW_NS ? SCHED_ACT_SPIN : SCHED_ACT_SLEEP, ns};
}

struct sched_action plan_at_point(struct prng *r, const struct sched_config *c,
                                  enum sched_point point)
{
    if (prng_unit(r) >= plan_probability(c, point))
        return (struct sched_action){SCHED_ACT_NONE, 0};
    return plan_action(r, c);
}

long plan_countdown(struct prng *r, const struct sched_config *c)
{
    if (c->mode == SCHED_MODE_OFF || c->access_rate == 0)
        return SCHED_COUNTDOWN_NEVER;
    return (long)(1 + prng_below(r, 2 * c->access_rate));
}
