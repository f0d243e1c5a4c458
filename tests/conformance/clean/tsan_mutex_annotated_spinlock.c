/* Shows: a spinlock built on relaxed atomics, described with ThreadSanitizer's custom-mutex API
 * (<sanitizer/tsan_interface.h>), blocking and try-lock paths both annotated.
 * Ordered by: the annotations: pre_unlock releases into the lock, post_lock acquires it. */
#include <pthread.h>
#include <sanitizer/tsan_interface.h>
#include <stdatomic.h>
#include <stdio.h>

#define THREADS 3
#define INCREMENTS 1000

static atomic_int lock_word;
static long counter;

static void spin_lock(atomic_int *l)
{
    __tsan_mutex_pre_lock(l, 0);
    while (atomic_exchange_explicit(l, 1, memory_order_relaxed))
        ;
    __tsan_mutex_post_lock(l, 0, 0);
}

static int spin_trylock(atomic_int *l)
{
    __tsan_mutex_pre_lock(l, __tsan_mutex_try_lock);
    int ok = !atomic_exchange_explicit(l, 1, memory_order_relaxed);
    __tsan_mutex_post_lock(l, ok ? __tsan_mutex_try_lock : __tsan_mutex_try_lock_failed, 0);
    return ok;
}

static void spin_unlock(atomic_int *l)
{
    __tsan_mutex_pre_unlock(l, 0);
    atomic_store_explicit(l, 0, memory_order_relaxed);
    __tsan_mutex_post_unlock(l, 0);
}

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        if (id % 2) {
            spin_lock(&lock_word);
        } else {
            while (!spin_trylock(&lock_word))
                ;
        }
        counter++;
        spin_unlock(&lock_word);
    }
    return NULL;
}

int main(void)
{
    __tsan_mutex_create(&lock_word, 0);
    pthread_t threads[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&threads[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    __tsan_mutex_destroy(&lock_word, 0);
    printf("%ld\n", counter);
    return 0;
}
