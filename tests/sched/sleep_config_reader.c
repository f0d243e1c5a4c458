/* Order-dependent, separated by a sleep: the reader waits a millisecond before it starts.
 * Racy: the writer sets `config` without a lock, then logs under log_lock; the reader sleeps
 * 1 ms (giving the writer "time to finish"), logs, then reads `config`. The writer's unlock
 * precedes the reader's lock in almost every plain run, and that incidental handoff orders
 * the write before the read. The race shows only when the writer is more than the sleep
 * late. Under sched=pct the sleep takes no real time (virtual time): whether the reader or
 * the writer goes on first is the schedule's choice. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_lines; /* guarded by log_lock */
static int config;    /* meant to be set before the reader starts */

static void log_line(void)
{
    pthread_mutex_lock(&log_lock);
    log_lines++;
    pthread_mutex_unlock(&log_lock);
}

static void *writer(void *arg)
{
    (void)arg;
    config = 42; /* RACE */
    log_line();
    return NULL;
}

static void *reader(void *arg)
{
    int *seen = arg;
    usleep(1000);
    log_line();
    *seen = config; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t w, r;
    int seen = 0;
    pthread_create(&w, NULL, writer, NULL);
    pthread_create(&r, NULL, reader, &seen);
    pthread_join(w, NULL);
    pthread_join(r, NULL);
    printf("config seen %d, %d log lines\n", seen, log_lines);
    return 0;
}
