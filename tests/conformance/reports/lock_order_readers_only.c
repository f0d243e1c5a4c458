/* Shows: two rwlocks taken for reading in opposite orders by two threads.
 * Expect: nothing: readers do not exclude each other, so shared holds cannot wait for each other. */
/* expect: none */
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t a = PTHREAD_RWLOCK_INITIALIZER, b = PTHREAD_RWLOCK_INITIALIZER;
static int config[2] = {1, 2};

static void *reader(void *arg)
{
    int *sum = arg;
    pthread_rwlock_rdlock(&a);
    pthread_rwlock_rdlock(&b);
    *sum = config[0] + config[1];
    pthread_rwlock_unlock(&b);
    pthread_rwlock_unlock(&a);
    return NULL;
}

int main(void)
{
    pthread_t t;
    int s1 = 0, s2 = 0;
    pthread_create(&t, NULL, reader, &s1);
    pthread_join(t, NULL);
    pthread_rwlock_rdlock(&b);
    pthread_rwlock_rdlock(&a);
    s2 = config[0] * config[1];
    pthread_rwlock_unlock(&a);
    pthread_rwlock_unlock(&b);
    printf("%d %d\n", s1, s2);
    return 0;
}
