/* Shows: the fix for the seeds' unprotected counter: every increment under one mutex.
 * Ordered by: each unlock of counter_mu releases into the next lock's acquire. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define INCREMENTS 2000

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void increment(void)
{
    pthread_mutex_lock(&counter_mu);
    counter++;
    pthread_mutex_unlock(&counter_mu);
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < INCREMENTS; i++)
        increment();
    return NULL;
}

int main(void)
{
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&threads[i], NULL, worker, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    printf("counter = %ld\n", counter);
    return counter == THREADS * INCREMENTS ? 0 : 1;
}
