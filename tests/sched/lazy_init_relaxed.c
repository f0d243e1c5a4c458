/* Order-dependent: double-checked initialization with a relaxed flag "works" because the
 * first caller always finishes before the second arrives.
 * Racy: get_config() tests `initialized` with a relaxed load, so a caller that sees it set
 * reads `config` with no acquire. Each worker also logs under log_lock, the first after its
 * call, the second (which first sets itself up for five milliseconds) before: when the first
 * worker's log comes first (the usual order), that handoff orders the initialization before
 * the second worker's read; otherwise nothing does. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "order_window.h"

struct config {
    int verbosity;
    int retries;
};

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int initialized;
static struct config config;
static int log_lines; /* guarded by log_lock */

static int get_retries(void)
{
    if (!atomic_load_explicit(&initialized, memory_order_relaxed)) {
        pthread_mutex_lock(&init_lock);
        if (!atomic_load_explicit(&initialized, memory_order_relaxed)) {
            config.retries = 3; /* RACE */
            atomic_store_explicit(&initialized, 1, memory_order_relaxed);
        }
        pthread_mutex_unlock(&init_lock);
        return config.retries;
    }
    return config.retries; /* RACE */
}

static void log_line(void)
{
    pthread_mutex_lock(&log_lock);
    log_lines++;
    pthread_mutex_unlock(&log_lock);
}

static void *first(void *arg)
{
    int *r = arg;
    *r = get_retries();
    log_line();
    return NULL;
}

static void *second(void *arg)
{
    int *r = arg;
    busy_for_us(5000);
    log_line();
    *r = get_retries();
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    int ra = 0, rb = 0;
    pthread_create(&a, NULL, first, &ra);
    pthread_create(&b, NULL, second, &rb);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("retries %d %d, %d log lines\n", ra, rb, log_lines);
    return 0;
}
