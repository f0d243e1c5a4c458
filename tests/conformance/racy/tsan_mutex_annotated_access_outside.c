/* Shows: a spinlock annotated with ThreadSanitizer's custom-mutex API still lets a race through.
 * Why a race: main increments without taking the lock; nothing orders that write with the worker's. */
#include <pthread.h>
#include <sanitizer/tsan_interface.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int lock_word;
static long counter;

static void spin_lock(atomic_int *l)
{
    __tsan_mutex_pre_lock(l, 0);
    while (atomic_exchange_explicit(l, 1, memory_order_relaxed))
        ;
    __tsan_mutex_post_lock(l, 0, 0);
}

static void spin_unlock(atomic_int *l)
{
    __tsan_mutex_pre_unlock(l, 0);
    atomic_store_explicit(l, 0, memory_order_relaxed);
    __tsan_mutex_post_unlock(l, 0);
}

static void *worker(void *arg)
{
    (void)arg;
    spin_lock(&lock_word);
    counter += 2; /* RACE */
    spin_unlock(&lock_word);
    return NULL;
}

int main(void)
{
    __tsan_mutex_create(&lock_word, 0);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    counter += 1; /* RACE */
    pthread_join(t, NULL);
    __tsan_mutex_destroy(&lock_word, 0);
    printf("%ld\n", counter);
    return 0;
}
