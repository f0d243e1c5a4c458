/*
 * The simple counter (seed: "A Simple (but Real) Race Example"; Go's
 * `go increment()` a thousand times). Every thread does counter++, a read
 * and a write with no synchronization: the total varies from run to run and,
 * worse, nothing guarantees it ever reaches the expected value.
 *
 * test_counter_racy: the race detector reports the unsynchronized
 *   read-modify-write of counter (one unique race, every run).
 * test_counter_fixed: the increment is an atomic read-modify-write
 *   (Go: atomic.AddInt64), so the total is exact.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

enum { THREADS = 4, INCREMENTS = 1000 };

static long counter;

static void *increment_racy(void *arg)
{
    (void)arg;
    for (int i = 0; i < INCREMENTS; i++)
        counter++; /* read, add, write: another thread's increment can be lost */
    return NULL;
}

static void *increment_atomic(void *arg)
{
    (void)arg;
    for (int i = 0; i < INCREMENTS; i++)
        __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    return NULL;
}

static long run_threads(void *(*fn)(void *))
{
    pthread_t t[THREADS];
    counter = 0;
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, fn, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    return counter; /* after the joins: every increment happened before */
}

static void test_counter_racy(void **state)
{
    (void)state;
    long total = run_threads(increment_racy);
    assert_true(total <= THREADS * INCREMENTS); /* not even == holds */
}

static void test_counter_fixed(void **state)
{
    (void)state;
    assert_int_equal(run_threads(increment_atomic), THREADS * INCREMENTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_racy),
        cmocka_unit_test(test_counter_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
