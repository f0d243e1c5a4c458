/* Shows: publishing plain data through a flag stored and loaded with memory_order_relaxed.
 * Racy: relaxed atomics create no happens-before, so the data write and the read after the flag stay unordered. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static int data;
static atomic_int ready;

static void *producer(void *arg)
{
    (void)arg;
    data = 42; /* RACE */
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    while (!atomic_load_explicit(&ready, memory_order_relaxed))
        sched_yield();
    int v = data; /* RACE */
    pthread_join(t, NULL);
    printf("data = %d\n", v);
    return 0;
}
