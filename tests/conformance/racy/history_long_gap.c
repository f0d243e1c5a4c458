/* Shows: the older access of a race is followed, in its thread, by 1,000,000 unrelated accesses and 100,000 lock/unlock pairs; its stack must still be restored (from the compressed history archive).
 * Racy: the worker's write and main's write are ordered by nothing (main waits on a relaxed flag, and never takes the worker's lock). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define UNRELATED 1000000
#define LOCK_PAIRS 100000

static int shared;
static uint64_t unrelated[UNRELATED];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_count;
static atomic_int done;

static void set_shared(void)
{
    shared = 1; /* RACE */
}

static void *worker(void *arg)
{
    (void)arg;
    set_shared();
    for (uint64_t i = 0; i < UNRELATED; i++)
        unrelated[i] = i;
    for (int i = 0; i < LOCK_PAIRS; i++) {
        pthread_mutex_lock(&lock);
        locked_count++;
        pthread_mutex_unlock(&lock);
    }
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    shared = 2; /* RACE */
    pthread_join(t, NULL);
    printf("%d %ld %llu\n", shared, locked_count, (unsigned long long)unrelated[UNRELATED - 1]);
    return 0;
}
