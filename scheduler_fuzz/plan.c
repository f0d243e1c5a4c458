/*
 * plan.c — the perturbation decisions (plan.h).
 */
#include "plan.h"

bool plan_laggard(struct prng *r, const struct sched_config *c)
{
    return prng_unit(r) < c->lag_prob;
}

/* A new thread's first step, and its parent's first step after creating
 * it, decide which of two threads started close together runs first: the
 * order behind most start-up races. A laggard always starts late there. */
static bool is_start(enum sched_point point)
{
    return point == SCHED_THREAD_START || point == SCHED_AFTER_CREATE;
}

double plan_probability(const struct sched_config *c, enum sched_point point, bool laggard)
{
    if (!laggard)
        return c->prob;
    if (is_start(point))
        return 1;
    return 2 * c->prob < 1 ? 2 * c->prob : 1;
}

/* A laggard's delays start at a tenth of sched_sleep_us: it is late by
 * about as much as the longest ordinary delays. */
static uint64_t lag_floor_ns(const struct sched_config *c)
{
    uint64_t ns = c->sleep_us * 100;
    return ns > SCHED_MIN_DELAY_NS ? ns : SCHED_MIN_DELAY_NS;
}

/* log2 and its inverse, linear between powers of two (v in [1, 2^63)):
 * exact inverses of each other and exact at powers of two, so a draw
 * spans [lo, hi] exactly; within an octave the density is flat rather
 * than 1/x, which no schedule can tell apart. A few instructions instead
 * of two libm calls, on a path taken at every point that acts. */
static double linear_log2(double v)
{
    int e = 63 - __builtin_clzll((uint64_t)v);
    return e + (v / (double)(1ull << e) - 1);
}

static double linear_exp2(double x)
{
    int e = (int)x;
    return (double)(1ull << e) * (1 + (x - e));
}

uint64_t plan_log_uniform(struct prng *r, uint64_t lo, uint64_t hi)
{
    double u = prng_unit(r);
    if (hi <= lo)
        return lo;
    uint64_t v = (uint64_t)((double)lo * linear_exp2(u * linear_log2((double)hi / (double)lo)));
    return v < lo ? lo : v > hi ? hi : v;
}

struct sched_action plan_action(struct prng *r, const struct sched_config *c, bool laggard)
{
    double kind = prng_unit(r);
    uint64_t sleep_ns = c->sleep_us * 1000;
    if (kind < c->starve_prob) {
        uint64_t hi = c->starve_us * 1000;
        return (struct sched_action){SCHED_ACT_STARVE,
                                     plan_log_uniform(r, sleep_ns, hi > sleep_ns ? hi : sleep_ns)};
    }
    uint64_t ns = plan_log_uniform(r, laggard ? lag_floor_ns(c) : SCHED_MIN_DELAY_NS, sleep_ns);
    if (!laggard && kind < c->starve_prob + (1 - c->starve_prob) * SCHED_YIELD_SHARE)
        return (struct sched_action){SCHED_ACT_YIELD, 0};
    return (struct sched_action){ns < SCHED_SPIN_BELOW_NS ? SCHED_ACT_SPIN : SCHED_ACT_SLEEP, ns};
}

struct sched_action plan_at_point(struct prng *r, const struct sched_config *c,
                                  enum sched_point point, bool laggard)
{
    if (prng_unit(r) >= plan_probability(c, point, laggard))
        return (struct sched_action){SCHED_ACT_NONE, 0};
    if (laggard && is_start(point)) {
        /* The start lag: anywhere up to a starvation, so that the laggard
         * starts after rivals that usually trail it by milliseconds. Two
         * draws, as plan_action takes. */
        prng_next(r);
        uint64_t hi = c->starve_us * 1000;
        return (struct sched_action){SCHED_ACT_SLEEP, plan_log_uniform(r, lag_floor_ns(c), hi)};
    }
    return plan_action(r, c, laggard);
}

struct sched_action plan_access_action(struct prng *r, const struct sched_config *c)
{
    double kind = prng_unit(r);
    uint64_t hi = c->sleep_us * 1000 / ACCESS_DELAY_DIVISOR;
    uint64_t ns = plan_log_uniform(r, SCHED_MIN_DELAY_NS, hi);
    if (kind < SCHED_YIELD_SHARE)
        return (struct sched_action){SCHED_ACT_YIELD, 0};
    return (struct sched_action){ns < SCHED_SPIN_BELOW_NS ? SCHED_ACT_SPIN : SCHED_ACT_SLEEP, ns};
}

long plan_countdown(struct prng *r, const struct sched_config *c)
{
    if (c->mode == SCHED_MODE_OFF || c->access_rate == 0)
        return SCHED_COUNTDOWN_NEVER;
    return (long)(1 + prng_below(r, 2 * c->access_rate));
}
