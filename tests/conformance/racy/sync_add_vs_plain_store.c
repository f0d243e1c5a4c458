/* Shows: a statistics counter bumped with __sync_fetch_and_add but reset with a plain store.
 * Racy: the reset is not atomic, so it conflicts with the atomic add; nothing orders the two. */
#include <pthread.h>
#include <stdio.h>

static long hits;

static void *hit(void *arg)
{
    (void)arg;
    long before = __sync_fetch_and_add(&hits, 1); /* RACE */
    return (void *)before;
}

int main(void)
{
    pthread_t t;
    void *before;
    pthread_create(&t, NULL, hit, NULL);
    hits = 0; /* RACE */
    pthread_join(t, &before);
    printf("before %ld, now %ld\n", (long)before, hits);
    return 0;
}
