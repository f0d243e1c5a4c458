/* Shows: main grows a buffer with realloc while a thread that has just read it only said so with a relaxed flag.
 * Racy: realloc ends the old object's life (a write of the old block, whether or not it moves); nothing orders the reader's read before it. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_int done;
static atomic_int seen;

static void *reader(void *arg)
{
    const int *buf = arg;
    int v = buf[1]; /* RACE */
    atomic_store_explicit(&seen, v, memory_order_relaxed);
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    int *buf = malloc(4 * sizeof *buf);
    for (int i = 0; i < 4; i++)
        buf[i] = i;
    pthread_create(&t, NULL, reader, buf);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        sched_yield();
    buf = realloc(buf, 1 << 20); /* RACE */
    pthread_join(t, NULL);
    printf("reader saw %d, buf[1] = %d\n", atomic_load_explicit(&seen, memory_order_relaxed), buf[1]);
    free(buf);
    return 0;
}
