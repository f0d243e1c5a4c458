/* Shows: pthread_mutex_timedlock timing out and the caller writing the protected state anyway.
 * Racy: a timed-out lock acquires nothing, so the write is unordered with the holder's write under the lock. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t state_mu = PTHREAD_MUTEX_INITIALIZER;
static int state;
static atomic_int held, tried;

static void *holder(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&state_mu);
    state = 1; /* RACE */
    atomic_store_explicit(&held, 1, memory_order_relaxed);
    while (!atomic_load_explicit(&tried, memory_order_relaxed))
        sched_yield();
    pthread_mutex_unlock(&state_mu);
    return NULL;
}

int main(void)
{
    pthread_t t;
    struct timespec deadline;
    pthread_create(&t, NULL, holder, NULL);
    while (!atomic_load_explicit(&held, memory_order_relaxed))
        sched_yield();
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 5 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    int rc = pthread_mutex_timedlock(&state_mu, &deadline);
    state = 2; /* RACE */
    if (rc == 0)
        pthread_mutex_unlock(&state_mu);
    atomic_store_explicit(&tried, 1, memory_order_relaxed);
    pthread_join(t, NULL);
    printf("timedlock rc=%d state=%d\n", rc, state);
    return 0;
}
