/*
 * Watchdog timestamp (seed: Go race detector article, "Primitive unprotected
 * variable"): KeepAlive stores w.last while the watchdog goroutine compares
 * it with the clock. Even such "innocent" races on one int64 can tear, be
 * cached in a register, or be reordered.
 *
 * test_watchdog_racy: the keepalive thread writes last, the watchdog thread
 *   reads it, unsynchronized (one unique race).
 * test_watchdog_fixed: atomic store and load (Go: atomic.StoreInt64 /
 *   atomic.LoadInt64), keeping the watchdog lock-free.
 */
#include <pthread.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

struct watchdog {
    long long last;  /* nanoseconds of the last keepalive */
    int stop;        /* always accessed atomically: not the race shown here */
    int expirations; /* written by the watchdog thread only */
    bool atomic;     /* which version of the accesses to last */
};

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void keep_alive(struct watchdog *w)
{
    if (w->atomic)
        __atomic_store_n(&w->last, now_ns(), __ATOMIC_RELAXED);
    else
        w->last = now_ns(); /* first conflicting access */
}

static long long last_keepalive(struct watchdog *w)
{
    if (w->atomic)
        return __atomic_load_n(&w->last, __ATOMIC_RELAXED);
    return w->last; /* second conflicting access */
}

static void *watch(void *arg)
{
    struct watchdog *w = arg;
    while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
        if (last_keepalive(w) < now_ns() - 10LL * 1000000000LL)
            w->expirations++; /* "No keepalives for 10 seconds. Dying." */
        usleep(50);
    }
    return NULL;
}

static void *keeper(void *arg)
{
    struct watchdog *w = arg;
    for (int i = 0; i < 20; i++) {
        keep_alive(w);
        usleep(50);
    }
    return NULL;
}

static void run_watchdog(bool atomic)
{
    struct watchdog w = {.last = now_ns(), .atomic = atomic};
    pthread_t watcher, kept;
    pthread_create(&watcher, NULL, watch, &w);
    pthread_create(&kept, NULL, keeper, &w);
    pthread_join(kept, NULL);
    __atomic_store_n(&w.stop, 1, __ATOMIC_RELEASE);
    pthread_join(watcher, NULL);
    assert_int_equal(w.expirations, 0);
}

static void test_watchdog_racy(void **state)
{
    (void)state;
    run_watchdog(false);
}

static void test_watchdog_fixed(void **state)
{
    (void)state;
    run_watchdog(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watchdog_racy),
        cmocka_unit_test(test_watchdog_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
