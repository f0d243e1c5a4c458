/* Shows: 100,000 short-lived threads created over time in batches of 100, each writing its slot and reading the batch's input.
 * Ordered by: create orders main's input before each thread; join orders each slot before main reads it and reuses the stack. */
/* conformance: runs=1 timeout=90 (100,000 thread creations: about 4 s natively on 2 slow cores;
 * ThreadSanitizer needs about 1-2 ms per thread here, so it times out) */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define TOTAL 100000
#define BATCH 100

static int input[BATCH];
static int output[BATCH];

static void *work(void *arg)
{
    int slot = (int)(intptr_t)arg;
    int local[16]; /* stack memory that the next thread on a reused stack writes again */
    for (int i = 0; i < 16; i++)
        local[i] = input[slot] + i;
    output[slot] = local[15] - 15;
    return NULL;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t t[BATCH];
    long sum = 0;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (int base = 0; base < TOTAL; base += BATCH) {
        for (int i = 0; i < BATCH; i++)
            input[i] = base + i;
        for (int i = 0; i < BATCH; i++)
            if (pthread_create(&t[i], &attr, work, (void *)(intptr_t)i) != 0) {
                fprintf(stderr, "pthread_create failed at %d\n", base + i);
                return 1;
            }
        for (int i = 0; i < BATCH; i++)
            pthread_join(t[i], NULL);
        for (int i = 0; i < BATCH; i++)
            sum += output[i];
    }
    pthread_attr_destroy(&attr);
    printf("threads %d sum %ld\n", TOTAL, sum);
    return sum == (long)TOTAL * (TOTAL - 1) / 2 ? 0 : 1;
}
