/* Shows: the metrics counter of the seeds (`requests++` from many goroutines), in C.
 * Racy: every thread does a plain read-modify-write of `counter`; nothing orders them. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define INCREMENTS 1000

static long counter;

/* noinline: keeps the access on its own line in the debug info (gcc -O1 otherwise
 * attributes the inlined increment to the call site). */
__attribute__((noinline)) static void increment(void)
{
    counter++; /* RACE */
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
    printf("counter = %ld (expected %d)\n", counter, THREADS * INCREMENTS);
    return 0;
}
