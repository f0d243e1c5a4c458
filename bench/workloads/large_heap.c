/*
 * Workload 9 — a large working set.
 * Four threads each fill a private 12 MiB array and stream over it a few
 * times (a running-sum and a stencil pass), 48 MiB of application heap in
 * all. The other workloads fit in a few MiB, where a detector's fixed
 * footprint dominates their memory ratio; here shadow memory proportional to
 * the application's (TSan v2: 4×, v3: 2× plus metadata) is what shows.
 *
 *   large_heap [MIB]   MiB per thread (default 12)
 *
 * bench:smoke-args 1
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define PASSES 2

static size_t mib = 12;

struct job {
    unsigned id;
    uint64_t sum;
};

static void *worker(void *arg)
{
    struct job *job = arg;
    size_t n = mib * 1024 * 1024 / sizeof(uint64_t);
    uint64_t *a = malloc(n * sizeof *a);
    if (!a)
        return NULL;
    for (size_t i = 0; i < n; i++)
        a[i] = i * 2654435761u + job->id;
    for (int p = 0; p < PASSES; p++) {
        for (size_t i = 1; i < n; i++)          /* running sum */
            a[i] += a[i - 1] >> 7;
        for (size_t i = 1; i + 1 < n; i += 2)   /* stencil on the odd elements */
            a[i] = (a[i - 1] + 2 * a[i] + a[i + 1]) >> 2;
    }
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i += 61)
        sum += a[i];
    free(a);
    job->sum = sum;
    return job;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        mib = (size_t)atol(argv[1]);
    pthread_t t[THREADS];
    struct job jobs[THREADS];
    for (unsigned i = 0; i < THREADS; i++) {
        jobs[i].id = i;
        pthread_create(&t[i], NULL, worker, &jobs[i]);
    }
    uint64_t sum = 0;
    int failed = 0;
    for (int i = 0; i < THREADS; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        if (!ret)
            failed = 1;
        sum += jobs[i].sum;
    }
    if (failed) {
        fprintf(stderr, "large_heap: out of memory\n");
        return 1;
    }
    printf("large_heap checksum=%llu\n", (unsigned long long)sum);
    return 0;
}
