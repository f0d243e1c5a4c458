/* Shows: thread 1 publishes data with a release store to a flag; thread 2 then stores to the flag itself; main acquires thread 2's value and reads the data.
 * Racy: only read-modify-writes continue a release sequence; thread 2's store starts a new one, so main synchronizes with thread 2 only, never with thread 1. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static long data;
static atomic_int flag;

static void *publisher(void *arg)
{
    (void)arg;
    data = 42; /* RACE */
    atomic_store_explicit(&flag, 1, memory_order_release);
    return NULL;
}

static void *overwriter(void *arg)
{
    (void)arg;
    while (atomic_load_explicit(&flag, memory_order_relaxed) != 1)
        ;
    atomic_store_explicit(&flag, 2, memory_order_release);
    return NULL;
}

int main(void)
{
    pthread_t p, o;
    pthread_create(&o, NULL, overwriter, NULL);
    pthread_create(&p, NULL, publisher, NULL);
    /* Wait with relaxed loads (an acquire load of 1 would synchronize
     * with the publisher), then acquire the value 2. */
    while (atomic_load_explicit(&flag, memory_order_relaxed) != 2)
        ;
    if (atomic_load_explicit(&flag, memory_order_acquire) != 2)
        return 1;
    printf("%ld\n", data); /* RACE */
    pthread_join(p, NULL);
    pthread_join(o, NULL);
    return 0;
}
