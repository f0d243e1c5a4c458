/* Order-dependent, separated by a sleep: the consumer naps a millisecond after the handoff.
 * Racy: the producer publishes `ready` under the lock and signals, and only after the handoff
 * writes the payload, then counts the message under the same lock. The consumer wakes, sleeps
 * 1 ms ("the producer is done by then"), reads the count under the lock, then the payload.
 * The producer's second unlock precedes the consumer's second lock in almost every plain run
 * and orders the write before the read; the race shows only when the producer is more than
 * the sleep late after signaling. Under sched=pct the sleep takes no real time. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

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
    payload = 7; /* RACE */
    pthread_mutex_lock(&lock);
    produced++;
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *consumer(void *arg)
{
    int *seen = arg;
    pthread_mutex_lock(&lock);
    while (!ready)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    usleep(1000);
    pthread_mutex_lock(&lock);
    seen[0] = produced;
    pthread_mutex_unlock(&lock);
    seen[1] = payload; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t c, p;
    int seen[2] = {-1, -1};
    pthread_create(&c, NULL, consumer, seen);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("payload seen %d, %d produced\n", seen[1], seen[0]);
    return 0;
}
