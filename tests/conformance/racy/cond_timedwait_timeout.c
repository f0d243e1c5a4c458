/* Shows: a consumer whose pthread_cond_timedwait times out and then uses the result anyway.
 * Racy: the producer never locks or signals; a timed-out wait re-acquires only the consumer's own mutex history. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int done; /* never set: the producer forgot to */
static int result;

static void *producer(void *arg)
{
    (void)arg;
    result = 42; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    struct timespec deadline;
    int timed_out = 0;
    pthread_create(&t, NULL, producer, NULL);
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 10 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&mu);
    while (!done && !timed_out)
        timed_out = pthread_cond_timedwait(&cv, &mu, &deadline) == ETIMEDOUT;
    pthread_mutex_unlock(&mu);
    int v = result; /* RACE */
    pthread_join(t, NULL);
    printf("timed out %d, result %d\n", timed_out, v);
    return 0;
}
