/* Shows: a consumer reads a statistic, then polls a queue with lock/unlock 200,000 times before the producer's racing write; the consumer's stack must still be restored.
 * Racy: the producer waits for the poll count through a relaxed counter and writes before it takes the queue's lock, so nothing orders the two accesses. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define POLLS 200000

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int queue_len;
static int dropped;                 /* meant to be under queue_lock */
static atomic_int polls;

static int queue_peek(void)
{
    pthread_mutex_lock(&queue_lock);
    int n = queue_len;
    pthread_mutex_unlock(&queue_lock);
    return n;
}

static void *consumer(void *arg)
{
    (void)arg;
    int seen = dropped; /* RACE */
    while (queue_peek() == 0)
        atomic_fetch_add_explicit(&polls, 1, memory_order_relaxed);
    return (void *)(long)seen;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, consumer, NULL);
    while (atomic_load_explicit(&polls, memory_order_relaxed) < POLLS)
        ;
    dropped = 1; /* RACE */
    pthread_mutex_lock(&queue_lock);
    queue_len = 1;
    pthread_mutex_unlock(&queue_lock);
    void *seen;
    pthread_join(t, &seen);
    printf("%ld\n", (long)seen);
    return 0;
}
