/* Unit tests of detector/trace_archive.c: a completed history part is
 * archived compressed (to a few words when its events repeat with a short
 * period), and an access in it replays to its pc, stack and held locks;
 * once the archive has wrapped over it, it is not restored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "detector/thread.h"
#include "detector/trace_archive.h"

/* trace.o's restore looks threads up here; these tests call the archive
 * directly. */
struct rt_thread *rt_slots[MAX_SLOTS];
unsigned rt_slots_hwm;

#define RING (2 * TRACE_PART_EVENTS)
#define CALLER 0x401000ull   /* the part's header stack: one frame */
#define ENTRY 0x402000ull    /* a function entered at the part's first event */
#define LOCK 0x7f0000001000ull

static u64 ev(int type, u64 pc) { return ((u64)type << EV_SHIFT) | pc; }

/* A thread whose part 1 holds `pattern(i)` at its event i > 0, after the
 * entry of ENTRY at event 0, and whose header has CALLER on the stack and
 * LOCK held; archived as trace_switch_part would. */
static struct rt_thread *thread_with_part(u64 (*pattern)(unsigned))
{
    static u64 trace[RING];
    static uptr header_stack[1] = {CALLER};
    static struct rt_thread t;
    t.trace = trace;
    t.trace_mask = RING - 1;
    archive_init(&t.archive, RING);
    u64 *part = &trace[TRACE_PART_EVENTS];
    part[0] = ev(EV_FUNC_ENTER, ENTRY);
    for (unsigned i = 1; i < TRACE_PART_EVENTS; i++)
        part[i] = pattern(i);
    struct trace_part hdr = {.epoch0 = TRACE_PART_EVENTS, .depth = 1, .stack = header_stack,
                             .nheld = 1, .held = {{LOCK, true}}};
    archive_part(&t, 1, &hdr);
    return &t;
}

/* Restores event i of part 1: its pc; the stack and locks are checked. */
static uptr replay(struct rt_thread *t, unsigned i)
{
    static uptr scratch[SHADOW_STACK_MAX];
    unsigned depth = 0, nheld = 0;
    struct held_lock held[MAX_HELD];
    uptr pc = archive_replay(t, TRACE_PART_EVENTS + i, scratch, &depth, held, &nheld);
    if (pc) {
        assert_int_equal(depth, 2);
        assert_int_equal(scratch[0], CALLER);
        assert_int_equal(scratch[1], ENTRY);
        assert_int_equal(nheld, 1);
        assert_int_equal(held[0].addr, LOCK);
        assert_true(held[0].write);
    }
    return pc;
}

/* A loop of accesses at three pcs: period 3. */
static u64 period3(unsigned i) { return ev(EV_ACCESS, 0x403000 + 0x10 * (i % 3)); }

/* clang's vectorized loop of eight 16-byte stores, each recorded as two
 * 8-byte pieces at the same pc: AABBCC...HH, period 16. */
static u64 pairs16(unsigned i) { return ev(EV_ACCESS, 0x404000 + 0x10 * ((i - 1) / 2 % 8)); }

static void test_short_period_replays(void **state)
{
    (void)state;
    struct rt_thread *t = thread_with_part(period3);
    for (unsigned i = 1; i < TRACE_PART_EVENTS; i += 997)
        assert_int_equal(replay(t, i), period3(i) & EV_PC_MASK);
}

static void test_paired_events_of_period_16_are_archived(void **state)
{
    (void)state;
    struct rt_thread *t = thread_with_part(pairs16);
    for (unsigned i = 1; i < TRACE_PART_EVENTS; i += 331)
        assert_int_equal(replay(t, i), pairs16(i) & EV_PC_MASK);
    /* Compressed: the whole part in a few words. */
    assert_true(t->archive.head < 64);
}

/* Parts whose accesses jump among 1000 pcs take ~2K words each: after
 * ~300 of them the archive has wrapped over part 1, which is then not
 * restored, while the newest part still is. */
static void test_wrapped_archive_forgets_the_oldest_part(void **state)
{
    (void)state;
    struct rt_thread *t = thread_with_part(period3);
    assert_int_equal(replay(t, 100), period3(100) & EV_PC_MASK);
    u64 *even = &t->trace[0];
    unsigned r = 1;
    for (unsigned i = 0; i < TRACE_PART_EVENTS; i++) {
        r = r * 1103515245 + 12345;
        even[i] = ev(EV_ACCESS, 0x600000 + 16 * ((r >> 8) % 1000));
    }
    struct trace_part hdr = {.depth = 0, .stack = NULL, .nheld = 0};
    u64 part = 2;
    while (t->archive.head < 2 * (t->archive.mask + 1))
        archive_part(t, part += 2, &hdr);
    assert_int_equal(replay(t, 100), 0);
    static uptr scratch[SHADOW_STACK_MAX];
    unsigned depth = 0, nheld = 0;
    struct held_lock held[MAX_HELD];
    assert_int_equal(archive_replay(t, (part << TRACE_PART_BITS) + 4321, scratch, &depth, held,
                                    &nheld),
                     even[4321] & EV_PC_MASK);
    assert_int_equal(depth, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_period_replays),
        cmocka_unit_test(test_paired_events_of_period_16_are_archived),
        cmocka_unit_test(test_wrapped_archive_forgets_the_oldest_part),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
