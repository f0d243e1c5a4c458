/* Shows: threads that are never joined, detached on purpose (pthread_detach, and a detached attribute).
 * Expect: nothing: a detached thread is not a leak. */
/* expect: none */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_int finished;

static void *worker(void *arg)
{
    (void)arg;
    atomic_fetch_add(&finished, 1);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_detach(t1);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_create(&t2, &attr, worker, NULL);
    pthread_attr_destroy(&attr);
    while (atomic_load(&finished) < 2)
        usleep(1000);
    usleep(20000);
    puts("done");
    return 0;
}
