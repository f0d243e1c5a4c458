/* Shows: threads claiming distinct slots of a results array with a relaxed atomic ticket counter.
 * Ordered by: the RMW hands every ticket out once, so each slot has one writer; join orders the slots before main reads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define THREADS 4
#define SLOTS 4000

static atomic_int next_ticket;
static int results[SLOTS];

static void *worker(void *arg)
{
    int mine = (int)(long)arg;
    for (;;) {
        int ticket = atomic_fetch_add_explicit(&next_ticket, 1, memory_order_relaxed);
        if (ticket >= SLOTS)
            return NULL;
        results[ticket] = ticket * 2 + mine * 0;
    }
}

int main(void)
{
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    long sum = 0;
    for (int i = 0; i < SLOTS; i++)
        sum += results[i];
    printf("sum %ld\n", sum);
    return sum == (long)SLOTS * (SLOTS - 1) ? 0 : 1;
}
