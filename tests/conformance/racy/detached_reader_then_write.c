/* Shows: main rewrites settings after a detached thread has read them.
 * Racy: a detached thread is never joined and only signals through a relaxed flag, so its read is unordered with main's write. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

struct settings {
    int verbose;
};

static struct settings settings = { 1 };
static atomic_int seen_value;
static atomic_int done;

static void *report(void *arg)
{
    (void)arg;
    int v = settings.verbose; /* RACE */
    atomic_store_explicit(&seen_value, v, memory_order_relaxed);
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, report, NULL);
    pthread_detach(t);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        sched_yield();
    settings.verbose = 2; /* RACE */
    printf("reporter saw verbose=%d\n", atomic_load_explicit(&seen_value, memory_order_relaxed));
    return 0;
}
