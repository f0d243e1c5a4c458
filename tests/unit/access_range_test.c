/*
 * Unit tests of detector/access.c range accesses (memcpy, memset, gcc's
 * __tsan_read_range/write_range): which races they report, at which
 * address, and what they leave in shadow memory for later accesses.
 *
 * Threads are simulated: each is an rt_thread driven by the test, ordered
 * only through detector/sync.c release/acquire, so every edge is explicit.
 * They all run on the test's one OS thread, which sync.c's per-thread
 * acquire cache cannot tell apart: each edge therefore uses a key of its
 * own, acquired once.
 * report_race is replaced by a recorder (the real one symbolizes and
 * prints); trace_switch_part and the scheduler hooks by no-ops.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "detector/access.h"
#include "detector/report.h"
#include "detector/shadow.h"
#include "detector/sync.h"
#include "detector/thread.h"

/* ---- what access.c links against ---------------------------------------- */

__thread struct rt_thread *rt_cur;
__thread long sched_countdown = 1L << 62;
void sched_access_slow(void) {}
void trace_switch_part(struct rt_thread *t, u64 epoch) { (void)t, (void)epoch; }

struct reported {
    uptr addr;
    unsigned size;
    shadow_t cur, old;
};
static struct reported reports[4096];
static unsigned nreports;

void report_race(struct rt_thread *t, uptr addr, unsigned size, shadow_t cur, shadow_t old,
                 uptr pc)
{
    (void)t, (void)pc;
    if (nreports < sizeof reports / sizeof reports[0])
        reports[nreports] = (struct reported){addr, size, cur, old};
    nreports++;
}

/* ---- simulated threads --------------------------------------------------- */

#define THREADS 3
static struct rt_thread threads[THREADS];
static struct rt_thread *A = &threads[0], *B = &threads[1], *C = &threads[2];
static unsigned char buf[4096] __attribute__((aligned(64)));

static int setup(void **state)
{
    (void)state;
    shadow_init();
    sync_init();
    for (unsigned i = 0; i < THREADS; i++) {
        struct rt_thread *t = &threads[i];
        vc_free(&t->clock);
        free(t->trace);
        memset(t, 0, sizeof *t);
        t->sid = i + 1;
        t->epoch = 100;
        t->trace_mask = (1u << 14) - 1;
        t->trace = calloc(t->trace_mask + 1, sizeof(u64));
        vc_reserve(&t->clock, 8);
    }
    shadow_reset((uptr)buf, sizeof buf);
    nreports = 0;
    return 0;
}

/* A happens-before edge from `from` to `to`, through a sync object. */
static void edge(struct rt_thread *from, struct rt_thread *to)
{
    static uptr key = 0x7e0000000000;
    key += 8;
    sync_release(from, key);
    sync_acquire(to, key);
}

static void write_range(struct rt_thread *t, size_t off, size_t n)
{
    access_range(t, (uptr)buf + off, n, true, false, 0);
}

static void read_range(struct rt_thread *t, size_t off, size_t n)
{
    access_range(t, (uptr)buf + off, n, false, false, 0);
}

static void assert_first_report(uptr addr, unsigned size, struct rt_thread *old_thread,
                                bool old_is_read)
{
    assert_true(nreports > 0);
    assert_int_equal(reports[0].addr, addr);
    assert_int_equal(reports[0].size, size);
    assert_int_equal(cell_sid(reports[0].old), old_thread->sid);
    assert_int_equal(!!(reports[0].old & CELL_READ), old_is_read);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_unordered_byte_read_inside_a_written_range_races(void **state)
{
    (void)state;
    write_range(A, 0, 256);
    access_granule(B, (uptr)buf + 41, 1, false, false, 0);
    assert_int_equal(nreports, 1);
    assert_first_report((uptr)buf + 41, 1, A, false);
}

static void test_range_reports_its_first_racing_granule(void **state)
{
    (void)state;
    access_granule(A, (uptr)buf + 200, 8, true, false, 0);
    read_range(B, 0, 1024);
    assert_int_equal(nreports, 1);
    assert_first_report((uptr)buf + 200, 8, A, false);
}

static void test_partial_granules_at_both_ends_race(void **state)
{
    (void)state;
    access_granule(A, (uptr)buf + 5, 1, true, false, 0);
    access_granule(A, (uptr)buf + 98, 1, true, false, 0);
    write_range(B, 3, 96);   /* bytes 3..98 */
    assert_int_equal(nreports, 2);
    assert_int_equal(reports[0].addr, (uptr)buf + 3);
    assert_int_equal(reports[0].size, 5);
    assert_int_equal(reports[1].addr, (uptr)buf + 96);
    assert_int_equal(reports[1].size, 3);
}

static void test_ordered_ranges_and_concurrent_reads_do_not_race(void **state)
{
    (void)state;
    write_range(A, 0, 512);
    read_range(A, 0, 512);
    edge(A, B);
    write_range(B, 0, 512);
    read_range(B, 8, 256);
    edge(B, A);
    edge(B, C);
    read_range(A, 0, 512);
    read_range(C, 0, 512);   /* reads never race with reads */
    edge(C, A);
    write_range(A, 64, 64);
    edge(A, C);
    write_range(C, 0, 512);
    assert_int_equal(nreports, 0);
}

/* A whole-granule write may replace the cells it is ordered after, but
 * never a concurrent reader's. */
static void test_write_ordered_after_one_reader_races_with_the_other(void **state)
{
    (void)state;
    read_range(A, 0, 256);
    read_range(B, 0, 256);
    edge(A, C);
    write_range(C, 0, 256);
    assert_true(nreports > 0);
    assert_first_report((uptr)buf, 8, B, true);
}

/* A write that replaced older cells stands for them: an access that is
 * not ordered after it still races. */
static void test_replacing_write_still_races_with_later_unordered_access(void **state)
{
    (void)state;
    write_range(A, 0, 256);
    edge(A, B);
    write_range(B, 0, 256);
    read_range(C, 0, 256);
    assert_true(nreports > 0);
    assert_first_report((uptr)buf, 8, B, false);
}

/* A read of a thread's own buffer replaces its older reads but keeps its
 * write: another thread's read races with the write, not with the read. */
static void test_private_read_keeps_the_threads_write(void **state)
{
    (void)state;
    write_range(A, 0, 256);
    edge(A, C);              /* a release: the next read is not covered */
    read_range(A, 0, 256);
    read_range(A, 0, 256);
    read_range(B, 0, 256);
    assert_true(nreports > 0);
    assert_first_report((uptr)buf, 8, A, false);
}

/* After a release, a repeated write is a new access: a thread that
 * acquired the release is ordered after the first write only. */
static void test_write_after_release_is_recorded_again(void **state)
{
    (void)state;
    write_range(A, 0, 256);
    edge(A, B);
    write_range(A, 0, 256);
    read_range(B, 0, 256);
    assert_true(nreports > 0);
    assert_first_report((uptr)buf, 8, A, false);
}

static void test_read_after_release_is_recorded_again(void **state)
{
    (void)state;
    read_range(A, 0, 256);
    edge(A, B);
    read_range(A, 0, 256);
    write_range(B, 0, 256);
    assert_true(nreports > 0);
    assert_first_report((uptr)buf, 8, A, true);
}

/* Inside a run of equal granules, one whose first plane equals the run's
 * but whose second plane holds another thread's read is checked on its
 * own: the runs compare both planes, four granules at a time. */
static void test_a_granule_that_differs_in_its_second_plane_breaks_the_run(void **state)
{
    (void)state;
    write_range(A, 0, 1024);
    edge(A, B);
    read_range(B, 0, 1024);      /* every granule: A's write, B's read */
    /* A read by C in the second plane (no access path puts a cell there
     * while the first plane matches its neighbours': written by hand). */
    shadow_t *g37 = shadow_cells((uptr)buf + 8 * 37);
    CELL(g37, 2) = cell_make(0xff, true, false, C->sid, ++C->epoch);
    assert_int_equal(CELL(g37, 0), CELL(shadow_cells((uptr)buf), 0));
    assert_int_equal(CELL(g37, 1), CELL(shadow_cells((uptr)buf), 1));
    write_range(B, 0, 1024);     /* ordered after A's write, not after C's read */
    assert_int_equal(nreports, 1);
    assert_first_report((uptr)buf + 8 * 37, 8, C, true);
}

static void free_range(struct rt_thread *t, size_t off, size_t n)
{
    access_free(t, (uptr)buf + off, n, 0);
}

/* A free is a write of the block: it races with an unordered read. */
static void test_free_races_with_an_unordered_read(void **state)
{
    (void)state;
    write_range(A, 0, 512);
    edge(A, B);
    access_granule(B, (uptr)buf + 300, 4, false, false, 0);
    free_range(A, 0, 512);
    assert_int_equal(nreports, 1);
    assert_first_report((uptr)buf + 296, 8, B, true);
}

/* After a free, every granule holds the free's write alone, whatever was
 * there: the thread's own covering write, the reads of threads ordered
 * before the free, a concurrent read that raced with it. A use that the
 * free does not happen-before races with the free, not with an older
 * access. */
static void test_free_leaves_its_write_alone_in_every_granule(void **state)
{
    (void)state;
    write_range(A, 0, 512);
    edge(A, B);
    read_range(B, 0, 256);
    edge(B, A);
    write_range(A, 128, 64);     /* A's own covering writes, since its release */
    access_granule(C, (uptr)buf + 400, 8, false, false, 0);   /* races with A's write */
    unsigned before = nreports;
    free_range(A, 0, 512);
    assert_int_equal(nreports, before + 1);   /* the free races with C's read */
    shadow_t mark = CELL(shadow_cells((uptr)buf), 0);
    assert_int_equal(cell_sid(mark), A->sid);
    assert_int_equal(cell_mask(mark), 0xff);
    assert_false(mark & CELL_READ);
    assert_int_equal(cell_epoch(mark), A->epoch);   /* the free's own event */
    for (size_t off = 0; off < 512; off += 8) {
        shadow_t *c = shadow_cells((uptr)buf + off);
        assert_int_equal(CELL(c, 0), mark);
        assert_int_equal(CELL(c, 1), 0);
        assert_int_equal(CELL(c, 2), 0);
        assert_int_equal(CELL(c, 3), 0);
    }
    nreports = 0;
    access_granule(B, (uptr)buf + 160, 8, false, false, 0);
    assert_int_equal(nreports, 1);
    assert_int_equal(reports[0].old, mark);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_unordered_byte_read_inside_a_written_range_races, setup),
        cmocka_unit_test_setup(test_range_reports_its_first_racing_granule, setup),
        cmocka_unit_test_setup(test_partial_granules_at_both_ends_race, setup),
        cmocka_unit_test_setup(test_ordered_ranges_and_concurrent_reads_do_not_race, setup),
        cmocka_unit_test_setup(test_write_ordered_after_one_reader_races_with_the_other, setup),
        cmocka_unit_test_setup(test_replacing_write_still_races_with_later_unordered_access,
                               setup),
        cmocka_unit_test_setup(test_private_read_keeps_the_threads_write, setup),
        cmocka_unit_test_setup(test_write_after_release_is_recorded_again, setup),
        cmocka_unit_test_setup(test_read_after_release_is_recorded_again, setup),
        cmocka_unit_test_setup(test_a_granule_that_differs_in_its_second_plane_breaks_the_run,
                               setup),
        cmocka_unit_test_setup(test_free_races_with_an_unordered_read, setup),
        cmocka_unit_test_setup(test_free_leaves_its_write_alone_in_every_granule, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
