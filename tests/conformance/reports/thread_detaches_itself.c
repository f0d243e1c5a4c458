/* Shows: threads that detach themselves (pthread_detach(pthread_self()), as libgomp's nested-team threads do), one after the other so that the second may reuse the first's pthread_t.
 * Expect: nothing: a thread that detached itself is not a leak. */
/* expect: none */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static atomic_int worker_tid;

static void *worker(void *arg)
{
    pthread_detach(pthread_self());
    atomic_store(&worker_tid, gettid());
    return arg;
}

/* Starts a self-detaching worker and waits until the kernel forgot it:
 * its descriptor (and so its pthread_t) may then go to the next thread. */
static void run_one(void)
{
    pthread_t t;
    atomic_store(&worker_tid, 0);
    pthread_create(&t, NULL, worker, NULL);
    while (!atomic_load(&worker_tid))
        usleep(1000);
    char path[64];
    struct stat st;
    snprintf(path, sizeof path, "/proc/self/task/%d", atomic_load(&worker_tid));
    while (stat(path, &st) == 0)
        usleep(1000);
}

int main(void)
{
    run_one();
    run_one();
    puts("done");
    return 0;
}
