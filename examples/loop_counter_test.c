/*
 * Race on a loop counter (seed: Go race detector article, "Race on loop
 * counter"): `go func() { fmt.Println(i) }()` captures the loop variable i
 * by reference, so the goroutines read i while the loop increments it and
 * typically print 55555, not 01234. In C the same bug is handing every
 * thread the address of the loop counter.
 *
 * test_loop_counter_racy: each worker reads *index while main's i++ writes
 *   it (one unique race).
 * test_loop_counter_fixed: each worker gets its own copy of the value (Go:
 *   pass i as an argument, `go func(j int) {...}(i)`).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

enum { WORKERS = 5 };

struct job {
    const int *index; /* where to read "my" number */
    int copy;         /* the fixed version's private copy */
    int seen;         /* what the worker read; written only by it */
};

static void *worker(void *arg)
{
    struct job *j = arg;
    j->seen = *j->index; /* racy when index points at the loop counter */
    return NULL;
}

static void test_loop_counter_racy(void **state)
{
    (void)state;
    pthread_t t[WORKERS];
    struct job jobs[WORKERS];
    int i; /* outlives the loop, so the bug is a race, not a dangling pointer */
    for (i = 0; i < WORKERS; i++) {
        jobs[i].index = &i; /* every worker shares the one counter */
        pthread_create(&t[i], NULL, worker, &jobs[i]);
    }
    for (int k = 0; k < WORKERS; k++)
        pthread_join(t[k], NULL);
    for (int k = 0; k < WORKERS; k++)
        assert_in_range(jobs[k].seen, 0, WORKERS);
}

static void test_loop_counter_fixed(void **state)
{
    (void)state;
    pthread_t t[WORKERS];
    struct job jobs[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        jobs[i].copy = i; /* written before pthread_create: the worker sees it */
        jobs[i].index = &jobs[i].copy;
        pthread_create(&t[i], NULL, worker, &jobs[i]);
    }
    for (int k = 0; k < WORKERS; k++)
        pthread_join(t[k], NULL);
    for (int k = 0; k < WORKERS; k++)
        assert_int_equal(jobs[k].seen, k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loop_counter_racy),
        cmocka_unit_test(test_loop_counter_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
