/*
 * sched_affinity_test.c — unit tests of the pure half of
 * scheduler_fuzz/affinity: policy resolution, the run's CPU subset and the
 * CPU drawn for a thread, on made-up CPU sets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "scheduler_fuzz/affinity.h"

static void set_of(cpu_set_t *s, const int *cpus, int n)
{
    CPU_ZERO(s);
    for (int i = 0; i < n; i++)
        CPU_SET(cpus[i], s);
}

static void test_resolve(void **state)
{
    (void)state;
    struct sched_config c = SCHED_CONFIG_DEFAULTS;
    struct prng r = prng_stream(1, PRNG_RUN_AFFINITY, 0);
    /* Off and unset: free. Named: that one, in any mode. */
    assert_int_equal(affinity_resolve(&c, &r), SCHED_AFFINITY_FREE);
    c.affinity = SCHED_AFFINITY_ONE;
    assert_int_equal(affinity_resolve(&c, &r), SCHED_AFFINITY_ONE);
    c.mode = SCHED_MODE_RANDOM;
    c.affinity = SCHED_AFFINITY_RANDOM;
    assert_int_equal(affinity_resolve(&c, &r), SCHED_AFFINITY_RANDOM);

    /* Random and unset: each policy about a third of the runs. */
    c.affinity = SCHED_AFFINITY_DEFAULT;
    int count[4] = {0};
    for (uint64_t seed = 0; seed < 3000; seed++) {
        struct prng run = prng_stream(seed, PRNG_RUN_AFFINITY, 0);
        count[affinity_resolve(&c, &run)]++;
    }
    assert_int_equal(count[SCHED_AFFINITY_DEFAULT], 0);
    for (int p = SCHED_AFFINITY_FREE; p <= SCHED_AFFINITY_RANDOM; p++)
        assert_in_range(count[p], 850, 1150);

    /* pct and unset: one CPU (one thread runs at a time anyway); named:
     * that one. */
    c.mode = SCHED_MODE_PCT;
    assert_int_equal(affinity_resolve(&c, &r), SCHED_AFFINITY_ONE);
    c.affinity = SCHED_AFFINITY_FREE;
    assert_int_equal(affinity_resolve(&c, &r), SCHED_AFFINITY_FREE);
}

static void test_pick(void **state)
{
    (void)state;
    static const int cpus[] = {2, 5, 9};
    cpu_set_t s;
    set_of(&s, cpus, 3);
    struct prng r = prng_stream(2, PRNG_THREAD_AFFINITY, 1);
    int seen[16] = {0};
    for (int i = 0; i < 3000; i++) {
        int cpu = affinity_pick(&s, &r);
        assert_true(cpu == 2 || cpu == 5 || cpu == 9);
        seen[cpu]++;
    }
    assert_in_range(seen[2], 850, 1150);
    assert_in_range(seen[9], 850, 1150);
    CPU_ZERO(&s);
    assert_int_equal(affinity_pick(&s, &r), -1);
}

static void test_subset(void **state)
{
    (void)state;
    static const int cpus[] = {0, 1, 3, 4, 7, 8};
    cpu_set_t all, s;
    set_of(&all, cpus, 6);
    for (uint64_t seed = 0; seed < 50; seed++) {
        struct prng r = prng_stream(seed, PRNG_RUN_AFFINITY, 0);
        s = all;
        affinity_subset(&s, 2, &r);
        assert_int_equal(CPU_COUNT(&s), 2);
        cpu_set_t both;
        CPU_AND(&both, &s, &all);
        assert_true(CPU_EQUAL(&both, &s));   /* never beyond the allowed set */

        /* The same seed, the same subset. */
        struct prng again = prng_stream(seed, PRNG_RUN_AFFINITY, 0);
        cpu_set_t t = all;
        affinity_subset(&t, 2, &again);
        assert_true(CPU_EQUAL(&s, &t));
    }
    /* 0, or at least the set's size: everything. */
    struct prng r = prng_stream(0, PRNG_RUN_AFFINITY, 0);
    s = all;
    affinity_subset(&s, 0, &r);
    assert_true(CPU_EQUAL(&s, &all));
    affinity_subset(&s, 64, &r);
    assert_true(CPU_EQUAL(&s, &all));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_pick),
        cmocka_unit_test(test_subset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
