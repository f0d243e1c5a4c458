/* Shows: a home-made spinlock built from relaxed CAS and a relaxed store.
 * Racy: mutual exclusion alone is not ordering; without acquire/release the critical sections are unordered. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int lock_word;
static long counter;

static void spin_lock(void)
{
    int expected;
    do
        expected = 0;
    while (!atomic_compare_exchange_weak_explicit(&lock_word, &expected, 1, memory_order_relaxed,
                                                  memory_order_relaxed));
}

static void spin_unlock(void)
{
    atomic_store_explicit(&lock_word, 0, memory_order_relaxed);
}

static void *worker(void *arg)
{
    (void)arg;
    spin_lock();
    counter++; /* RACE */
    spin_unlock();
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter %ld\n", counter);
    return 0;
}
