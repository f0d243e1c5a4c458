/* Shows: the legacy GCC __sync builtins: a test-and-set spinlock around plain data, plus __sync counters and CAS.
 * Ordered by: __sync_lock_test_and_set is an acquire, __sync_lock_release a release; the other __sync ops are full barriers. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#define THREADS 3
#define ROUNDS 1000

static int lock_word;
static long protected_total; /* plain, guarded by lock_word */
static long stats;           /* only touched by __sync builtins */
static long max_seen;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        while (__sync_lock_test_and_set(&lock_word, 1))
            sched_yield();
        protected_total += 2;
        __sync_lock_release(&lock_word);
        long now = __sync_add_and_fetch(&stats, 1);
        long old;
        do
            old = __sync_fetch_and_add(&max_seen, 0); /* an atomic read in __sync style */
        while (now > old && !__sync_bool_compare_and_swap(&max_seen, old, now));
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("total %ld stats %ld max %ld\n", protected_total, stats, max_seen);
    return protected_total == 2L * THREADS * ROUNDS ? 0 : 1;
}
