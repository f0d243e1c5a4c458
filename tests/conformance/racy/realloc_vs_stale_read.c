/* Shows: a thread reads a buffer through a pointer taken before main grew the buffer with realloc.
 * Racy: realloc ends the old object's life (a write of the old block, whether or not it moves); main tells the reader with a relaxed flag only, so the realloc does not happen-before the stale read. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_int grown;
static atomic_int seen;

static void *reader(void *arg)
{
    const int *stale = arg;
    while (!atomic_load_explicit(&grown, memory_order_relaxed))
        sched_yield();
    int v = stale[1]; /* RACE */
    atomic_store_explicit(&seen, v, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    int *buf = malloc(4 * sizeof *buf);
    for (int i = 0; i < 4; i++)
        buf[i] = i;
    pthread_create(&t, NULL, reader, buf);
    buf = realloc(buf, 1 << 20); /* RACE */
    atomic_store_explicit(&grown, 1, memory_order_relaxed);
    pthread_join(t, NULL);
    printf("reader done, buf[1] = %d\n", buf[1]);
    free(buf);
    return 0;
}
