/*
 * Workload 11 — a 1 GB heap: four threads each fill their quarter of 1 GiB
 * of heap blocks (1 MiB each, written once in 8-byte words), hand them over
 * through a barrier, and read a neighbour's quarter. Shadow memory is
 * proportional to the heap: this is where a detector's bytes of shadow per
 * application byte decide its peak RSS, and its page-fault and bandwidth
 * cost its time.
 *
 *   gig_heap [MIB]   heap size in MiB (default 1024)
 *
 * bench:smoke-args 8
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define BLOCK_WORDS ((1u << 20) / sizeof(uint64_t))

static uint64_t **blocks;
static size_t nblocks;
static pthread_barrier_t handoff;
static uint64_t sums[THREADS];

static void *worker(void *arg)
{
    size_t id = (size_t)arg, per = nblocks / THREADS;
    for (size_t b = id * per; b < (id + 1) * per; b++) {
        uint64_t *p = blocks[b];
        for (size_t i = 0; i < BLOCK_WORDS; i++)
            p[i] = b * BLOCK_WORDS + i;
    }
    pthread_barrier_wait(&handoff);
    size_t other = (id + 1) % THREADS;
    uint64_t sum = 0;
    for (size_t b = other * per; b < (other + 1) * per; b++) {
        const uint64_t *p = blocks[b];
        for (size_t i = 0; i < BLOCK_WORDS; i += 8)
            sum += p[i] ^ (sum >> 3);
    }
    sums[id] = sum;
    return NULL;
}

int main(int argc, char **argv)
{
    long mib = argc > 1 ? atol(argv[1]) : 1024;
    if (mib < THREADS) {
        fprintf(stderr, "usage: gig_heap [MIB >= %d]\n", THREADS);
        return 2;
    }
    nblocks = (size_t)mib / THREADS * THREADS;
    blocks = malloc(nblocks * sizeof *blocks);
    for (size_t b = 0; b < nblocks; b++)
        if (!(blocks[b] = malloc(BLOCK_WORDS * sizeof(uint64_t)))) {
            fprintf(stderr, "gig_heap: out of memory\n");
            return 1;
        }
    pthread_barrier_init(&handoff, NULL, THREADS);
    pthread_t th[THREADS];
    for (size_t i = 0; i < THREADS; i++)
        pthread_create(&th[i], NULL, worker, (void *)i);
    uint64_t total = 0;
    for (size_t i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        total ^= sums[i];
    }
    for (size_t b = 0; b < nblocks; b++)
        free(blocks[b]);
    free(blocks);
    printf("gig_heap checksum=%016llx\n", (unsigned long long)total);
    return 0;
}
