/* Shows: publishing plain data with a release fence before a relaxed flag store, consumed by a relaxed load followed by an acquire fence.
 * Ordered by: C11 7.17.4: the release fence synchronizes-with the acquire fence, since the relaxed load read the value stored after the release fence. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

struct config {
    int port;
    char host[24];
};

static struct config config;
static atomic_int ready;

static void *publisher(void *arg)
{
    (void)arg;
    config.port = 8080;
    snprintf(config.host, sizeof config.host, "localhost");
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&ready, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, publisher, NULL);
    while (!atomic_load_explicit(&ready, memory_order_relaxed))
        sched_yield();
    atomic_thread_fence(memory_order_acquire);
    int port = config.port;
    printf("%s:%d\n", config.host, port);
    pthread_join(t, NULL);
    return 0;
}
