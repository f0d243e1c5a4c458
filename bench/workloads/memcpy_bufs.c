/*
 * Workload 8 — memcpy-heavy buffers.
 * Four threads shuffle data between private 64 KiB buffers with memcpy,
 * memmove and memset at varying offsets and lengths, then in each round
 * publish a buffer into a shared slot and copy their neighbour's slot back,
 * the rounds separated by a barrier. Exercises range accesses (the
 * memcpy/memset interceptors and gcc's __tsan_read_range/write_range) and
 * barrier happens-before.
 *
 *   memcpy_bufs [ROUNDS]   rounds (default 400)
 *
 * bench:smoke-args 8
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define BUF (64 * 1024)
#define COPIES 24

static unsigned char shared_slot[THREADS][BUF];  /* slot i: written by i, read by i-1, rounds apart */
static pthread_barrier_t round_end;
static long rounds = 400;

struct result {
    uint64_t sum;
};

static uint64_t fold(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i += 64) {
        uint64_t w;
        memcpy(&w, p + i, sizeof w);
        h = (h ^ w) * 1099511628211ull;
    }
    return h;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct result *res = malloc(sizeof *res);
    unsigned char *a = malloc(BUF), *b = malloc(BUF);
    memset(a, id + 1, BUF);
    memset(b, 0, BUF);
    uint64_t x = 0x853c49e6748fea9bull + (uint64_t)id, sum = 0;
    for (long r = 0; r < rounds; r++) {
        for (int c = 0; c < COPIES; c++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            size_t len = 512 + x % (BUF / 2), from = (x >> 20) % (BUF - len), to = (x >> 40) % (BUF - len);
            switch (c % 3) {
            case 0: memcpy(b + to, a + from, len); break;
            case 1: memmove(a + to, a + from, len); break;
            default: memset(b + to, (int)(x & 0xff), len / 4); break;
            }
        }
        a[x % BUF] ^= b[(x >> 16) % BUF];
        memcpy(shared_slot[id], b, BUF);
        pthread_barrier_wait(&round_end);
        memcpy(a, shared_slot[(id + 1) % THREADS], BUF / 2);
        pthread_barrier_wait(&round_end);
        sum += fold(a, BUF);
    }
    res->sum = sum;
    free(a);
    free(b);
    return res;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        rounds = atol(argv[1]);
    pthread_barrier_init(&round_end, NULL, THREADS);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    uint64_t sum = 0;
    for (int i = 0; i < THREADS; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        sum += ((struct result *)ret)->sum;
        free(ret);
    }
    pthread_barrier_destroy(&round_end);
    printf("memcpy_bufs checksum=%llu\n", (unsigned long long)sum);
    return 0;
}
