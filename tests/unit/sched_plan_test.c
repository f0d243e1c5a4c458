/*
 * sched_plan_test.c — unit tests of scheduler_fuzz/plan: one seed gives one
 * sequence of decisions; probabilities, delay ranges, laggards and the
 * access countdown behave as plan.h says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "scheduler_fuzz/plan.h"

static struct sched_config random_config(void)
{
    struct sched_config c = SCHED_CONFIG_DEFAULTS;
    c.mode = SCHED_MODE_RANDOM;
    return c;
}

/* A thread's whole decision sequence at a mix of points. */
static void decisions(uint64_t seed, uint64_t index, struct sched_action *out, int n)
{
    struct sched_config c = random_config();
    struct prng r = prng_stream(seed, PRNG_THREAD_DECISIONS, index);
    bool laggard = plan_laggard(&r, &c);
    for (int i = 0; i < n; i++) {
        if (i % 7 == 6)
            out[i] = plan_access_action(&r, &c);
        else
            out[i] = plan_at_point(&r, &c, (enum sched_point)(i % 8), laggard);
    }
}

static void test_same_seed_same_decisions(void **state)
{
    (void)state;
    struct sched_action a[500], b[500], other[500];
    decisions(99, 2, a, 500);
    decisions(99, 2, b, 500);
    decisions(100, 2, other, 500);
    int differ = 0;
    for (int i = 0; i < 500; i++) {
        assert_int_equal(a[i].kind, b[i].kind);
        assert_true(a[i].ns == b[i].ns);
        differ += a[i].kind != other[i].kind || a[i].ns != other[i].ns;
    }
    assert_true(differ > 50);
}

static void test_probability_extremes(void **state)
{
    (void)state;
    struct sched_config c = random_config();
    struct prng r = prng_stream(1, PRNG_THREAD_DECISIONS, 1);
    c.prob = 0;
    for (int i = 0; i < 1000; i++)
        assert_int_equal(plan_at_point(&r, &c, SCHED_BEFORE_LOCK, false).kind, SCHED_ACT_NONE);
    c.prob = 1;
    for (int i = 0; i < 1000; i++)
        assert_int_not_equal(plan_at_point(&r, &c, SCHED_AFTER_UNLOCK, false).kind,
                             SCHED_ACT_NONE);
}

static void test_rate_matches_prob(void **state)
{
    (void)state;
    struct sched_config c = random_config();
    c.prob = 0.25;
    struct prng r = prng_stream(5, PRNG_THREAD_DECISIONS, 0);
    int acted = 0, yields = 0;
    for (int i = 0; i < 40000; i++) {
        struct sched_action a = plan_at_point(&r, &c, SCHED_BEFORE_LOCK, false);
        acted += a.kind != SCHED_ACT_NONE;
        yields += a.kind == SCHED_ACT_YIELD;
    }
    assert_in_range(acted, 9500, 10500);
    /* A quarter of the actions are yields (starvations aside). */
    assert_in_range(yields, 2200, 2800);
}

static void test_delays_in_range(void **state)
{
    (void)state;
    struct sched_config c = random_config();
    c.sleep_us = 4000;
    c.starve_us = 30000;
    struct prng r = prng_stream(8, PRNG_THREAD_DECISIONS, 0);
    int starves = 0, short_delays = 0;
    for (int i = 0; i < 20000; i++) {
        struct sched_action a = plan_action(&r, &c, false);
        switch (a.kind) {
        case SCHED_ACT_SPIN:
            assert_true(a.ns >= SCHED_MIN_DELAY_NS && a.ns < SCHED_SPIN_BELOW_NS);
            short_delays++;
            break;
        case SCHED_ACT_SLEEP:
            assert_true(a.ns >= SCHED_SPIN_BELOW_NS && a.ns <= 4000000);
            break;
        case SCHED_ACT_STARVE:
            assert_true(a.ns >= 4000000 && a.ns <= 30000000);
            starves++;
            break;
        case SCHED_ACT_YIELD:
            break;
        case SCHED_ACT_NONE:
            fail_msg("plan_action must act");
        }
    }
    assert_in_range(starves, 250, 550);   /* starve_prob 0.02 of 20000 */
    /* Log-uniform over 1 µs..4 ms: below 50 µs is log(50)/log(4000) = 47%
     * of the delays. */
    assert_in_range(short_delays, 6300, 7800);
}

static void test_log_uniform(void **state)
{
    (void)state;
    struct prng r = prng_stream(3, PRNG_THREAD_DECISIONS, 0);
    int below_geometric_mean = 0;
    for (int i = 0; i < 10000; i++) {
        uint64_t v = plan_log_uniform(&r, 1000, 1000000);
        assert_true(v >= 1000 && v <= 1000000);
        below_geometric_mean += v < 31623;
    }
    assert_in_range(below_geometric_mean, 4700, 5300);
    assert_true(plan_log_uniform(&r, 500, 500) == 500);
}

static void test_laggards(void **state)
{
    (void)state;
    struct sched_config c = random_config();
    c.lag_prob = 0.5;
    int laggards = 0;
    for (uint64_t i = 0; i < 2000; i++) {
        struct prng r = prng_stream(11, PRNG_THREAD_DECISIONS, i);
        laggards += plan_laggard(&r, &c);
    }
    assert_in_range(laggards, 900, 1100);

    /* A laggard always waits at its start, long; acts twice as often, and
     * never just yields. */
    struct prng r = prng_stream(12, PRNG_THREAD_DECISIONS, 0);
    for (int i = 0; i < 1000; i++) {
        struct sched_action a = plan_at_point(&r, &c, SCHED_THREAD_START, true);
        assert_int_equal(a.kind, SCHED_ACT_SLEEP);
        assert_true(a.ns >= c.sleep_us * 100 && a.ns <= c.starve_us * 1000);
        a = plan_at_point(&r, &c, SCHED_AFTER_CREATE, true);
        assert_int_equal(a.kind, SCHED_ACT_SLEEP);
        a = plan_action(&r, &c, true);
        assert_int_not_equal(a.kind, SCHED_ACT_YIELD);
        assert_true(a.ns >= c.sleep_us * 100);
    }
    assert_true(plan_probability(&c, SCHED_BEFORE_LOCK, true) == 2 * c.prob);
    assert_true(plan_probability(&c, SCHED_BEFORE_LOCK, false) == c.prob);
    c.prob = 0.75;
    assert_true(plan_probability(&c, SCHED_BEFORE_LOCK, true) == 1);
    c.lag_prob = 0;
    struct prng none = prng_stream(13, PRNG_THREAD_DECISIONS, 0);
    for (int i = 0; i < 100; i++)
        assert_false(plan_laggard(&none, &c));
}

static void test_access_actions_are_short(void **state)
{
    (void)state;
    struct sched_config c = random_config();
    struct prng r = prng_stream(21, PRNG_THREAD_DECISIONS, 0);
    for (int i = 0; i < 10000; i++) {
        struct sched_action a = plan_access_action(&r, &c);
        assert_int_not_equal(a.kind, SCHED_ACT_NONE);
        assert_int_not_equal(a.kind, SCHED_ACT_STARVE);
        assert_true(a.ns <= c.sleep_us * 1000 / ACCESS_DELAY_DIVISOR);
    }
}

static void test_countdown(void **state)
{
    (void)state;
    struct sched_config c = random_config();
    struct prng r = prng_stream(4, PRNG_THREAD_DECISIONS, 0);
    c.access_rate = 100;
    double sum = 0;
    for (int i = 0; i < 10000; i++) {
        long n = plan_countdown(&r, &c);
        assert_true(n >= 1 && n <= 200);
        sum += (double)n;
    }
    assert_true(sum / 10000 > 95 && sum / 10000 < 106);
    c.access_rate = 0;
    assert_true(plan_countdown(&r, &c) == SCHED_COUNTDOWN_NEVER);
    c.access_rate = 100;
    c.mode = SCHED_MODE_OFF;
    assert_true(plan_countdown(&r, &c) == SCHED_COUNTDOWN_NEVER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_decisions),
        cmocka_unit_test(test_probability_extremes),
        cmocka_unit_test(test_rate_matches_prob),
        cmocka_unit_test(test_delays_in_range),
        cmocka_unit_test(test_log_uniform),
        cmocka_unit_test(test_laggards),
        cmocka_unit_test(test_access_actions_are_short),
        cmocka_unit_test(test_countdown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
