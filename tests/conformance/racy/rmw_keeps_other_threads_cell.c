/* Shows: a reader's atomic load is followed by three other threads' atomic accesses to the same 8 bytes, which fill the granule's shadow cells; the last one must give up its own older cell, not the reader's, so main's later plain write is still caught.
 * (With the former policy, a pseudo-random victim, the reader's cell was the one lost under gcc -O0.)
 * Racy: main joins the three atomic threads but not the reader, which only signals through relaxed flags, so its load is unordered with main's plain write. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

static uint32_t word[2] __attribute__((aligned(8)));  /* one 8-byte granule */
static atomic_int stage;      /* relaxed: orders the steps in time, creates no edge */
static int scratch[2][2];     /* the last adder's own work, before its accesses */

static void wait_stage(int s)
{
    while (atomic_load_explicit(&stage, memory_order_relaxed) != s)
        ;
}

static void *reader(void *arg)
{
    (void)arg;
    uint32_t v = __atomic_load_n(&word[0], __ATOMIC_RELAXED); /* RACE */
    atomic_store_explicit(&stage, 1, memory_order_relaxed);
    return (void *)(uintptr_t)v;
}

static void *adder(void *arg)
{
    int my_stage = (int)(intptr_t)arg;
    wait_stage(my_stage);
    for (int p = 0; my_stage == 3 && p < 2; p++)
        scratch[p][0] = p;
    if (my_stage == 3)   /* an older access of this thread, to the granule's other half */
        (void)__atomic_load_n(&word[1], __ATOMIC_RELAXED);
    __atomic_fetch_add(&word[0], 1, __ATOMIC_RELAXED);
    atomic_store_explicit(&stage, my_stage + 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t r, a[3];
    pthread_create(&r, NULL, reader, NULL);
    for (int i = 0; i < 3; i++)
        pthread_create(&a[i], NULL, adder, (void *)(intptr_t)(i + 1));
    for (int i = 0; i < 3; i++)
        pthread_join(a[i], NULL);
    word[0] = 7; /* RACE */
    void *v;
    pthread_join(r, &v);
    printf("%u %lu\n", word[0], (unsigned long)(uintptr_t)v);
    return 0;
}
