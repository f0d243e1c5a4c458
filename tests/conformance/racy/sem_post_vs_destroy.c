/* Shows: a semaphore destroyed right after another thread posted it, with no wait on it.
 * Racy: sem_destroy writes the semaphore, sem_post reads it; the destroyer never waits, it only sees a relaxed flag. */
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>

static sem_t s;
static atomic_int done;

static void *poster(void *arg)
{
    (void)arg;
    sem_post(&s); /* RACE */
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    sem_init(&s, 0, 0);
    pthread_t t;
    pthread_create(&t, NULL, poster, NULL);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    sem_destroy(&s); /* RACE */
    pthread_join(t, NULL);
    return 0;
}
