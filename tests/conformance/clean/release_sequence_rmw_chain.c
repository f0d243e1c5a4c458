/* Shows: a release store heads a flag's release sequence; other threads continue it with relaxed and acq_rel read-modify-writes, each publishing its own data.
 * Ordered by: every read-modify-write continues the sequence, so the final acquire load synchronizes with the release store and with every releasing RMW. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define BUMPERS 4

static long head_data;
static long bumper_data[BUMPERS];
static atomic_int flag;

static void *head(void *arg)
{
    (void)arg;
    head_data = 1;
    atomic_store_explicit(&flag, 1, memory_order_release);
    return NULL;
}

static void *bumper(void *arg)
{
    int i = (int)(long)arg;
    bumper_data[i] = i + 10;
    /* After the head's store (value 1 or more): join the sequence. */
    int seen = 0;
    while (!seen) {
        int cur = atomic_load_explicit(&flag, memory_order_relaxed);
        if (cur >= 1)
            seen = atomic_compare_exchange_weak_explicit(&flag, &cur, cur + 1,
                                                         i % 2 ? memory_order_relaxed : memory_order_acq_rel,
                                                         memory_order_relaxed);
    }
    if (i % 2)
        atomic_fetch_add_explicit(&flag, 0, memory_order_release);
    return NULL;
}

int main(void)
{
    pthread_t h, b[BUMPERS];
    for (long i = 0; i < BUMPERS; i++)
        pthread_create(&b[i], NULL, bumper, (void *)i);
    pthread_create(&h, NULL, head, NULL);
    while (atomic_load_explicit(&flag, memory_order_acquire) != 1 + BUMPERS)
        ;
    /* The last value carries the head's release and each bumper's (the odd ones released with their fetch_add, which may come after; wait for the joins). */
    long sum = head_data;
    pthread_join(h, NULL);
    for (int i = 0; i < BUMPERS; i++) {
        pthread_join(b[i], NULL);
        sum += bumper_data[i];
    }
    printf("%ld\n", sum);
    return 0;
}
