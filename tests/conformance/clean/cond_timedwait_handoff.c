/* Shows: a consumer waiting with pthread_cond_timedwait (short deadlines, re-armed on timeout) for a producer's result.
 * Ordered by: the producer writes under mu and signals; the consumer's timedwait re-acquires mu before reading. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;
static long result[4];

static void *producer(void *arg)
{
    (void)arg;
    usleep(3000); /* let the consumer time out a few times */
    pthread_mutex_lock(&mu);
    for (int i = 0; i < 4; i++)
        result[i] = 10 * (i + 1);
    ready = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(void)
{
    pthread_t t;
    int timeouts = 0;
    pthread_create(&t, NULL, producer, NULL);
    pthread_mutex_lock(&mu);
    while (!ready) {
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_nsec += 500 * 1000;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
        if (pthread_cond_timedwait(&cv, &mu, &deadline) == ETIMEDOUT)
            timeouts++;
    }
    long sum = result[0] + result[1] + result[2] + result[3];
    pthread_mutex_unlock(&mu);
    pthread_join(t, NULL);
    printf("sum %ld after %s\n", sum, timeouts ? "some timeouts" : "no timeout");
    return sum == 100 ? 0 : 1;
}
