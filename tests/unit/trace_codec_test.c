/* Unit tests of detector/trace_codec.c: a part encodes and replays to
 * exactly the stack, held locks and pc that replaying its raw events
 * gives, and a record that was cut short, overwritten or corrupted
 * replays to "cannot restore" (0), never to a wrong stack. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "detector/thread.h"
#include "detector/trace_codec.h"

/* trace.o looks threads up here; these tests call the codec directly. */
struct rt_thread *rt_slots[MAX_SLOTS];
unsigned rt_slots_hwm;

#define WORDS 16384   /* the record ring (a power of 2) */
#define OFF 16380     /* records start near its end, so they wrap */
#define LOCK_A 0x7f0000001000ull
#define LOCK_B 0x7f0000002040ull

static u64 ev(int type, u64 pc) { return ((u64)type << EV_SHIFT) | pc; }

static u64 events[TRACE_PART_EVENTS];
static u64 words[WORDS];
static struct part_coder coder;
static uptr header_stack[3] = {0x401000, 0x401200, 0x401480};
static const struct trace_part header = {.depth = 3, .stack = header_stack, .nheld = 2,
                                         .held = {{LOCK_A, true}, {LOCK_B, false}}};

static u64 rng = 88172645463325252ull;
static unsigned next_random(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* A branchy loop as a program runs it: calls and returns, accesses at a
 * few dozen pcs with data-dependent branches, lock/unlock pairs, and a
 * tail of never-written events (a part cut at the thread's exit). */
static void branchy_part(void)
{
    unsigned n = 0, depth = 0;
    while (n < TRACE_PART_EVENTS - 300) {
        unsigned r = next_random(100);
        if (r < 5 && depth < 6) {
            events[n++] = ev(EV_FUNC_ENTER, 0x402000 + 0x40 * next_random(8));
            depth++;
        } else if (r < 10 && depth > 0) {
            events[n++] = ev(EV_FUNC_EXIT, 0);
            depth--;
        } else if (r < 12) {
            events[n++] = ev(EV_LOCK, LOCK_A | EV_WRITE_LOCK);
            events[n++] = ev(EV_ACCESS, 0x403000);
            events[n++] = ev(EV_UNLOCK, LOCK_A);
        } else {
            unsigned base = 0x404000 + 0x100 * next_random(4);
            for (unsigned k = 0; k < 6; k++)
                events[n++] = ev(EV_ACCESS, base + 4 * k + (next_random(3) == 0 ? 0x80 : 0));
        }
    }
    while (n < TRACE_PART_EVENTS)
        events[n++] = 0;
}

/* What replaying the raw events up to `want` gives: the reference. */
static uptr reference(unsigned want, uptr *stack, unsigned *depth, struct held_lock *held,
                      unsigned *nheld)
{
    *depth = header.depth;
    memcpy(stack, header.stack, header.depth * sizeof *stack);
    *nheld = header.nheld;
    memcpy(held, header.held, header.nheld * sizeof *held);
    for (unsigned i = 0; i <= want; i++)
        trace_replay_event(events[i], stack, depth, held, nheld);
    return (events[want] >> EV_SHIFT) == EV_ACCESS ? (events[want] & EV_PC_MASK) : 0;
}

static uptr stack_a[SHADOW_STACK_MAX], stack_b[SHADOW_STACK_MAX];

/* Replays event `want` of the record at OFF: 0, or exactly the reference. */
static uptr replay_checked(unsigned want, unsigned max_words)
{
    unsigned depth_a, depth_b, nheld_a, nheld_b;
    struct held_lock held_a[MAX_HELD], held_b[MAX_HELD];
    uptr pc = codec_replay(words, WORDS - 1, OFF, max_words, want, stack_a, &depth_a, held_a,
                           &nheld_a);
    if (!pc)
        return 0;
    assert_int_equal(pc, reference(want, stack_b, &depth_b, held_b, &nheld_b));
    assert_int_equal(depth_a, depth_b);
    assert_memory_equal(stack_a, stack_b, (depth_a < SHADOW_STACK_MAX ? depth_a : 0) * sizeof(uptr));
    assert_int_equal(nheld_a, nheld_b);
    for (unsigned i = 0; i < nheld_a; i++) {
        assert_int_equal(held_a[i].addr, held_b[i].addr);
        assert_int_equal(held_a[i].write, held_b[i].write);
    }
    return pc;
}

static unsigned encode(void)
{
    memset(words, 0, sizeof words);
    return codec_encode(&coder, &header, events, words, WORDS - 1, OFF);
}

static void test_branchy_part_round_trips(void **state)
{
    (void)state;
    branchy_part();
    unsigned len = encode();
    assert_true(len > 0);
    /* Far below a word per event: a few bits each. */
    assert_true(len < TRACE_PART_EVENTS / 8);
    unsigned restored = 0;
    for (unsigned i = 0; i < TRACE_PART_EVENTS; i += 7) {
        uptr want = (events[i] >> EV_SHIFT) == EV_ACCESS ? (events[i] & EV_PC_MASK) : 0;
        assert_int_equal(replay_checked(i, len), want);
        restored += want != 0;
    }
    assert_true(restored > 500);
}

/* More distinct values than the dictionary holds: the rest are coded as
 * new values each time, and still replay. */
static void test_more_values_than_the_dictionary_holds(void **state)
{
    (void)state;
    for (unsigned i = 0; i < TRACE_PART_EVENTS; i++)
        events[i] = ev(EV_ACCESS, 0x500000 + 16 * (i % (CODEC_DICT_MAX + 500)));
    unsigned len = encode();
    assert_true(len > 0);
    for (unsigned i = 0; i < TRACE_PART_EVENTS; i += 13)
        assert_int_equal(replay_checked(i, len), events[i] & EV_PC_MASK);
}

/* Events that do not repeat (random pcs) code worse than 2:1: given up. */
static void test_incompressible_part_is_given_up(void **state)
{
    (void)state;
    for (unsigned i = 0; i < TRACE_PART_EVENTS; i++)
        events[i] = ev(EV_ACCESS, ((u64)next_random(1u << 30) << 30 | next_random(1u << 30)));
    assert_int_equal(encode(), 0);
}

/* Any single flipped bit of a record, or a record read as shorter or
 * longer than it is, replays to 0 or to the exact stack, never another. */
static void test_corrupted_record_is_never_a_wrong_stack(void **state)
{
    (void)state;
    branchy_part();
    unsigned len = encode();
    assert_true(len > 2);
    unsigned wants[] = {5, 1234, TRACE_PART_EVENTS / 2 + 3, TRACE_PART_EVENTS - 400};
    unsigned rejected = 0, tries = 0;
    for (unsigned w = 0; w < len; w++) {
        for (unsigned bit = 0; bit < 64; bit += 5) {
            u64 *word = &words[(OFF + w) & (WORDS - 1)];
            *word ^= 1ull << bit;
            for (unsigned k = 0; k < sizeof wants / sizeof wants[0]; k++) {
                tries++;
                rejected += replay_checked(wants[k], len + 1) == 0;
            }
            *word ^= 1ull << bit;
        }
    }
    /* Flips of the padding after the last bit change nothing; the others
     * are caught. */
    assert_true(rejected > tries * 9 / 10);
    /* Cut short: the length says more than the reader may read, or the
     * record's last word was overwritten (each of its bits flipped: the
     * stream ends in its low bits). */
    assert_int_equal(replay_checked(1234, len - 1), 0);
    words[(OFF + len - 1) & (WORDS - 1)] ^= ~0ull;
    assert_int_equal(replay_checked(1234, len), 0);
    /* The first word (length and checksum) is written last: a record
     * being written reads as empty. */
    encode();
    words[OFF] = 0;
    assert_int_equal(replay_checked(1234, len), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_branchy_part_round_trips),
        cmocka_unit_test(test_more_values_than_the_dictionary_holds),
        cmocka_unit_test(test_incompressible_part_is_given_up),
        cmocka_unit_test(test_corrupted_record_is_never_a_wrong_stack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
