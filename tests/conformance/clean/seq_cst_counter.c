/* Shows: seq_cst atomic counters, plus a seq_cst "finished" count through which detached threads hand over plain results.
 * Ordered by: atomics never race with atomics; each partial[] write precedes its thread's RMW on finished, which main's load reads. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define THREADS 4

static atomic_long hits;
static atomic_int finished;
static long partial[THREADS]; /* plain */

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    long mine = 0;
    for (int i = 0; i < 1000; i++)
        mine += atomic_fetch_add(&hits, 1) >= 0;
    partial[id] = mine;
    atomic_fetch_add(&finished, 1); /* seq_cst RMW: releases, and continues the others' release sequences */
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
        pthread_detach(t[i]);
    }
    while (atomic_load(&finished) != THREADS)
        sched_yield();
    long sum = 0;
    for (int i = 0; i < THREADS; i++)
        sum += partial[i];
    printf("hits %ld sum %ld\n", atomic_load(&hits), sum);
    return sum == THREADS * 1000 ? 0 : 1;
}
