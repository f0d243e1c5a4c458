/* Shows: snprintf into a buffer that another thread has just read.
 * Racy: snprintf writes the bytes it produced into its destination; only a relaxed flag orders the read first. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static char line[32];
static char first; /* the reader's copy, read by main after the join */
static atomic_int done;

static void *reader(void *arg)
{
    (void)arg;
    first = line[0]; /* RACE */
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(int argc, char **argv)
{
    (void)argv;
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    snprintf(line, sizeof line, "argc=%d", argc); /* RACE */
    pthread_join(t, NULL);
    return first;
}
