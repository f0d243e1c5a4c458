/* Order-dependent: main joins only the slow worker and takes for granted that the fast one,
 * which it never joined yet, has finished too.
 * Racy: the fast worker stores its result and then counts itself done under `progress`; the
 * slow worker computes for five milliseconds and then does the same. Usually the fast worker's unlock
 * precedes the slow worker's lock, so joining the slow worker orders the fast worker's store
 * before main's read. When the fast worker is late by more than the slow worker's work, main
 * reads the result with no edge from the store. */
#include <pthread.h>
#include <stdio.h>

#include "order_window.h"

static pthread_mutex_t progress = PTHREAD_MUTEX_INITIALIZER;
static int done; /* guarded by progress */
static long fast_result;

static void count_done(void)
{
    pthread_mutex_lock(&progress);
    done++;
    pthread_mutex_unlock(&progress);
}

static void *fast(void *arg)
{
    (void)arg;
    fast_result = 7; /* RACE */
    count_done();
    return NULL;
}

static void *slow(void *arg)
{
    long *sum = arg;
    busy_for_us(5000);
    *sum = 35;
    count_done();
    return NULL;
}

int main(void)
{
    pthread_t f, s;
    long slow_result = 0;
    pthread_create(&f, NULL, fast, NULL);
    pthread_create(&s, NULL, slow, &slow_result);
    pthread_join(s, NULL);
    long total = slow_result + fast_result; /* RACE */
    pthread_join(f, NULL);
    printf("total %ld, %d done\n", total, done);
    return 0;
}
