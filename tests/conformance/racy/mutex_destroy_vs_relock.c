/* Shows: a thread that locked a mutex before locks it again; the destroyer is ordered after the first lock, not the second.
 * Racy: pthread_mutex_destroy writes the mutex, the second lock reads it; only the worker's first unlock reaches main (through main's lock). */
#include <pthread.h>
#include <stdatomic.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static atomic_int step;

static void wait_step(int s)
{
    while (atomic_load_explicit(&step, memory_order_relaxed) != s)
        ;
}

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    atomic_store_explicit(&step, 1, memory_order_relaxed);
    wait_step(2);
    pthread_mutex_lock(&m); /* RACE */
    pthread_mutex_unlock(&m);
    atomic_store_explicit(&step, 3, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    wait_step(1);
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    atomic_store_explicit(&step, 2, memory_order_relaxed);
    wait_step(3);
    while (pthread_mutex_destroy(&m) != 0) /* RACE */
        ;
    pthread_join(t, NULL);
    return 0;
}
