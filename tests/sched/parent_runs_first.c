/* Order-dependent: the parent usually goes on running after pthread_create while the child
 * is still being scheduled.
 * Racy: main starts the worker and only then sets the worker's option, before registering
 * under `registry`; the worker sets itself up (five milliseconds), registers and
 * then reads the option. When main's unlock comes before the worker's lock (the usual order:
 * main goes straight on), the registry handoff orders the write before the read; a worker
 * that gets there first reads with no edge. */
#include <pthread.h>
#include <stdio.h>

#include "order_window.h"

static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static int registered; /* guarded by registry */
static int verbose;    /* meant to be set before the worker starts */

static void register_thread(void)
{
    pthread_mutex_lock(&registry);
    registered++;
    pthread_mutex_unlock(&registry);
}

static void *worker(void *arg)
{
    int *seen = arg;
    busy_for_us(5000);
    register_thread();
    *seen = verbose; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    int seen = -1;
    pthread_create(&t, NULL, worker, &seen);
    verbose = 1; /* RACE */
    register_thread();
    pthread_join(t, NULL);
    printf("verbose seen %d, %d registered\n", seen, registered);
    return 0;
}
