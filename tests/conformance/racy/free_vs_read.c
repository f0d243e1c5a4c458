/* Shows: freeing a block that another thread has just read.
 * Racy: free counts as a write of the whole block; the reader only signals with a relaxed flag, so nothing orders its read first. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct job {
    int value;
};

static atomic_int done;
static atomic_int seen;

static void *reader(void *arg)
{
    struct job *job = arg;
    int v = job->value; /* RACE */
    atomic_store_explicit(&seen, v, memory_order_relaxed);
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    struct job *job = malloc(sizeof *job);
    job->value = 7;
    pthread_create(&t, NULL, reader, job);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        sched_yield();
    free(job); /* RACE */
    pthread_join(t, NULL);
    printf("reader saw %d\n", atomic_load_explicit(&seen, memory_order_relaxed));
    return 0;
}
