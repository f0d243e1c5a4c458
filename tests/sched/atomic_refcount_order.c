/* Order-dependent: an atomic reference count creates the edge when the writer takes its
 * reference first.
 * Racy: the producer fills `stats` and then takes a reference (seq_cst fetch_add); the
 * reader sets itself up for five milliseconds, takes a reference and then reads `stats`. A
 * read-modify-write that reads from another's release synchronizes with it, so when the
 * producer's increment comes first (the usual order) the write happens before the read;
 * when the reader's comes first nothing orders them. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "order_window.h"

static atomic_int refs;
static long stats; /* meant to be filled before any reference is taken */

static void *producer(void *arg)
{
    (void)arg;
    stats = 1234; /* RACE */
    atomic_fetch_add(&refs, 1);
    return NULL;
}

static void *reader(void *arg)
{
    long *seen = arg;
    busy_for_us(5000);
    atomic_fetch_add(&refs, 1);
    *seen = stats; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    long seen = 0;
    pthread_create(&a, NULL, producer, NULL);
    pthread_create(&b, NULL, reader, &seen);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("stats seen %ld, refs %d\n", seen, atomic_load(&refs));
    return 0;
}
