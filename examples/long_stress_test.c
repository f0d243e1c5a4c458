//racetest:build !race

/*
 * Excluded under the race detector (seed: "// +build !race ... The test
 * takes too long under the race detector"). `racetest ./examples` skips this
 * file and says why under -v; `racetest -race=false ./examples` runs it.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

enum { THREADS = 4, ROUNDS = 200000 };

static long total;
static pthread_mutex_t total_mu = PTHREAD_MUTEX_INITIALIZER;

static void *hammer(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&total_mu);
        total++;
        pthread_mutex_unlock(&total_mu);
    }
    return NULL;
}

static void test_mutex_stress(void **state)
{
    (void)state;
    pthread_t t[THREADS];
    total = 0;
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, hammer, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(total, (long)THREADS * ROUNDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutex_stress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
