/* Shows: a C11 atomic_flag spinlock (test_and_set with acquire, clear with release) around a plain struct.
 * Ordered by: clear(release) synchronizes with the next test_and_set(acquire) that finds the flag clear. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#define THREADS 3
#define ROUNDS 1000

static atomic_flag busy = ATOMIC_FLAG_INIT;
static struct {
    long a, b;
} pair;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        while (atomic_flag_test_and_set_explicit(&busy, memory_order_acquire))
            sched_yield();
        pair.a++;
        pair.b = pair.a * 2;
        atomic_flag_clear_explicit(&busy, memory_order_release);
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
    printf("a %ld b %ld\n", pair.a, pair.b);
    return pair.a == THREADS * ROUNDS && pair.b == 2 * pair.a ? 0 : 1;
}
