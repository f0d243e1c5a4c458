/* Shows: closing a descriptor that another thread has just written to.
 * Racy: a use of a descriptor reads it and close writes it (as in ThreadSanitizer); only a relaxed flag orders the write first. */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

static int fds[2];
static atomic_int done;

static void *writer(void *arg)
{
    (void)arg;
    if (write(fds[1], "x", 1) != 1) /* RACE */
        return NULL;
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    if (pipe(fds) != 0)
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    close(fds[1]); /* RACE */
    pthread_join(t, NULL);
    close(fds[0]);
    return 0;
}
