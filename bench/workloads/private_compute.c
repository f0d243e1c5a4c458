/*
 * Workload 2 — compute on private data.
 * Each of four threads multiplies two private N×N matrices and sorts a
 * private array; no data is shared until the results are combined after
 * join. Nearly every instruction is a plain load or store the detector must
 * check, yet no check can ever find a conflict: this is the pure cost of the
 * instrumented access fast path.
 *
 *   private_compute [N]   matrix dimension (default 200; sort size 1000·N)
 *
 * bench:smoke-args 24
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef THREADS /* bench/threads.sh builds other counts */
#define THREADS 4
#endif

static int n = 200;

struct job {
    int id;
    double trace;      /* result: trace of the product */
    uint64_t sorted;   /* result: position-weighted sum of the sorted array */
};

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void *worker(void *arg)
{
    struct job *job = arg;
    size_t nn = (size_t)n * (size_t)n;
    double *a = malloc(nn * sizeof *a), *b = malloc(nn * sizeof *b), *c = calloc(nn, sizeof *c);
    for (size_t i = 0; i < nn; i++) {
        a[i] = (double)((i * 7 + (size_t)job->id) % 13) - 6.0;
        b[i] = (double)((i * 11 + 3) % 17) - 8.0;
    }
    for (int i = 0; i < n; i++)           /* i-k-j order: the usual cache-friendly loop */
        for (int k = 0; k < n; k++) {
            double aik = a[(size_t)i * n + k];
            for (int j = 0; j < n; j++)
                c[(size_t)i * n + j] += aik * b[(size_t)k * n + j];
        }
    double trace = 0;
    for (int i = 0; i < n; i++)
        trace += c[(size_t)i * n + i];

    size_t len = (size_t)n * 1000;
    uint32_t *v = malloc(len * sizeof *v);
    uint32_t x = 2463534242u + (uint32_t)job->id;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        v[i] = x;
    }
    qsort(v, len, sizeof *v, cmp_u32);
    uint64_t sum = 0;
    for (size_t i = 0; i < len; i += 97)
        sum += (uint64_t)v[i] * (i + 1);

    job->trace = trace;
    job->sorted = sum;
    free(a); free(b); free(c); free(v);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        n = atoi(argv[1]);
    pthread_t t[THREADS];
    struct job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i].id = i;
        pthread_create(&t[i], NULL, worker, &jobs[i]);
    }
    double trace = 0;
    uint64_t sorted = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        trace += jobs[i].trace;
        sorted += jobs[i].sorted;
    }
    printf("private_compute checksum=%.1f/%llu\n", trace, (unsigned long long)sorted);
    return 0;
}
