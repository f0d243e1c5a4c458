/* Order-dependent: the first worker usually finishes before the second starts.
 * Racy: the first worker sets `config` without a lock, then logs under log_lock; the second
 * logs, then reads `config`. Main prepares the second worker's job for five milliseconds after
 * starting the first, whose whole job takes microseconds: the first worker's unlock precedes
 * the second's lock, and that incidental handoff orders the write before the read. The race
 * shows only when the first worker is milliseconds late. */
#include <pthread.h>
#include <stdio.h>

#include "order_window.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_lines;  /* guarded by log_lock */
static int config;     /* meant to be set before the threads start */

static void log_line(void)
{
    pthread_mutex_lock(&log_lock);
    log_lines++;
    pthread_mutex_unlock(&log_lock);
}

static void *first(void *arg)
{
    (void)arg;
    config = 42; /* RACE */
    log_line();
    return NULL;
}

static void *second(void *arg)
{
    int *seen = arg;
    log_line();
    *seen = config; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    int seen = 0;
    pthread_create(&a, NULL, first, NULL);
    busy_for_us(5000);
    pthread_create(&b, NULL, second, &seen);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("config seen %d, %d log lines\n", seen, log_lines);
    return 0;
}
