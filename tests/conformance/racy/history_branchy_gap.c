/* Shows: the older access of a race is followed, in its thread, by 700,000 calls to one of eight functions picked at random (2.1 million history events with no short period); its stack must still be restored (from the history archive, which predicts each event from the one before).
 * Racy: the worker's write and main's write are ordered by nothing (main waits on a relaxed flag). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define CALLS 700000

static int shared;
static uint64_t data[CALLS];
static atomic_int done;

static void set_shared(void)
{
    shared = 1; /* RACE */
}

/* Eight functions with eight different stores, so that the sequence of
 * history events follows the random choice. */
#define STEP(k) \
    static __attribute__((noinline)) void step##k(uint64_t i) { data[i] = i * (2 * k + 3) + k; }
STEP(0) STEP(1) STEP(2) STEP(3) STEP(4) STEP(5) STEP(6) STEP(7)

static void *worker(void *arg)
{
    (void)arg;
    set_shared();
    uint64_t r = 88172645463325252ull;
    for (uint64_t i = 0; i < CALLS; i++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        switch (r % 8) {
        case 0: step0(i); break;
        case 1: step1(i); break;
        case 2: step2(i); break;
        case 3: step3(i); break;
        case 4: step4(i); break;
        case 5: step5(i); break;
        case 6: step6(i); break;
        default: step7(i); break;
        }
    }
    atomic_store_explicit(&done, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!atomic_load_explicit(&done, memory_order_relaxed))
        ;
    shared = 2; /* RACE */
    pthread_join(t, NULL);
    printf("%d %llu\n", shared, (unsigned long long)data[CALLS - 1]);
    return 0;
}
