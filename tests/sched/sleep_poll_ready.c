/* Order-dependent, separated by sleeps: a consumer polls a flag with a sleep between looks.
 * Racy: the producer writes `result` and then, 1 ms later (usleep), sets `ready` under the
 * lock; the consumer sleeps 2 ms once, then takes the lock to look at `ready` (relaxed
 * polling in a loop after that would be fine) and reads `result` whatever it saw: it
 * assumes two milliseconds are always enough. In plain runs the producer's unlock precedes
 * the consumer's first lock, which orders the write before the read. The race shows only
 * when the consumer looks before the producer has published. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int ready;  /* guarded by lock */
static int result; /* published by ready... in the usual order only */

static void *producer(void *arg)
{
    (void)arg;
    result = 7; /* RACE */
    usleep(1000);
    pthread_mutex_lock(&lock);
    ready = 1;
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *consumer(void *arg)
{
    int *seen = arg;
    usleep(2000);
    pthread_mutex_lock(&lock);
    int r = ready;
    pthread_mutex_unlock(&lock);
    *seen = result + r; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t p, c;
    int seen = 0;
    pthread_create(&p, NULL, producer, NULL);
    pthread_create(&c, NULL, consumer, &seen);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("seen %d\n", seen);
    return 0;
}
