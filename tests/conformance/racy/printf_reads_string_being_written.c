/* Shows: printf("%s") of a buffer that another thread has just written.
 * Racy: printf reads the string its %s names (as in ThreadSanitizer); only a relaxed flag orders the write first. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static char name[16];
static atomic_int done;

static void *namer(void *arg)
{
    (void)arg;
    name[0] = 'x'; /* RACE */
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, namer, NULL);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    printf("name: %s\n", name); /* RACE */
    pthread_join(t, NULL);
    return 0;
}
