/* Shows: the earlier access of a race is 200 calls deep in its thread and 1,000,000 accesses old; its stack, restored from the history archive, keeps the innermost frames and the thread's entry function with "..." between.
 * Racy: main waits for the worker's write through a relaxed flag (no edge), then writes the same variable. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define UNRELATED 1000000

int shared;
static uint64_t unrelated[UNRELATED];
static atomic_int written;

__attribute__((noinline)) static void recurse(int n)
{
    if (n == 0) {
        shared = 1; /* RACE */
        return;
    }
    recurse(n - 1);
    __asm__ volatile("");
}

static void *entry_of_worker(void *arg)
{
    (void)arg;
    recurse(200); /* OUTERMOST */
    /* Enough events to push the access out of the event ring. */
    for (uint64_t i = 0; i < UNRELATED; i++)
        unrelated[i] = i;
    atomic_store_explicit(&written, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, entry_of_worker, NULL);
    while (!atomic_load_explicit(&written, memory_order_relaxed))
        ;
    shared = 2; /* RACE */
    pthread_join(t, NULL);
    printf("%d %llu\n", shared, (unsigned long long)unrelated[UNRELATED - 1]);
    return 0;
}
