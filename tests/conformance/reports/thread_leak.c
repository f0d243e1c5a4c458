/* Shows: a joinable thread that finishes and is never joined nor detached.
 * Expect: thread-leak, naming where the thread was created. */
/* expect: thread-leak */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static atomic_int worker_tid;

static void *worker(void *arg)
{
    atomic_store(&worker_tid, gettid());
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL); /* REPORT */
    while (!atomic_load(&worker_tid))
        usleep(1000);
    /* The thread has finished once the kernel forgot its task. */
    char path[64];
    struct stat st;
    snprintf(path, sizeof path, "/proc/self/task/%d", atomic_load(&worker_tid));
    while (stat(path, &st) == 0)
        usleep(1000);
    puts("done");
    return 0;
}
