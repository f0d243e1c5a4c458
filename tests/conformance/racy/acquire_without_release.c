/* Shows: message passing where the reader loads the flag with acquire but the writer stores it relaxed.
 * Racy: an acquire synchronizes only with a release; the relaxed store publishes nothing, so data stays unordered. */
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
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    while (!atomic_load_explicit(&ready, memory_order_acquire))
        sched_yield();
    long v = payload; /* RACE */
    pthread_join(t, NULL);
    printf("payload %ld\n", v);
    return 0;
}
