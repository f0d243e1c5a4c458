/* Shows: a thread reads a block that main has already freed (a use after free).
 * Racy: free counts as a write of the block; main tells the reader it is done with a relaxed flag only, so the free does not happen-before the read. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct job {
    long id;
    long value;
};

static struct job *job;
static atomic_int freed;
static atomic_long seen;

static void *reader(void *arg)
{
    (void)arg;
    while (!atomic_load_explicit(&freed, memory_order_relaxed))
        sched_yield();
    long v = job->value; /* RACE */
    atomic_store_explicit(&seen, v, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    job = malloc(sizeof *job);
    job->id = 1;
    job->value = 7;
    pthread_create(&t, NULL, reader, NULL);
    free(job); /* RACE */
    atomic_store_explicit(&freed, 1, memory_order_relaxed);
    pthread_join(t, NULL);
    printf("reader saw %ld\n", atomic_load_explicit(&seen, memory_order_relaxed));
    return 0;
}
