/* Shows: a thread reads a block that main filled with memset and then freed: the report's previous access is the free, not the memset.
 * Racy: free counts as a write of the block; main tells the reader it is done with a relaxed flag only, so the free does not happen-before the read. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct record {
    long key;
    long fields[30];
};

static struct record *rec;
static atomic_int freed;
static atomic_long seen;

static void *reader(void *arg)
{
    (void)arg;
    while (!atomic_load_explicit(&freed, memory_order_relaxed))
        sched_yield();
    long v = rec->fields[20]; /* RACE */
    atomic_store_explicit(&seen, v, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    rec = malloc(sizeof *rec);
    pthread_create(&t, NULL, reader, NULL);
    memset(rec, 0, sizeof *rec);
    rec->key = 1;
    free(rec); /* RACE */
    atomic_store_explicit(&freed, 1, memory_order_relaxed);
    pthread_join(t, NULL);
    printf("reader saw %ld\n", atomic_load_explicit(&seen, memory_order_relaxed));
    return 0;
}
