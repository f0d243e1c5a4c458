/* Shows: pthread_mutex_timedlock with a generous deadline guarding shared state; a timeout is handled without touching it.
 * Ordered by: a successful timedlock acquires like lock; the unlock releases to the next owner. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define THREADS 3
#define ROUNDS 300

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *worker(void *arg)
{
    (void)arg;
    long timeouts = 0;
    for (int i = 0; i < ROUNDS; i++) {
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += 5;
        if (pthread_mutex_timedlock(&mu, &deadline) == ETIMEDOUT) {
            timeouts++; /* local only */
            continue;
        }
        total += 1;
        pthread_mutex_unlock(&mu);
    }
    return (void *)timeouts;
}

int main(void)
{
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("total %ld\n", total);
    return total == THREADS * ROUNDS ? 0 : 1;
}
