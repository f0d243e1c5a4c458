/*
 * rt_alloc_test.c — the runtime allocator (detector/rt_alloc.c): zeroed,
 * aligned blocks of every size; freed blocks are reused; no block is ever
 * handed to two owners, neither between threads nor when a signal handler
 * allocates in the middle of the interrupted thread's own allocation.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "detector/rt_defs.h"

static void check_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) {
            fail_msg("byte %zu of a %zu-byte block is %u, not 0", i, n, p[i]);
        }
}

static void test_zeroed_aligned_every_size(void **state)
{
    (void)state;
    static const size_t sizes[] = { 0, 1, 15, 16, 17, 64, 100, 4096, 65537, 262144, 262145,
                                    1 << 20 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        /* Twice: the second block of each size is a reused one. */
        for (int round = 0; round < 2; round++) {
            unsigned char *p = rt_alloc(sizes[i]);
            assert_non_null(p);
            assert_int_equal((uintptr_t)p % 16, 0);
            check_zero(p, sizes[i]);
            memset(p, 0xa5, sizes[i]);
            rt_free(p);
        }
    }
    rt_free(NULL);
}

static void test_freed_block_is_reused(void **state)
{
    (void)state;
    void *a = rt_alloc(48);
    rt_free(a);
    void *b = rt_alloc(40);     /* same class (64 B): the block just freed */
    assert_ptr_equal(a, b);
    void *c = rt_alloc(40);
    assert_ptr_not_equal(b, c);
    rt_free(b);
    rt_free(c);
}

/* Each owner stamps its blocks with its id and checks the stamp is intact
 * before freeing: a block handed out twice is caught by the second owner. */
#define ROUNDS 20000
#define HELD 16

static void churn(uintptr_t id, unsigned seed, int rounds)
{
    uintptr_t *held[HELD] = { 0 };
    size_t words[HELD] = { 0 };
    for (int r = 0; r < rounds; r++) {
        unsigned i = (seed = seed * 1103515245u + 12345u) >> 16;
        i %= HELD;
        if (held[i]) {
            for (size_t w = 0; w < words[i]; w++)
                assert_int_equal(held[i][w], id);
            rt_free(held[i]);
        }
        words[i] = 1 + (seed >> 8) % 300;
        held[i] = rt_alloc(words[i] * sizeof(uintptr_t));
        for (size_t w = 0; w < words[i]; w++) {
            assert_int_equal(held[i][w], 0);
            held[i][w] = id;
        }
    }
    for (unsigned i = 0; i < HELD; i++)
        rt_free(held[i]);
}

static void *churn_thread(void *arg)
{
    uintptr_t id = (uintptr_t)arg;
    churn(id, (unsigned)id * 7919u, ROUNDS);
    return NULL;
}

static void test_threads_never_share_a_block(void **state)
{
    (void)state;
    pthread_t th[4];
    for (uintptr_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, churn_thread, (void *)(i + 1)), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
}

/* The handler churns with its own id while the main thread churns with
 * another: a handler that interrupts a push or pop half-way must neither
 * hang nor get (or give away) a block the main thread holds. */
static volatile sig_atomic_t signals_seen;
static int stop_signalling;

static void on_signal(int sig)
{
    (void)sig;
    churn(1000 + (uintptr_t)signals_seen, (unsigned)signals_seen, 20);
    signals_seen++;
}

static void *signaller(void *arg)
{
    pthread_t target = *(pthread_t *)arg;
    while (!__atomic_load_n(&stop_signalling, __ATOMIC_ACQUIRE)) {
        pthread_kill(target, SIGUSR1);
        sched_yield();
    }
    return NULL;
}

static void test_signal_handler_allocates_mid_allocation(void **state)
{
    (void)state;
    struct sigaction sa = { 0 };
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGUSR1, &sa, NULL), 0);
    pthread_t self = pthread_self(), th;
    assert_int_equal(pthread_create(&th, NULL, signaller, &self), 0);
    for (int i = 0; i < 20 || signals_seen < 200; i++)
        churn(1, (unsigned)i, 2000);
    __atomic_store_n(&stop_signalling, 1, __ATOMIC_RELEASE);
    pthread_join(th, NULL);
    signal(SIGUSR1, SIG_IGN);
    assert_true(signals_seen >= 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zeroed_aligned_every_size),
        cmocka_unit_test(test_freed_block_is_reused),
        cmocka_unit_test(test_threads_never_share_a_block),
        cmocka_unit_test(test_signal_handler_allocates_mid_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
