/* Order-dependent: the consumer's wake-up is slower than the producer's late write.
 * Racy: the producer signals `ready`, and only after the handoff writes the payload, then
 * counts the message under the same lock. The consumer wakes, prepares for three milliseconds,
 * then reads the count under the lock and the payload. The producer's tail
 * takes well under a microsecond, so its second unlock usually precedes the consumer's second
 * lock and orders the write before the read; a producer delayed after the handoff exposes
 * the race. */
#include <pthread.h>
#include <stdio.h>

#include "order_window.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready, produced; /* guarded by lock */
static int payload;         /* meant to be written before `ready` */

static void *producer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    ready = 1;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
    payload = 99; /* RACE */
    pthread_mutex_lock(&lock);
    produced++;
    pthread_mutex_unlock(&lock);
    return NULL;
}

struct seen {
    int count, payload;
};

static void *consumer(void *arg)
{
    struct seen *seen = arg;
    pthread_mutex_lock(&lock);
    while (!ready)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    busy_for_us(3000);
    pthread_mutex_lock(&lock);
    seen->count = produced;
    pthread_mutex_unlock(&lock);
    seen->payload = payload; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t c, p;
    struct seen seen = {-1, -1};
    pthread_create(&c, NULL, consumer, &seen);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("payload seen %d, %d produced\n", seen.payload, seen.count);
    return 0;
}
