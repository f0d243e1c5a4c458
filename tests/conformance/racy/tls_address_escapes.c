/* Shows: thread-local storage is only private while its address stays private.
 * Racy: the owner publishes &tls_hits with a relaxed store; main's read through that pointer is unordered with the owner's write. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

/* TSan disagrees on the previous access: it imitates a write of the new thread's TLS block at
 * thread start and skips the store below as same-epoch, so it names __tsan_tls_initialization. */
static _Thread_local int tls_hits;
static _Atomic(int *) published;
static atomic_int main_done; /* keeps the owner (and its TLS) alive until main has read */

static void *owner(void *arg)
{
    (void)arg;
    tls_hits = 5; /* RACE */
    atomic_store_explicit(&published, &tls_hits, memory_order_relaxed);
    while (!atomic_load_explicit(&main_done, memory_order_relaxed))
        sched_yield();
    return NULL;
}

int main(void)
{
    pthread_t t;
    int *p;
    pthread_create(&t, NULL, owner, NULL);
    while ((p = atomic_load_explicit(&published, memory_order_relaxed)) == NULL)
        sched_yield();
    int v = *p; /* RACE */
    atomic_store_explicit(&main_done, 1, memory_order_relaxed);
    pthread_join(t, NULL);
    printf("owner's tls_hits = %d\n", v);
    return 0;
}
