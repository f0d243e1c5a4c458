/* Shows: the correct twin of racy/spinlock_relaxed_orders.c: CAS with acquire to lock, store with release to unlock.
 * Ordered by: the unlocking release store is read by the next successful acquire CAS, which synchronizes with it. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#define THREADS 3
#define ROUNDS 1000

static atomic_int lock_word;
static long counter;

static void spin_lock(void)
{
    int expected;
    for (;;) {
        expected = 0;
        if (atomic_compare_exchange_weak_explicit(&lock_word, &expected, 1, memory_order_acquire,
                                                  memory_order_relaxed))
            return;
        sched_yield();
    }
}

static void spin_unlock(void)
{
    atomic_store_explicit(&lock_word, 0, memory_order_release);
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        spin_lock();
        counter++;
        spin_unlock();
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
    printf("counter %ld\n", counter);
    return counter == THREADS * ROUNDS ? 0 : 1;
}
