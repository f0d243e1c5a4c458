/* Shows: a mutex initialized while another thread already locks it.
 * Racy: pthread_mutex_init writes the mutex and a lock reads it (as in ThreadSanitizer); only a relaxed flag orders the init first. */
#include <pthread.h>
#include <stdatomic.h>

static pthread_mutex_t m;
static atomic_int ready;

static void *locker(void *arg)
{
    (void)arg;
    while (!atomic_load_explicit(&ready, memory_order_relaxed))
        ;
    pthread_mutex_lock(&m); /* RACE */
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, locker, NULL);
    pthread_mutex_init(&m, NULL); /* RACE */
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
    pthread_join(t, NULL);
    return 0;
}
