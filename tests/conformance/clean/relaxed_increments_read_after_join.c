/* Shows: relaxed atomic increments from many threads, then a plain read of the counter after joining them all.
 * Ordered by: atomics never race with each other (relaxed is enough); pthread_join orders them before the plain read. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define ROUNDS 5000

static long counter; /* plain object, accessed atomically while shared */

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++)
        __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    long final = counter; /* plain read: every increment happens-before it */
    counter = 0;          /* and a plain reset */
    printf("counter %ld\n", final);
    return final == THREADS * ROUNDS ? 0 : 1;
}
