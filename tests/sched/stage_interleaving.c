/* Order-dependent: needs one interleaving of lock acquisitions, the watcher's between the
 * stager's two critical sections.
 * Racy: the stager publishes stage 1, fills the table, then publishes stage 2; the watcher
 * sets itself up for three milliseconds, then polls `stage` under the lock until it is at least 1
 * and reads the table. If its last poll sees stage 2 (the usual order: the stager is done in
 * microseconds, long before the watcher polls), the stager's second unlock orders the fill
 * before the read; if it sees stage 1, nothing does. */
#include <pthread.h>
#include <stdio.h>

#include "order_window.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int stage;      /* guarded by lock */
static int table[4];   /* filled in stage 1, meant to be read from stage 2 on */

static void set_stage(int s)
{
    pthread_mutex_lock(&lock);
    stage = s;
    pthread_mutex_unlock(&lock);
}

static void *stager(void *arg)
{
    (void)arg;
    set_stage(1);
    table[2] = 5; /* RACE */
    set_stage(2);
    return NULL;
}

static void *watcher(void *arg)
{
    int *seen = arg;
    int s;
    busy_for_us(3000);
    do {
        pthread_mutex_lock(&lock);
        s = stage;
        pthread_mutex_unlock(&lock);
    } while (s < 1);
    *seen = table[2]; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    int seen = -1;
    pthread_create(&a, NULL, stager, NULL);
    pthread_create(&b, NULL, watcher, &seen);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("table[2] seen %d\n", seen);
    return 0;
}
