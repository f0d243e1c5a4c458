/*
 * Workload 4 — atomics-heavy lock-free code.
 * Three phases, four threads each:
 *   counters  relaxed and seq_cst fetch_add on shared counters (statistics);
 *   cas       a compare-exchange retry loop (a lock-free running maximum and
 *             sum), contended;
 *   ring      two single-producer/single-consumer rings: plain payload
 *             stores published with release stores of the tail index and
 *             consumed after acquire loads (the classic lock-free queue).
 * The ring is race-free only if acquire/release are modelled as
 * happens-before edges, and relaxed operations must create none: this is
 * where a detector's atomic model and its cost show.
 *
 *   atomics [ITERS]   operations per thread and phase (default 500000)
 *
 * bench:smoke-args 3000
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define RING 256

static long iters = 500000;

static atomic_ulong relaxed_hits;
static atomic_ulong seqcst_hits;
static atomic_ulong cas_sum;
static atomic_ulong cas_max;

struct ring {
    _Alignas(64) atomic_ulong head;   /* written by the consumer */
    _Alignas(64) atomic_ulong tail;   /* written by the producer */
    _Alignas(64) uint64_t slot[RING]; /* plain data, ordered by head/tail */
    uint64_t consumed_sum;            /* consumer's result, read after join */
};
static struct ring rings[THREADS / 2];

static pthread_barrier_t phase;

/* Spin briefly, then yield: with more threads than cores a pure spin would
 * burn the waiting thread's whole time slice. */
static void backoff(unsigned *spins)
{
    if (++*spins % 64 == 0)
        sched_yield();
}

static void produce(struct ring *r)
{
    unsigned long tail = 0;
    for (long i = 0; i < iters; i++) {
        /* Wait for room: acquire pairs with the consumer's release of head. */
        unsigned spins = 0;
        while (tail - atomic_load_explicit(&r->head, memory_order_acquire) == RING)
            backoff(&spins);
        r->slot[tail % RING] = (uint64_t)i * 3 + 1;
        atomic_store_explicit(&r->tail, ++tail, memory_order_release);
    }
}

static void consume(struct ring *r)
{
    unsigned long head = 0;
    uint64_t sum = 0;
    for (long i = 0; i < iters; i++) {
        unsigned spins = 0;
        while (atomic_load_explicit(&r->tail, memory_order_acquire) == head)
            backoff(&spins);
        sum += r->slot[head % RING];
        atomic_store_explicit(&r->head, ++head, memory_order_release);
    }
    r->consumed_sum = sum;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (long i = 0; i < iters; i++) {
        atomic_fetch_add_explicit(&relaxed_hits, 1, memory_order_relaxed);
        if ((i & 7) == 0)
            atomic_fetch_add(&seqcst_hits, 1);
    }
    pthread_barrier_wait(&phase);

    uint64_t x = 88172645463325252ull + (uint64_t)id;
    for (long i = 0; i < iters / 2; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        unsigned long v = x & 0xffff, old = atomic_load_explicit(&cas_max, memory_order_relaxed);
        while (v > old && !atomic_compare_exchange_weak_explicit(
                   &cas_max, &old, v, memory_order_acq_rel, memory_order_relaxed))
            ;
        old = atomic_load_explicit(&cas_sum, memory_order_relaxed);
        while (!atomic_compare_exchange_weak(&cas_sum, &old, old + v))
            ;
    }
    pthread_barrier_wait(&phase);

    /* Threads 0 and 1 produce, 2 and 3 consume: rings pair 0→2 and 1→3. */
    if (id < THREADS / 2)
        produce(&rings[id]);
    else
        consume(&rings[id - THREADS / 2]);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        iters = atol(argv[1]);
    pthread_barrier_init(&phase, NULL, THREADS);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    uint64_t ring_sum = 0;
    for (int i = 0; i < THREADS / 2; i++)
        ring_sum += rings[i].consumed_sum;
    printf("atomics checksum=%lu/%lu/%lu/%lu/%llu\n", atomic_load(&relaxed_hits),
           atomic_load(&seqcst_hits), atomic_load(&cas_sum), atomic_load(&cas_max),
           (unsigned long long)ring_sum);
    pthread_barrier_destroy(&phase);
    return 0;
}
