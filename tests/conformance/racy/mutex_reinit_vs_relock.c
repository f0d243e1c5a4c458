/* Shows: a mutex re-initialized by one thread while another, which used it before, locks it again.
 * Racy: pthread_mutex_init writes the mutex, the second lock reads it; the init is ordered after the worker's first lock (main locked the mutex since), and nothing orders the init before the second. */
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
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    wait_step(1);
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    pthread_mutex_init(&m, NULL); /* RACE */
    atomic_store_explicit(&step, 2, memory_order_relaxed);
    pthread_join(t, NULL);
    return 0;
}
