/* A thread dies holding a robust mutex, after writing the data it guards.
 * The next lock returns EOWNERDEAD and gives the lock: it orders the locker after the dead owner. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m;
static int data;
static int holding;

static void *owner(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    data = 42;
    __atomic_store_n(&holding, 1, __ATOMIC_RELAXED);
    return NULL; /* ends without unlocking */
}

int main(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&m, &attr);
    pthread_t t;
    pthread_create(&t, NULL, owner, NULL);
    while (!__atomic_load_n(&holding, __ATOMIC_RELAXED))
        ;
    if (pthread_mutex_lock(&m) != EOWNERDEAD)
        return 1;
    pthread_mutex_consistent(&m);
    printf("%d\n", data);
    pthread_mutex_unlock(&m);
    pthread_join(t, NULL);
    return 0;
}
