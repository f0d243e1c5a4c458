/* Shows: a PTHREAD_MUTEX_ERRORCHECK mutex: relocking it from its owner fails with EDEADLK, and it still orders data.
 * Ordered by: the successful lock/unlock pairs; the failing calls neither acquire nor release anything. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#define THREADS 3

static pthread_mutex_t mu;
static long total;
static int misuse_ok = 1; /* written under mu */

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 300; i++) {
        pthread_mutex_lock(&mu);
        if (i == 0 && pthread_mutex_lock(&mu) != EDEADLK)
            misuse_ok = 0;
        total += 1;
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

int main(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&mu, &attr);
    pthread_mutexattr_destroy(&attr);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_mutex_destroy(&mu);
    printf("total %ld edeadlk %d\n", total, misuse_ok);
    return total == THREADS * 300 && misuse_ok ? 0 : 1;
}
