/* Shows: a barrier initialized while another thread already waits on it.
 * Racy: pthread_barrier_init writes the barrier, pthread_barrier_wait reads it; only a relaxed flag orders the init first. */
#include <pthread.h>
#include <stdatomic.h>

static pthread_barrier_t b;
static atomic_int ready;

static void *waiter(void *arg)
{
    (void)arg;
    while (!atomic_load_explicit(&ready, memory_order_relaxed))
        ;
    pthread_barrier_wait(&b); /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    pthread_barrier_init(&b, NULL, 1); /* RACE */
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
    pthread_join(t, NULL);
    pthread_barrier_destroy(&b);
    return 0;
}
