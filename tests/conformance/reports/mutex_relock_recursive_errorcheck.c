/* Shows: a recursive mutex locked twice by its holder, and an error-checking mutex whose second lock and
 * whose unlock by a non-holder return EDEADLK and EPERM, which the program checks.
 * Expect: nothing: both are defined behaviour of those mutex types. */
/* expect: none */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t recursive, checking;

static void *unlock_not_mine(void *arg)
{
    int *err = arg;
    *err = pthread_mutex_unlock(&checking);
    return NULL;
}

int main(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&recursive, &attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&checking, &attr);
    pthread_mutexattr_destroy(&attr);

    pthread_mutex_lock(&recursive);
    pthread_mutex_lock(&recursive);
    pthread_mutex_unlock(&recursive);
    pthread_mutex_unlock(&recursive);

    pthread_mutex_lock(&checking);
    int relock = pthread_mutex_lock(&checking);
    int foreign = 0;
    pthread_t t;
    pthread_create(&t, NULL, unlock_not_mine, &foreign);
    pthread_join(t, NULL);
    pthread_mutex_unlock(&checking);
    pthread_mutex_destroy(&recursive);
    pthread_mutex_destroy(&checking);
    printf("%s\n", relock == EDEADLK && foreign == EPERM ? "checked" : "?");
    return 0;
}
