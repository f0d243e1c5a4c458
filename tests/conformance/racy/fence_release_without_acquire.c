/* Shows: a release fence before a relaxed flag store, but the reader has no acquire fence after its relaxed load.
 * Racy: a release fence only pairs with an acquire (fence or load); the relaxed load alone joins no clock, so payload stays unordered. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static long payload;
static atomic_int ready;

static void *producer(void *arg)
{
    (void)arg;
    payload = 4321; /* RACE */
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
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
