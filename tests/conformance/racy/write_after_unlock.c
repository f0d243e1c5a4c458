/* Shows: a producer that signals "ready" under the mutex but writes the payload after unlocking.
 * Racy: the unlock releases only what came before it; the later payload write is unordered with the consumer's read. */
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
    ready = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    payload = 42; /* RACE */
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
    int v = payload; /* RACE */
    pthread_join(t, NULL);
    printf("payload %d\n", v);
    return 0;
}
