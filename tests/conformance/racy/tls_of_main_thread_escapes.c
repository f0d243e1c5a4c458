/* Shows: the main thread's thread-local variable written through a pointer by another thread.
 * Racy: main publishes &main_slot with a relaxed store, so its own write to it is unordered with the worker's write through the pointer. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static _Thread_local int main_slot;
static _Atomic(int *) published;
static atomic_int worker_done;

static void *worker(void *arg)
{
    (void)arg;
    int *p;
    while ((p = atomic_load_explicit(&published, memory_order_relaxed)) == NULL)
        sched_yield();
    *p = 6; /* RACE */
    atomic_store_explicit(&worker_done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    main_slot = 5; /* RACE */
    atomic_store_explicit(&published, &main_slot, memory_order_relaxed);
    while (!atomic_load_explicit(&worker_done, memory_order_relaxed))
        sched_yield();
    pthread_join(t, NULL);
    printf("main_slot = %d\n", main_slot);
    return 0;
}
