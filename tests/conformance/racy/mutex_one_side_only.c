/* Shows: a lock that only the writer takes.
 * Racy: main reads `total` without locking, so the writer's unlock never orders anything before main's read. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t total_mu = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *deposit(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&total_mu);
    total += 5; /* RACE */
    pthread_mutex_unlock(&total_mu);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, deposit, NULL);
    long seen = total; /* RACE */
    pthread_join(t, NULL);
    printf("seen %ld, final %ld\n", seen, total);
    return 0;
}
