/* Shows: many rounds of a fresh pair of heap mutexes, each locked by a new thread in address order on even
 * rounds and in reverse order on odd ones; the heap hands the same addresses out again in later rounds.
 * Expect: nothing: a destroyed or freed mutex takes its lock order with it, so no two rounds share a lock. */
/* expect: none */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define ROUNDS 300

static pthread_mutex_t *first, *second;

static void *lock_both(void *arg)
{
    (void)arg;
    pthread_mutex_lock(first);
    pthread_mutex_lock(second);
    pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
    return NULL;
}

static pthread_mutex_t *new_mutex(void)
{
    /* Initialized by assignment, as static mutexes are: no pthread_mutex_init call to see. */
    pthread_mutex_t *m = malloc(sizeof *m);
    *m = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
    return m;
}

int main(void)
{
    for (int round = 0; round < ROUNDS; round++) {
        pthread_mutex_t *x = new_mutex(), *y = new_mutex();
        int ascending = (uintptr_t)x < (uintptr_t)y;
        if (round % 2)
            ascending = !ascending;
        first = ascending ? x : y;
        second = ascending ? y : x;
        pthread_t t;
        pthread_create(&t, NULL, lock_both, NULL);
        pthread_join(t, NULL);
        /* Half the pairs are destroyed before being freed, half only freed. */
        if (round % 4 < 2) {
            pthread_mutex_destroy(x);
            pthread_mutex_destroy(y);
        }
        free(x);
        free(y);
    }
    puts("done");
    return 0;
}
