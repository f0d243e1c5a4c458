/*
 * Unit tests of detector/sync.c: what an acquire joins, in particular when
 * the per-thread cache of already-joined object versions lets it skip the
 * join. The cache lives in thread-local storage, so every simulated thread
 * here is a real one; the steps of two threads are interleaved with a
 * barrier and the clocks they end with are checked after the join.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "detector/sync.h"
#include "detector/thread.h"

#define KEY ((uptr)0x7d0000000000)
enum { FIRST, SECOND };

static pthread_barrier_t step;
static struct rt_thread threads[2];
static u64 seen[8];   /* what a thread observed at its check points */

/* Runs script(t) for each of the two threads, on their own threads. */
static void run_pair(void *(*first)(void *), void *(*second)(void *))
{
    static uptr next_key = KEY;
    next_key += 64;   /* a fresh object per test */
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < 2; i++) {
        struct rt_thread *t = &threads[i];
        vc_free(&t->clock);
        vc_free(&t->fence_acquire);
        memset(t, 0, sizeof *t);
        t->sid = (unsigned)i + 1;
        t->epoch = 10 * (i + 1);
        vc_reserve(&t->clock, 4);
    }
    sync_init();
    pthread_barrier_init(&step, NULL, 2);
    pthread_t a, b;
    pthread_create(&a, NULL, first, (void *)next_key);
    pthread_create(&b, NULL, second, (void *)next_key);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_barrier_destroy(&step);
}

static void next_step(void) { pthread_barrier_wait(&step); }

/* ---- an acquire after a newer release joins again ---------------------- */

static void *release_twice(void *key)
{
    struct rt_thread *t = &threads[FIRST];
    sync_release(t, (uptr)key);
    next_step();
    next_step();
    t->epoch = 50;
    sync_release(t, (uptr)key);
    next_step();
    return NULL;
}

static void *acquire_twice(void *key)
{
    struct rt_thread *t = &threads[SECOND];
    next_step();
    sync_acquire(t, (uptr)key);
    seen[0] = vc_get(&t->clock, threads[FIRST].sid);
    next_step();
    next_step();
    sync_acquire(t, (uptr)key);
    seen[1] = vc_get(&t->clock, threads[FIRST].sid);
    return NULL;
}

static void test_acquire_after_a_newer_release_joins_it(void **state)
{
    (void)state;
    run_pair(release_twice, acquire_twice);
    assert_int_equal(seen[0], 10);
    assert_int_equal(seen[1], 50);
}

/* ---- a release does not make the thread's clock look complete ----------- */

static void *release_first(void *key)
{
    sync_release(&threads[FIRST], (uptr)key);
    next_step();
    return NULL;
}

static void *release_then_acquire(void *key)
{
    struct rt_thread *t = &threads[SECOND];
    next_step();
    sync_release(t, (uptr)key);
    sync_acquire(t, (uptr)key);
    seen[0] = vc_get(&t->clock, threads[FIRST].sid);
    return NULL;
}

static void test_own_release_does_not_hide_an_earlier_one(void **state)
{
    (void)state;
    run_pair(release_first, release_then_acquire);
    assert_int_equal(seen[0], 10);
}

/* ---- acq_rel joins what others released, and stays valid ---------------- */

static void *acq_rel_then_acquire(void *key)
{
    struct rt_thread *t = &threads[SECOND];
    next_step();
    sync_acq_rel(t, (uptr)key);
    seen[0] = vc_get(&t->clock, threads[FIRST].sid);
    next_step();
    next_step();
    sync_acquire(t, (uptr)key);
    seen[1] = vc_get(&t->clock, threads[FIRST].sid);
    return NULL;
}

static void test_acq_rel_joins_and_later_acquire_sees_new_releases(void **state)
{
    (void)state;
    run_pair(release_twice, acq_rel_then_acquire);
    assert_int_equal(seen[0], 10);
    assert_int_equal(seen[1], 50);
}

/* ---- a relaxed load's pending clock is not the thread's clock ------------ */

static void *pending_then_acquire(void *key)
{
    struct rt_thread *t = &threads[SECOND];
    next_step();
    sync_atomic_read_end(t, (uptr)key, sync_atomic_read_begin(t, (uptr)key), false);
    seen[0] = vc_get(&t->fence_acquire, threads[FIRST].sid);
    seen[1] = vc_get(&t->clock, threads[FIRST].sid);
    sync_acquire(t, (uptr)key);
    seen[2] = vc_get(&t->clock, threads[FIRST].sid);
    return NULL;
}

static void test_relaxed_load_collects_for_a_fence_only(void **state)
{
    (void)state;
    run_pair(release_first, pending_then_acquire);
    assert_int_equal(seen[0], 10);
    assert_int_equal(seen[1], 0);
    assert_int_equal(seen[2], 10);
}

/* ---- release sequences: a store replaces the clock, an RMW keeps it ------ */

static void atomic_store(struct rt_thread *t, uptr key, bool release)
{
    if (release)
        thread_sync_own_entry(t);
    struct sync_var *v = sync_atomic_store_begin(t, key, release ? &t->clock : NULL);
    if (v)
        sync_atomic_store_end(t, v, release ? &t->clock : NULL);
}

static void acquire_load(struct rt_thread *t, uptr key, u64 seq)
{
    sync_atomic_read_end(t, key, seq, true);
}

static void *release_store_first(void *key)
{
    atomic_store(&threads[FIRST], (uptr)key, true);
    next_step();
    return NULL;
}

/* The second thread stores (relaxed) after the first's release store: an
 * acquire of its value synchronizes with nothing. A relaxed RMW instead
 * continues the first's release sequence. */
static void *relaxed_store_then_acquire(void *key)
{
    struct rt_thread *t = &threads[SECOND];
    next_step();
    atomic_store(t, (uptr)key, false);
    acquire_load(t, (uptr)key, sync_atomic_read_begin(t, (uptr)key));
    seen[0] = vc_get(&t->clock, threads[FIRST].sid);
    return NULL;
}

static void *relaxed_rmw_then_acquire(void *key)
{
    struct rt_thread *t = &threads[SECOND];
    next_step();
    sync_atomic_read_end(t, (uptr)key, sync_atomic_read_begin(t, (uptr)key), false);
    acquire_load(t, (uptr)key, sync_atomic_read_begin(t, (uptr)key));
    seen[0] = vc_get(&t->clock, threads[FIRST].sid);
    return NULL;
}

static void test_store_starts_a_new_release_sequence(void **state)
{
    (void)state;
    run_pair(release_store_first, relaxed_store_then_acquire);
    assert_int_equal(seen[0], 0);
    run_pair(release_store_first, relaxed_rmw_then_acquire);
    assert_int_equal(seen[0], 10);
}

/* A store that replaces the clock between a load and its acquire: the
 * acquire still gets what the value it read carried (from merged). */
static void *release_store_then_relaxed_store(void *key)
{
    struct rt_thread *t = &threads[FIRST];
    atomic_store(t, (uptr)key, true);
    next_step();
    next_step();
    t->epoch = 30;
    atomic_store(t, (uptr)key, false);
    next_step();
    return NULL;
}

static void *load_across_a_store(void *key)
{
    struct rt_thread *t = &threads[SECOND];
    next_step();
    u64 seq = sync_atomic_read_begin(t, (uptr)key);
    next_step();
    next_step();
    acquire_load(t, (uptr)key, seq);
    seen[0] = vc_get(&t->clock, threads[FIRST].sid);
    return NULL;
}

static void test_acquire_across_a_replacement_keeps_the_read_value_clock(void **state)
{
    (void)state;
    run_pair(release_store_then_relaxed_store, load_across_a_store);
    assert_int_equal(seen[0], 10);
}

/* ---- a reset object gives nothing; released again, it does -------------- */

static void *release_reset_release(void *key)
{
    struct rt_thread *t = &threads[FIRST];
    sync_release(t, (uptr)key);
    next_step();
    next_step();
    sync_reset((uptr)key);
    t->epoch = 70;
    next_step();
    next_step();
    sync_release(t, (uptr)key);
    next_step();
    return NULL;
}

static void *acquire_around_reset(void *key)
{
    struct rt_thread *t = &threads[SECOND];
    next_step();
    sync_acquire(t, (uptr)key);
    seen[0] = vc_get(&t->clock, threads[FIRST].sid);
    next_step();
    next_step();
    next_step();
    next_step();
    sync_acquire(t, (uptr)key);
    seen[1] = vc_get(&t->clock, threads[FIRST].sid);
    return NULL;
}

static void test_release_after_reset_is_acquired(void **state)
{
    (void)state;
    run_pair(release_reset_release, acquire_around_reset);
    assert_int_equal(seen[0], 10);
    assert_int_equal(seen[1], 70);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acquire_after_a_newer_release_joins_it),
        cmocka_unit_test(test_own_release_does_not_hide_an_earlier_one),
        cmocka_unit_test(test_acq_rel_joins_and_later_acquire_sees_new_releases),
        cmocka_unit_test(test_relaxed_load_collects_for_a_fence_only),
        cmocka_unit_test(test_release_after_reset_is_acquired),
        cmocka_unit_test(test_store_starts_a_new_release_sequence),
        cmocka_unit_test(test_acquire_across_a_replacement_keeps_the_read_value_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
