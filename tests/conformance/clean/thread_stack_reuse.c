/* Shows: batches of threads that fill large local arrays; later threads run on stacks (and addresses) of joined ones.
 * Ordered by: nothing is shared between threads; stack memory of a finished thread belongs to the next thread on it. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define BATCHES 20
#define THREADS 4
#define WORDS 2048

static void *work(void *arg)
{
    long seed = (long)(intptr_t)arg;
    volatile long local[WORDS]; /* volatile: really written and read on this stack */
    long sum = 0;
    for (int i = 0; i < WORDS; i++)
        local[i] = seed + i;
    for (int i = 0; i < WORDS; i++)
        sum += local[i];
    return (void *)sum;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 128 * 1024); /* small, cached and reused by glibc */
    long total = 0;
    for (int b = 0; b < BATCHES; b++) {
        pthread_t t[THREADS];
        for (int i = 0; i < THREADS; i++)
            pthread_create(&t[i], &attr, work, (void *)(intptr_t)(b * THREADS + i));
        for (int i = 0; i < THREADS; i++) {
            void *r;
            pthread_join(t[i], &r);
            total += (long)r;
        }
    }
    pthread_attr_destroy(&attr);
    printf("total %ld\n", total);
    return 0;
}
