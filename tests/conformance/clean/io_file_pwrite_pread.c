/* Shows: a worker that appends a record to a regular file with pwrite() while the main thread polls the file with pread() until it appears, then reads the worker's results.
 * Ordered by: data written before a write to a file happens-before what follows a read that returns those bytes (the same inode). */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int fd;
static long results[8];

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 8; i++)
        results[i] = 100 + i;
    int done = 1;
    if (pwrite(fd, &done, sizeof done, 4096) != (ssize_t)sizeof done)
        return NULL;
    return NULL;
}

int main(void)
{
    char path[] = "/tmp/racetest-pread-XXXXXX";
    fd = mkstemp(path);
    if (fd < 0)
        return 1;
    unlink(path);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    int done = 0;
    while (pread(fd, &done, sizeof done, 4096) != (ssize_t)sizeof done || !done)
        sched_yield();
    long sum = 0;
    for (int i = 0; i < 8; i++)
        sum += results[i];
    results[0] = 0; /* ours now */
    pthread_join(t, NULL);
    printf("sum %ld\n", sum);
    return sum == 828 ? 0 : 1;
}
