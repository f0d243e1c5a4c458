/*
 * sched_perturb_test.c — unit tests of scheduler_fuzz/perturb: actions take
 * the time they say, the budget refuses what does not fit, errno survives.
 * A process has one budget, so the tests run in order and each starts it
 * afresh with perturb_init.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "scheduler_fuzz/perturb.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void budget(uint64_t allowance_us, double share)
{
    struct sched_config c = SCHED_CONFIG_DEFAULTS;
    c.budget_us = allowance_us;
    c.budget = share;
    perturb_init(&c);
}

static void test_actions_take_their_time(void **state)
{
    (void)state;
    budget(1000000, 0);
    uint64_t t0 = now_ns();
    assert_true(perturb_run((struct sched_action){SCHED_ACT_SPIN, 20000}));
    uint64_t t1 = now_ns();
    assert_true(t1 - t0 >= 20000);
    assert_true(perturb_run((struct sched_action){SCHED_ACT_SLEEP, 2000000}));
    assert_true(now_ns() - t1 >= 2000000);
    assert_true(perturb_run((struct sched_action){SCHED_ACT_YIELD, 0}));
    assert_false(perturb_run((struct sched_action){SCHED_ACT_NONE, 0}));
}

static void test_budget_refuses(void **state)
{
    (void)state;
    budget(0, 0);
    uint64_t t0 = now_ns();
    assert_false(perturb_run((struct sched_action){SCHED_ACT_SLEEP, 50000000}));
    assert_true(now_ns() - t0 < 45000000);   /* refused at once, not slept */

    /* 5 ms allowed: the first 3 ms sleep fits, the second no longer does. */
    budget(5000, 0);
    assert_true(perturb_run((struct sched_action){SCHED_ACT_SLEEP, 3000000}));
    assert_false(perturb_run((struct sched_action){SCHED_ACT_SLEEP, 3000000}));
}

static void test_budget_grows_with_time(void **state)
{
    (void)state;
    /* Half of the elapsed time: after 20 ms of work, a 5 ms delay fits. */
    budget(0, 0.5);
    assert_false(perturb_run((struct sched_action){SCHED_ACT_SPIN, 5000000}));
    uint64_t t0 = now_ns();
    while (now_ns() - t0 < 20000000) {
    }
    assert_true(perturb_run((struct sched_action){SCHED_ACT_SPIN, 5000000}));
}

static void test_errno_preserved(void **state)
{
    (void)state;
    budget(1000000, 0);
    errno = ERANGE;
    perturb_run((struct sched_action){SCHED_ACT_SLEEP, 100000});
    assert_int_equal(errno, ERANGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_actions_take_their_time),
        cmocka_unit_test(test_budget_refuses),
        cmocka_unit_test(test_budget_grows_with_time),
        cmocka_unit_test(test_errno_preserved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
