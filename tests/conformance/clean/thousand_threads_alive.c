/* Shows: 1000 threads alive at the same time, all parked on a start gate, each then touching only its own slot.
 * Ordered by: the gate mutex/condvar orders main's setup before every thread's work; join orders the slots before the check. */
/* conformance: runs=5 timeout=60 (ThreadSanitizer needs 5-30 s per run for 1000 live threads here) */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define THREADS 1000

static long slots[THREADS];
static long config_base; /* written by main before opening the gate */
static int gate_open, arrived;
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t all_arrived = PTHREAD_COND_INITIALIZER;

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    pthread_mutex_lock(&gate_mu);
    if (++arrived == THREADS)
        pthread_cond_signal(&all_arrived);
    while (!gate_open)
        pthread_cond_wait(&gate_cv, &gate_mu);
    pthread_mutex_unlock(&gate_mu);
    slots[id] = config_base + id;
    return NULL;
}

int main(void)
{
    static pthread_t t[THREADS];
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], &attr, worker, (void *)(intptr_t)i) != 0) {
            fprintf(stderr, "pthread_create %d failed\n", i);
            return 1;
        }
    pthread_attr_destroy(&attr);
    pthread_mutex_lock(&gate_mu);
    while (arrived < THREADS) /* all 1000 are alive now */
        pthread_cond_wait(&all_arrived, &gate_mu);
    config_base = 1000000;
    gate_open = 1;
    pthread_cond_broadcast(&gate_cv);
    pthread_mutex_unlock(&gate_mu);
    long sum = 0;
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < THREADS; i++)
        sum += slots[i] - 1000000;
    printf("sum %ld\n", sum);
    return sum == (long)THREADS * (THREADS - 1) / 2 ? 0 : 1;
}
