/* Shows: handing a structure back and forth between two threads through a pipe, one byte per turn.
 * Ordered by: data written before write() on a pipe happens-before what follows the read() that returns those bytes. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct job {
    int id;
    long sum;
    char note[16];
};

static struct job job;
static int to_worker[2], to_main[2];

static void *worker(void *arg)
{
    (void)arg;
    char token;
    for (int round = 0; round < 100; round++) {
        if (read(to_worker[0], &token, 1) != 1)
            return NULL;
        job.sum += job.id; /* main wrote id before its write() */
        job.note[round % 15] = 'w';
        if (write(to_main[1], &token, 1) != 1)
            return NULL;
    }
    return NULL;
}

int main(void)
{
    if (pipe(to_worker) || pipe(to_main))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    char token = 'x';
    for (int round = 0; round < 100; round++) {
        job.id = round;
        job.note[round % 15] = 'm';
        if (write(to_worker[1], &token, 1) != 1 || read(to_main[0], &token, 1) != 1)
            return 1;
        if (job.sum != (long)round * (round + 1) / 2) /* the worker's update, after our read() */
            return 1;
    }
    pthread_join(t, NULL);
    printf("sum %ld\n", job.sum);
    return 0;
}
