/*
 * Workload 1 — lock-heavy counters.
 * Four threads increment shared counters, each increment under one global
 * mutex, with a few instructions of private work between critical sections:
 * the shape of a statistics block or a reference count guarded by a lock.
 * Measures the cost of modelling lock acquire/release (vector-clock joins)
 * under contention.
 *
 *   lock_counter [ITERS]   increments per thread (default 900000)
 *
 * bench:smoke-args 2000
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t counter;     /* guarded by lock */
static uint64_t weighted;    /* guarded by lock */
static long iters = 900000;

static void *worker(void *arg)
{
    uint64_t id = (uint64_t)(uintptr_t)arg;
    uint64_t local = id * 2654435761u;
    for (long i = 0; i < iters; i++) {
        local = local * 6364136223846793005ull + 1442695040888963407ull;
        pthread_mutex_lock(&lock);
        counter++;
        weighted += (local >> 33) & 0xff;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        iters = atol(argv[1]);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    if (counter != (uint64_t)THREADS * (uint64_t)iters) {
        fprintf(stderr, "lock_counter: lost updates: %llu\n", (unsigned long long)counter);
        return 1;
    }
    printf("lock_counter checksum=%llu/%llu\n", (unsigned long long)counter,
           (unsigned long long)weighted);
    return 0;
}
