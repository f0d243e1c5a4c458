/* Shows: threads joined by pthread_join, pthread_tryjoin_np, pthread_timedjoin_np, pthread_clockjoin_np
 * and thrd_join, each after it finished.
 * Expect: nothing: a joined thread is not a leak, whichever call joined it. */
/* expect: none */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

static void *worker(void *arg)
{
    return arg;
}

static int c11_worker(void *arg)
{
    (void)arg;
    return 0;
}

static struct timespec in_one_second(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    ts.tv_sec++;
    return ts;
}

int main(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    pthread_join(t[0], NULL);
    while (pthread_tryjoin_np(t[1], NULL) == EBUSY)
        usleep(1000);
    struct timespec rt = in_one_second(CLOCK_REALTIME), mono = in_one_second(CLOCK_MONOTONIC);
    int timed = pthread_timedjoin_np(t[2], NULL, &rt);
    int clocked = pthread_clockjoin_np(t[3], NULL, CLOCK_MONOTONIC, &mono);
    thrd_t c;
    thrd_create(&c, c11_worker, NULL);
    thrd_join(c, NULL);
    printf("%s\n", timed == 0 && clocked == 0 ? "joined" : "?");
    return 0;
}
