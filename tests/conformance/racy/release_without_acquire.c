/* Shows: message passing where the writer stores the flag with release but the reader loads it relaxed.
 * Racy: a release is only paired by an acquire; the relaxed load joins no clock, so data stays unordered. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static long payload;
static atomic_int ready;

static void *producer(void *arg)
{
    (void)arg;
    payload = 1234; /* RACE */
    atomic_store_explicit(&ready, 1, memory_order_release);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    while (!atomic_load_explicit(&ready, memory_order_relaxed))
        sched_yield();
    long v = payload; /* RACE */
    pthread_join(t, NULL);
    printf("payload %ld\n", v);
    return 0;
}
