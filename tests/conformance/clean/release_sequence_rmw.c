/* Shows: a release store followed by another thread's relaxed fetch_add on the same flag; the reader acquires the final value.
 * Ordered by: the release sequence: an RMW continues it, so the acquire load of 2 synchronizes with the first thread's release. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static long payload; /* written by the publisher only */
static atomic_int flag;

static void *publisher(void *arg)
{
    (void)arg;
    payload = 99;
    atomic_store_explicit(&flag, 1, memory_order_release);
    return NULL;
}

static void *bumper(void *arg)
{
    (void)arg;
    int expected = 1;
    /* Wait for the release store, then bump it with a relaxed RMW (part of its release sequence). */
    while (!atomic_compare_exchange_weak_explicit(&flag, &expected, 2, memory_order_relaxed,
                                                  memory_order_relaxed)) {
        expected = 1;
        sched_yield();
    }
    return NULL;
}

int main(void)
{
    pthread_t p, b;
    pthread_create(&b, NULL, bumper, NULL);
    pthread_create(&p, NULL, publisher, NULL);
    while (atomic_load_explicit(&flag, memory_order_acquire) != 2)
        sched_yield();
    long v = payload;
    pthread_join(p, NULL);
    pthread_join(b, NULL);
    printf("payload %ld\n", v);
    return v == 99 ? 0 : 1;
}
