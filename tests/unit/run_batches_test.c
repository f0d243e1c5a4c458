/* run_batches (runner/run_batches.h) under -duration, against a simulated
 * supervisor: each test's run takes a fixed time, the workers run them in
 * parallel, and a fake clock advances by the batch's length. A slow test
 * must not hold the fast ones back, and must still get runs of its own. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runner/suite/batches.h"
#include "runner/suite/aggregate.h"
#include "runner/suite/flags.h"

static long long fake_now;
static const double *pace_ms;    /* per test */
static unsigned max_run_seen[4]; /* highest run number per test */

long long test_proc_now_ms(void) { return fake_now; }

/* Runs the batch: every test's runs back to back on the workers; the batch
 * lasts as long as the busiest worker (runs dealt longest first). */
bool test_supervise(struct sup_cfg *c)
{
    double worker[64] = {0};
    for (size_t t = 0; t < c->m->ntests; t++) {
        struct rt_test *x = &c->m->tests[t];
        unsigned n = c->test_count ? c->test_count[t] : c->count;
        unsigned first = c->test_first ? c->test_first[t] : c->first_run;
        if (!x->selected)
            continue;
        for (unsigned r = 0; r < n; r++) {
            unsigned w = 0;
            for (unsigned k = 1; k < c->parallel; k++)
                if (worker[k] < worker[w])
                    w = k;
            worker[w] += pace_ms[t];
            x->done++;
            x->elapsed += pace_ms[t] / 1000.0;
            c->agg->runs_done++;
        }
        if (n && first + n - 1 > max_run_seen[t])
            max_run_seen[t] = first + n - 1;
    }
    double longest = 0;
    for (unsigned k = 0; k < c->parallel; k++)
        if (worker[k] > longest)
            longest = worker[k];
    fake_now += (long long)longest;
    if (c->deadline_ms && fake_now > c->deadline_ms)
        fake_now = c->deadline_ms;
    return true;
}

static struct rt_test tests[4];

static void run(const double *paces, size_t ntests, unsigned parallel, int64_t duration_ms)
{
    memset(tests, 0, sizeof tests);
    memset(max_run_seen, 0, sizeof max_run_seen);
    for (size_t i = 0; i < ntests; i++)
        tests[i].selected = true;
    struct rt_model m = {.tests = tests, .ntests = ntests};
    struct test_opts o = {.count = 1};
    struct agg a = {.m = &m, .o = &o};
    struct sup_cfg sc = {.m = &m, .o = &o, .agg = &a, .parallel = parallel};
    struct shard sh = {.index = 0, .total = 1, .by = SHARD_BY_TEST};
    struct batch_result br;
    pace_ms = paces;
    fake_now = 1000;
    assert_true(run_batches(&sc, &sh, SHARD_COUNT_UNLIMITED, duration_ms * 1000000, &br));
    assert_true(br.budget_spent);
    for (size_t i = 0; i < ntests; i++)
        assert_int_equal(max_run_seen[i], tests[i].done); /* runs 1..done, none twice */
}

/* One test 100x slower than three fast ones: each gets about the same
 * time, so the fast ones get far more runs than the slow one, which still
 * runs several times. */
static void test_slow_test_does_not_hold_back_fast_ones(void **state)
{
    (void)state;
    static const double paces[] = {200, 2, 2, 2};
    run(paces, 4, 2, 60000);
    /* 2 workers x 60 s: about 30 s of runs per test. */
    assert_in_range(tests[0].done, 60, 200);
    for (size_t i = 1; i < 4; i++) {
        assert_true(tests[i].done > 20 * tests[0].done);
        assert_in_range(tests[i].elapsed, 0.5 * tests[0].elapsed, 2 * tests[0].elapsed);
    }
}

/* A test whose single run is longer than a batch should be: it runs in
 * every batch, which then lasts as long as that run, and the fast test
 * fills the workers meanwhile. */
static void test_test_slower_than_a_batch_keeps_its_share(void **state)
{
    (void)state;
    static const double paces[] = {3000, 1};
    run(paces, 2, 2, 30000);
    assert_in_range(tests[0].done, 8, 11);
    assert_true(tests[1].done > 1000 * tests[0].done / 2);
}

static void test_runs_follow_the_share(void **state)
{
    (void)state;
    assert_int_equal(run_batches_test_runs(0, 5, 1000), 1);     /* first batch: one */
    assert_int_equal(run_batches_test_runs(1, 0, 1000), 1);     /* pace unknown */
    assert_int_equal(run_batches_test_runs(1, 10, 1000), 4);    /* grows 4x at most */
    assert_int_equal(run_batches_test_runs(100, 10, 1000), 100);
    assert_int_equal(run_batches_test_runs(8, 5000, 1000), 1);  /* slower than its share: one */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_follow_the_share),
        cmocka_unit_test(test_slow_test_does_not_hold_back_fast_ones),
        cmocka_unit_test(test_test_slower_than_a_batch_keeps_its_share),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
