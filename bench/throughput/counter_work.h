/*
 * counter_work.h — the one test function of the runner-throughput benchmark,
 * shared by trivial_test.c (run by `racetest -count=N`) and plain_loop.c (the
 * same function called N times in a plain loop), so that both measure exactly
 * the same work.
 *
 * It is trivial but real: two threads each increment a mutex-protected
 * counter a few times, the test joins them and checks the sum. Per call that
 * is two thread creations and joins, a mutex init/destroy and 20 lock/unlock
 * pairs: the detector models every one of them.
 *
 * Include after <setjmp.h>, <stdarg.h>, <stddef.h>, <stdint.h>, <cmocka.h>.
 */
#ifndef THROUGHPUT_COUNTER_WORK_H
#define THROUGHPUT_COUNTER_WORK_H

#include <pthread.h>

enum { COUNTER_THREADS = 2, COUNTER_INCREMENTS = 10 };

struct counter {
    pthread_mutex_t mu;
    long value;
};

static void *counter_bump(void *arg)
{
    struct counter *c = arg;
    for (int i = 0; i < COUNTER_INCREMENTS; i++) {
        pthread_mutex_lock(&c->mu);
        c->value++;
        pthread_mutex_unlock(&c->mu);
    }
    return NULL;
}

static void test_counter(void **state)
{
    (void)state;
    struct counter c = {.value = 0};
    pthread_t t[COUNTER_THREADS];
    assert_int_equal(pthread_mutex_init(&c.mu, NULL), 0);
    for (int i = 0; i < COUNTER_THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, counter_bump, &c), 0);
    for (int i = 0; i < COUNTER_THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    pthread_mutex_destroy(&c.mu);
    assert_int_equal(c.value, COUNTER_THREADS * COUNTER_INCREMENTS);
}

#endif
