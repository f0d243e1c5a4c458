/*
 * Workload 5 — thread create/join churn.
 * The main thread starts short-lived workers in waves of four and joins
 * them, 2000 threads by default; each worker reads its argument, does a little
 * work on its own stack and writes a result the parent reads after join.
 * Measures thread start/exit/join modelling: clock handover, stack and TLS
 * shadow reset, thread-slot reuse (TSan is known to stall or run out of
 * slots on such programs).
 *
 *   thread_churn [THREADS]   total threads (default 2000)
 *
 * bench:smoke-args 40
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define WAVE 4

struct task {
    uint64_t seed;
    uint64_t result;
};

static void *worker(void *arg)
{
    struct task *t = arg;
    uint64_t scratch[32];
    uint64_t x = t->seed;
    for (int i = 0; i < 32; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        scratch[i] = x;
    }
    uint64_t s = 0;
    for (int i = 0; i < 32; i++)
        s += scratch[i] >> (i & 7);
    t->result = s;
    return NULL;
}

int main(int argc, char **argv)
{
    long total = argc > 1 ? atol(argv[1]) : 2000;
    uint64_t sum = 0;
    struct task tasks[WAVE];
    pthread_t t[WAVE];
    for (long done = 0; done < total; done += WAVE) {
        int n = total - done < WAVE ? (int)(total - done) : WAVE;
        for (int i = 0; i < n; i++) {
            tasks[i].seed = (uint64_t)(done + i) * 0x9E3779B97F4A7C15ull + 1;
            if (pthread_create(&t[i], NULL, worker, &tasks[i]) != 0) {
                fprintf(stderr, "thread_churn: pthread_create failed at %ld\n", done + i);
                return 1;
            }
        }
        for (int i = 0; i < n; i++) {
            pthread_join(t[i], NULL);
            sum += tasks[i].result;
        }
    }
    printf("thread_churn checksum=%llu\n", (unsigned long long)sum);
    return 0;
}
