/* Shows: a mutex destroyed right after another thread locked and unlocked it, with no edge from that unlock.
 * Racy: pthread_mutex_destroy writes the mutex, lock and unlock read it (one line: either may be named); the destroyer never locks it. */
#include <pthread.h>
#include <stdatomic.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static atomic_int done;

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m), pthread_mutex_unlock(&m); /* RACE */
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    while (pthread_mutex_destroy(&m) != 0) /* RACE */
        ;
    pthread_join(t, NULL);
    return 0;
}
