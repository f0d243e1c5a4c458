/* Shows: the correct twin of racy/write_after_unlock.c: the payload is written inside the critical section.
 * Ordered by: the producer's unlock releases the payload write; the consumer's cond_wait re-acquires the mutex. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;
static int payload;

static void *producer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    payload = 42;
    ready = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    pthread_mutex_lock(&mu);
    while (!ready)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    int v = payload; /* outside the lock, but after the acquire */
    pthread_join(t, NULL);
    printf("payload %d\n", v);
    return v == 42 ? 0 : 1;
}
