/*
 * access.c — the instrumentation hooks for plain accesses and the race
 * check behind them (see access.h). This is the hot path: no locks, no
 * allocation, no calls except to the report slow path.
 */
#include <emmintrin.h>

#include "access.h"
#include "report.h"
#include "shadow.h"
#include "thread.h"

/* Whether cell `old`, of another thread, holds an access that races with
 * `cur` of thread t: a common byte, one of them writes, not both atomic,
 * and not ordered before t's clock. */
static ALWAYS_INLINE bool races_with(const struct rt_thread *t, shadow_t old, shadow_t cur)
{
    return (cell_mask(old) & cell_mask(cur)) && cell_sid(old) != t->sid &&
           !((cur & CELL_READ) && (old & CELL_READ)) &&
           !((cur & CELL_ATOMIC) && (old & CELL_ATOMIC)) &&
           cell_epoch(old) > vc_get(&t->clock, cell_sid(old));
}

/* Whether this thread's cell `old` may absorb the bytes of a new access of
 * the same kind at `pc` instead of taking a cell and an event of its own:
 * the earlier access was made by the same instruction (its history event
 * has this pc), with the same call stack and locks held (no entry, exit,
 * lock or unlock event since: frame_epoch), and after the thread's last
 * release. Then the two accesses are ordered alike against every other
 * thread (no release between them publishes one without the other), and
 * restoring the stack of the old epoch gives exactly the new access's
 * stack: the merged cell loses nothing a report needs. A byte loop then
 * fills one cell per granule instead of evicting its own cells. */
static ALWAYS_INLINE bool can_merge(const struct rt_thread *t, shadow_t old, uptr pc)
{
    u64 e = cell_epoch(old);
    if (t->epoch - e >= t->trace_mask + 1 - TRACE_PART_EVENTS)
        return false;   /* its event may have been overwritten */
    return LOAD(&t->trace[e & t->trace_mask]) == (((u64)EV_ACCESS << EV_SHIFT) | (pc & EV_PC_MASK));
}

/* The cheap half of the test: this thread's cell of the same kind, made in
 * the current frame and release interval (after `after`). An empty cell
 * never qualifies: its epoch, 0, is not after anything. */
static ALWAYS_INLINE bool may_merge(const struct rt_thread *t, shadow_t c, shadow_t cur, u64 after)
{
    (void)t;
    return !((c ^ cur) & (CELL_READ | CELL_ATOMIC | CELL_SID_BITS)) && cell_epoch(c) > after;
}

static ALWAYS_INLINE u64 merge_after(const struct rt_thread *t)
{
    return t->last_release > t->frame_epoch ? t->last_release : t->frame_epoch;
}

/* Stores v into cell i of `cells`, whose value was seen[i] when checked;
 * seen[i] becomes v. An empty cell is filled by compare-and-swap: two
 * threads that both found it empty (the first accesses to fresh memory,
 * or a fork child's, where the store faults and widens the window, or a
 * thread preempted between its check and its store) would otherwise
 * overwrite each other and neither see the other's access. Returns false
 * when another thread filled it first: the caller checks again. */
static ALWAYS_INLINE bool store_cell(shadow_t *cells, int i, shadow_t *seen, shadow_t v)
{
    if (seen[i] == 0) {
        shadow_t expected = 0;
        if (!__atomic_compare_exchange_n(&CELL(cells, i), &expected, v, false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_RELAXED))
            return false;
    } else {
        STORE(&CELL(cells, i), v);
    }
    seen[i] = v;
    return true;
}

/* After storing: loads the cells again and checks any that another thread
 * changed since `seen` (the cells as this thread last saw them, its own
 * store included), other than the one already reported. Two threads that
 * stored into different cells at once then see each other: a fault or a
 * preemption delays a store, never the loads after it, so the thread whose
 * store comes second sees the other's cell (check_and_store). */
static ALWAYS_INLINE void recheck(struct rt_thread *t, shadow_t *cells, const shadow_t *seen,
                                  shadow_t reported, shadow_t cur, uptr addr, unsigned size,
                                  uptr pc)
{
    shadow_t now[SHADOW_CELLS];
#pragma GCC unroll 4
    for (int i = 0; i < SHADOW_CELLS; i++)
        now[i] = LOAD(&CELL(cells, i));
    if (likely(!((now[0] ^ seen[0]) | (now[1] ^ seen[1]) | (now[2] ^ seen[2]) |
                 (now[3] ^ seen[3]))))
        return;
    for (int i = 0; i < SHADOW_CELLS; i++)
        if (now[i] != seen[i] && now[i] != reported && races_with(t, now[i], cur)) {
            report_race(t, addr, size, cur, now[i], pc);
            break;
        }
}

/* Checks the access `cur` against the cells of its granule and records it.
 * The first conflicting cell is reported. The access is merged into this
 * thread's cell of the same instruction (can_merge), or goes in place of
 * its own weaker access, in an empty cell, or over a victim (see below).
 * With add_event, `cur` gets the epoch of a new history event, appended
 * here unless it merges (a range appends one event for all its granules
 * itself). Callers first rule out the common case of an access already
 * recorded (seen_since_release).
 *
 * Two threads may check the same granule at once; neither must lose the
 * other's access. The window between loading the cells and storing is
 * short, except where the store faults (a fork child's copy-on-write
 * shadow, fresh shadow on a zero page) or the thread is preempted: two new
 * threads racing on a variable routinely met there. Two cases:
 * - both take the same empty cell: it is filled by compare-and-swap
 *   (store_cell), and the loser checks the cells again;
 * - they take different cells: after its store each thread loads the cells
 *   again and checks any that changed. A fault or a preemption delays a
 *   store before it becomes visible, never the loads after it, so the
 *   thread whose store comes second sees the other's cell.
 * Overwriting a non-empty cell (this thread's own, or a victim) is a plain
 * store: only history is at stake there, as in ThreadSanitizer. */
static ALWAYS_INLINE void check_and_store(struct rt_thread *t, shadow_t *cells, shadow_t cur,
                                          uptr addr, unsigned size, uptr pc, bool add_event,
                                          int merge_from)
{
    const unsigned mask = cell_mask(cur);
    const bool is_read = cur & CELL_READ;
    const bool is_atomic = cur & CELL_ATOMIC;
    /* Own cells after this bound were made in the current frame and
     * release interval: candidates for can_merge. */
    const u64 after = merge_after(t);
    shadow_t seen[SHADOW_CELLS], rec, reported = 0;
    int racy, store;
    for (;;) {
        int merge = -1, own = -1;
        unsigned merge_candidates = 0;
        racy = -1, store = -1;
#pragma GCC unroll 4
        for (int i = 0; i < SHADOW_CELLS; i++) {
            shadow_t old = seen[i] = LOAD(&CELL(cells, i));
            if (old == 0) {
                if (store < 0)
                    store = i;
                continue;
            }
            unsigned sid = cell_sid(old);
            if (sid == t->sid) {
                own = i;
                if (add_event && i >= merge_from && !((old ^ cur) & (CELL_READ | CELL_ATOMIC)) &&
                    cell_epoch(old) > after)
                    merge_candidates |= 1u << i;
                /* Our own earlier access: replace it if the new one says
                 * at least as much (same bytes, and a write replaces a
                 * read). */
                if (cell_mask(old) == mask && (!is_read || (old & CELL_READ)) &&
                    is_atomic == !!(old & CELL_ATOMIC))
                    store = i;
                continue;
            }
            if (!(cell_mask(old) & mask))
                continue;
            if (is_read && (old & CELL_READ))
                continue;
            if (is_atomic && (old & CELL_ATOMIC))
                continue;
            if (cell_epoch(old) <= vc_get(&t->clock, sid))
                continue;   /* happens-before: ordered */
            if (racy < 0 && old != reported)
                racy = i;
        }
        /* Of this thread's cells of the current frame and release
         * interval, the one made by this instruction, wherever it sits. */
        if (likely(racy < 0))
            for (unsigned m = merge_candidates; m; m &= m - 1)
                if (can_merge(t, seen[__builtin_ctz(m)], pc)) {
                    merge = __builtin_ctz(m);
                    break;
                }
        rec = cur;   /* what the chosen cell gets */
        if (merge >= 0) {
            store = merge;
            rec = seen[merge] | mask;
        } else if (add_event) {
            /* A signal handler may have taken the epoch `cur` was made
             * with: the event is taken here, once. */
            u64 e = trace_add(t, EV_ACCESS, pc);
            cur = cell_with_epoch(cur, e);
            rec = cur;
            add_event = false;
        }
        if (unlikely(racy >= 0)) {
            reported = seen[racy];
            report_race(t, addr, size, cur, reported, pc);
        }
        /* No cell to merge into, subsumed or empty: give up history in
         * the order that loses least. This thread's oldest cell first
         * (its accesses are ordered before everything it does next, and
         * another thread's cell may be the only record of an access that
         * races later), then the cell just reported (its race is known),
         * and only then another thread's, pseudo-randomly. */
        if (store < 0) {
            for (int i = 0; i < SHADOW_CELLS; i++)   /* the oldest of this thread's */
                if (cell_sid(seen[i]) == t->sid && cell_epoch(seen[i]) < cell_epoch(seen[own]))
                    own = i;
            store = own >= 0 ? own : racy >= 0 ? racy : (int)(cell_epoch(cur) % SHADOW_CELLS);
        }
        /* Keep what this thread is using now in the first plane, where
         * its fast path looks first: a cell of the second plane costs a
         * cache line more on every check of a granule with three or more
         * cells (zstd's hash tables, two 4-byte entries per granule, read
         * and written between releases). A first-plane cell that is not
         * this thread's since its last release moves to the second plane,
         * and the new one takes its place: the same set of cells. The
         * moved cell is stored first, so a concurrent check never misses
         * it. */
        if (store >= CELLS_PER_PLANE) {
            for (int i = 0; i < CELLS_PER_PLANE; i++) {
                if (cell_sid(seen[i]) == t->sid && cell_epoch(seen[i]) > t->last_release)
                    continue;
                if (!store_cell(cells, store, seen, seen[i]))
                    goto again;
                store = i;
                break;
            }
        }
        if (store_cell(cells, store, seen, rec))
            break;
    again:;
    }
    recheck(t, cells, seen, reported, cur, addr, size, pc);
}

/* The common case, checked first: this thread already recorded an access
 * since its last release that covers this one (the same atomicity, all of
 * its bytes, and a write if this is a write); check_and_store would find
 * the same, with more work per cell. A covering access is ordered alike
 * against every other thread, and whatever races with this one races with
 * it. */
static ALWAYS_INLINE bool seen_since_release(struct rt_thread *t, const shadow_t *cells,
                                             unsigned mask, bool is_read, bool is_atomic)
{
    /* One compare per cell: the bits of `mask` must be set, the thread's
     * sid and atomicity equal, and CELL_READ clear if this is a write. */
    const shadow_t want = (shadow_t)mask | ((shadow_t)t->sid << CELL_SID_SHIFT) |
                          (is_atomic ? CELL_ATOMIC : 0);
    const shadow_t key_bits = (shadow_t)mask | CELL_ATOMIC |
                              CELL_SID_BITS | (is_read ? 0 : CELL_READ);
#pragma GCC unroll 4
    for (int i = 0; i < SHADOW_CELLS; i++) {
        shadow_t old = LOAD(&CELL(cells, i));
        if ((old & key_bits) == want && cell_epoch(old) > t->last_release)
            return true;
    }
    return false;
}

/* Part of refresh_only_own's test, cheap enough to make before any stack
 * frame: both cells of the second plane taken, by other threads (a
 * granule with room, or with several cells of this thread, is common). */
static ALWAYS_INLINE bool second_plane_full_of_others(const struct rt_thread *t,
                                                      const shadow_t *cells)
{
    const shadow_t c2 = LOAD(&CELL(cells, 2)), c3 = LOAD(&CELL(cells, 3));
    return c2 && c3 && cell_sid(c2) != t->sid && cell_sid(c3) != t->sid;
}

/* The full check's outcome in the state a lock-protected variable settles
 * into, decided with less work: every cell taken, one of them this
 * thread's, refreshed after each of its acquires (lock_counter's
 * counters, four threads). When the granule has no empty cell, this
 * thread has exactly one cell, in the first plane (where check_new's
 * check_and_store tries no merge: its caller tried them), and no other
 * cell races with `cur`, check_and_store would store `cur` with a new
 * event over that cell and move nothing (with no empty cell, its choice
 * is an own subsumed cell, else the thread's oldest: the same one). This
 * stores there and rechecks the cells that changed meanwhile, as
 * check_and_store does. Returns false for anything else (the full check
 * decides, and reports). */
static ALWAYS_INLINE bool refresh_only_own(struct rt_thread *t, shadow_t *cells, shadow_t cur,
                                           uptr addr, unsigned size, uptr pc)
{
    const shadow_t c0 = LOAD(&CELL(cells, 0)), c1 = LOAD(&CELL(cells, 1)),
                   c2 = LOAD(&CELL(cells, 2)), c3 = LOAD(&CELL(cells, 3));
    const unsigned sid = t->sid;
    if (!c0 || !c1 || !c2 || !c3 || cell_sid(c2) == sid || cell_sid(c3) == sid ||
        (cell_sid(c0) == sid) == (cell_sid(c1) == sid))
        return false;
    const int i = cell_sid(c0) == sid ? 0 : 1;
    if (races_with(t, c0, cur) || races_with(t, c1, cur) || races_with(t, c2, cur) ||
        races_with(t, c3, cur))
        return false;
    u64 e = trace_add(t, EV_ACCESS, pc);
    cur = cell_with_epoch(cur, e);
    STORE(&CELL(cells, i), cur);
    const shadow_t other = i == 0 ? c1 : c0;
    if (unlikely(((LOAD(&CELL(cells, 1 - i)) ^ other) | (LOAD(&CELL(cells, 2)) ^ c2) |
                  (LOAD(&CELL(cells, 3)) ^ c3))))
        access_check_stored_meanwhile(t, cells, cur, addr, size, pc);
    return true;
}

/* cur with its kind made a constant: the full check inlined after it is
 * compiled for that kind. */
static ALWAYS_INLINE shadow_t of_kind(shadow_t cur, bool is_read, bool is_atomic)
{
    return (cur & ~(CELL_READ | CELL_ATOMIC)) | (is_read ? CELL_READ : 0) |
           (is_atomic ? CELL_ATOMIC : 0);
}

/* The full check, out of line (tail calls), so that the cases that
 * record_access decides itself run without its registers and stack frame:
 * for an access whose history event is to be taken, once no cell of the
 * first plane can take it (may_merge, merge_in_first_plane: merges are
 * tried in the second plane only), one per kind; and for an access whose
 * event is taken. The first tries refresh_only_own where its cheap test
 * passes; anything else goes straight to the full check, with no stack
 * frame on the way (gcc saves registers before any test in a function
 * that needs them). */
#define DEFINE_CHECK_NEW(name, is_read, is_atomic)                                             \
    static NOINLINE void name##_full(struct rt_thread *t, shadow_t *cells, shadow_t cur,       \
                                     uptr addr, unsigned size, uptr pc)                        \
    {                                                                                          \
        check_and_store(t, cells, of_kind(cur, is_read, is_atomic), addr, size, pc, true,      \
                        CELLS_PER_PLANE);                                                      \
    }                                                                                          \
    static NOINLINE void name##_refresh(struct rt_thread *t, shadow_t *cells, shadow_t cur,    \
                                        uptr addr, unsigned size, uptr pc)                     \
    {                                                                                          \
        if (!refresh_only_own(t, cells, of_kind(cur, is_read, is_atomic), addr, size, pc))     \
            name##_full(t, cells, cur, addr, size, pc);                                        \
    }                                                                                          \
    static NOINLINE void name(struct rt_thread *t, shadow_t *cells, shadow_t cur, uptr addr,   \
                              unsigned size, uptr pc)                                          \
    {                                                                                          \
        if (second_plane_full_of_others(t, cells))                                             \
            name##_refresh(t, cells, cur, addr, size, pc);                                     \
        else                                                                                   \
            name##_full(t, cells, cur, addr, size, pc);                                        \
    }
DEFINE_CHECK_NEW(check_new_read, true, false)
DEFINE_CHECK_NEW(check_new_write, false, false)
DEFINE_CHECK_NEW(check_new_atomic_read, true, true)
DEFINE_CHECK_NEW(check_new_atomic_write, false, true)

static NOINLINE void check_taken(struct rt_thread *t, shadow_t *cells, shadow_t cur, uptr addr,
                                 unsigned size, uptr pc)
{
    check_and_store(t, cells, cur, addr, size, pc, false, 0);
}

/* Another thread stored into the granule while this thread refreshed or
 * merged an access into its own cell (merge_in_first_plane, and a sync
 * object's use: sync_object_race.c): reports the first cell that races
 * with `cur`. Every cell that was there before raced with nothing, so this
 * finds the other thread's cell, as recheck does. */
NOINLINE void access_check_stored_meanwhile(struct rt_thread *t, shadow_t *cells, shadow_t cur,
                                            uptr addr, unsigned size, uptr pc)
{
    for (int i = 0; i < SHADOW_CELLS; i++) {
        shadow_t now = LOAD(&CELL(cells, i));
        if (races_with(t, now, cur)) {
            report_race(t, addr, size, cur, now, pc);
            return;
        }
    }
}

/* The first access to a granule with no access recorded (new data: an
 * output buffer, a fresh allocation) takes cell 0 with a new history event,
 * without the full check: nothing can race with it. An empty first plane
 * means an empty granule: cells are taken first plane first, and no path
 * empties the first plane while the second holds a cell. Cell 0 is filled
 * by compare-and-swap (store_cell): a thread that took it first, or took
 * cell 1 meanwhile, sends this access through the full check, which sees
 * its cell. `cur` has the epoch of its event, stored. */
static ALWAYS_INLINE void take_empty(struct rt_thread *t, shadow_t *cells, shadow_t cur,
                                     uptr addr, unsigned size, uptr pc)
{
    shadow_t expected = 0;
    if (unlikely(!__atomic_compare_exchange_n(&CELL(cells, 0), &expected, cur, false,
                                              __ATOMIC_SEQ_CST, __ATOMIC_RELAXED) ||
                 LOAD(&CELL(cells, 1))))
        check_taken(t, cells, cur, addr, size, pc);   /* another came first, or beside it */
}

/* take_empty for an event that opens a trace part, out of line (a tail
 * call) like every call on record_access's way. */
static NOINLINE void take_empty_new_part(struct rt_thread *t, shadow_t *cells, shadow_t cur,
                                         uptr addr, unsigned size, uptr pc)
{
    trace_switch_part(t, cell_epoch(cur));
    trace_put(t, cell_epoch(cur), EV_ACCESS, pc);
    take_empty(t, cells, cur, addr, size, pc);
}

/* Whether the granule is empty; if so the access `cur` (its epoch still
 * to be taken) is recorded there by take_empty. */
static ALWAYS_INLINE bool store_if_empty(struct rt_thread *t, shadow_t *cells, shadow_t cur,
                                         uptr addr, unsigned size, uptr pc)
{
    const __m128i zero = _mm_setzero_si128();
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_load_si128((const __m128i *)cells), zero)) !=
        0xffff)
        return false;
    u64 e = trace_next_epoch(t);
    cur = cell_with_epoch(cur, e);
    if (unlikely(trace_opens_part(e))) {
        take_empty_new_part(t, cells, cur, addr, size, pc);
        return true;
    }
    trace_put(t, e, EV_ACCESS, pc);
    take_empty(t, cells, cur, addr, size, pc);
    return true;
}

/* The full check's most common outcome, decided first: a loop of this
 * thread over the bytes or fields of a granule, whose access by the same
 * instruction in the same frame and release interval sits in the first
 * plane (can_merge), with no other cell racing with the new access. Its
 * bytes join that cell: no history event, no victim, and the second plane
 * is loaded only for the race check. Returns MERGE_NO for anything else
 * (the full check then decides the same way, and reports), and
 * MERGE_RECHECK when another thread stored into the granule meanwhile
 * (see check_and_store: its cell must be checked). Scalars, not arrays, so
 * that the caller needs no stack frame. */
enum merge_outcome { MERGE_NO, MERGE_DONE, MERGE_RECHECK };

static ALWAYS_INLINE bool merge_candidate(const struct rt_thread *t, shadow_t c, shadow_t cur,
                                          u64 after, uptr pc)
{
    return may_merge(t, c, cur, after) && can_merge(t, c, pc);
}

static ALWAYS_INLINE enum merge_outcome merge_in_first_plane(struct rt_thread *t, shadow_t *cells,
                                                             shadow_t cur, uptr pc)
{
    const u64 after = merge_after(t);
    shadow_t c0 = LOAD(&CELL(cells, 0)), c1 = LOAD(&CELL(cells, 1));
    bool first;
    if (merge_candidate(t, c0, cur, after, pc))
        first = true;
    else if (merge_candidate(t, c1, cur, after, pc))
        first = false;
    else
        return MERGE_NO;
    shadow_t c2 = LOAD(&CELL(cells, 2)), c3 = LOAD(&CELL(cells, 3));
    /* This thread's cells never race with it (races_with). */
    if (races_with(t, c0, cur) || races_with(t, c1, cur) || races_with(t, c2, cur) ||
        races_with(t, c3, cur))
        return MERGE_NO;
    if (first)
        STORE(&CELL(cells, 0), c0 |= cell_mask(cur));
    else
        STORE(&CELL(cells, 1), c1 |= cell_mask(cur));
    if (likely(!((LOAD(&CELL(cells, 0)) ^ c0) | (LOAD(&CELL(cells, 1)) ^ c1) |
                 (LOAD(&CELL(cells, 2)) ^ c2) | (LOAD(&CELL(cells, 3)) ^ c3))))
        return MERGE_DONE;
    return MERGE_RECHECK;
}

/* The scheduler's sample of recorded accesses (sched_fuzz.h), then the
 * full check: out of line, since the sample calls into the runtime. */
static NOINLINE void check_new_sampled(struct rt_thread *t, shadow_t *cells, shadow_t cur,
                                       uptr addr, unsigned size, uptr pc)
{
    t->ignore++;
    sched_access_slow();
    t->ignore--;
    check_and_store(t, cells, cur, addr, size, pc, true, 0);
}

/* The full check of an access whose event is to be taken, compiled for
 * its kind (a constant where the caller's kind is). */
static ALWAYS_INLINE void check_new(struct rt_thread *t, shadow_t *cells, shadow_t cur, uptr addr,
                                    unsigned size, uptr pc)
{
    if ((cur & CELL_ATOMIC) && (cur & CELL_READ))
        check_new_atomic_read(t, cells, cur, addr, size, pc);
    else if (cur & CELL_ATOMIC)
        check_new_atomic_write(t, cells, cur, addr, size, pc);
    else if (cur & CELL_READ)
        check_new_read(t, cells, cur, addr, size, pc);
    else
        check_new_write(t, cells, cur, addr, size, pc);
}

/* A first-plane cell may take the access (may_merge): try the merge, out
 * of line, so that record_access's other cases keep their registers. */
static NOINLINE void merge_or_check(struct rt_thread *t, shadow_t *cells, shadow_t cur, uptr addr,
                                    unsigned size, uptr pc)
{
    enum merge_outcome merged = merge_in_first_plane(t, cells, cur, pc);
    if (merged == MERGE_NO)
        check_new(t, cells, cur, addr, size, pc);
    else if (unlikely(merged == MERGE_RECHECK))
        access_check_stored_meanwhile(t, cells, cur, addr, size, pc);
}

/* An access that is new since the thread's last release: sample the
 * scheduler, check and record it. The cases decided here run without a
 * stack frame: every call on the way is a tail call, to a merge, the
 * full check or a rare case. */
static ALWAYS_INLINE void record_access(struct rt_thread *t, shadow_t *cells, uptr addr,
                                        unsigned size, bool is_write, bool is_atomic, uptr pc)
{
    unsigned mask = ((1u << size) - 1) << (addr & 7);
    /* With the epoch its history event will get if nothing comes between;
     * whoever takes the event puts the right one. */
    shadow_t cur = cell_make(mask, !is_write, is_atomic, t->sid, t->epoch + 1);
    /* Sampled perturbation counts recorded accesses only: the repeated
     * ones pay nothing for it. */
    if (unlikely(--sched_countdown < 0)) {
        check_new_sampled(t, cells, cur, addr, size, pc);
        return;
    }
    if (store_if_empty(t, cells, cur, addr, size, pc))
        return;
    const u64 after = merge_after(t);
    if (may_merge(t, LOAD(&CELL(cells, 0)), cur, after) ||
        may_merge(t, LOAD(&CELL(cells, 1)), cur, after))
        merge_or_check(t, cells, cur, addr, size, pc);
    else
        check_new(t, cells, cur, addr, size, pc);
}

/* The plain hooks' record_access, out of line so that their common case
 * (already recorded) runs without a stack frame, and one per kind so that
 * the check is compiled for it. */
static NOINLINE void record_plain_read(struct rt_thread *t, shadow_t *cells, uptr addr,
                                       unsigned size, uptr pc)
{
    record_access(t, cells, addr, size, false, false, pc);
}

static NOINLINE void record_plain_write(struct rt_thread *t, shadow_t *cells, uptr addr,
                                        unsigned size, uptr pc)
{
    record_access(t, cells, addr, size, true, false, pc);
}

static ALWAYS_INLINE void access_one(struct rt_thread *t, uptr addr, unsigned size,
                                     bool is_write, bool is_atomic, uptr pc)
{
    shadow_t *cells = shadow_cells(addr);
    unsigned mask = ((1u << size) - 1) << (addr & 7);
    if (seen_since_release(t, cells, mask, !is_write, is_atomic))
        return;
    if (is_atomic)
        record_access(t, cells, addr, size, is_write, true, pc);
    else if (is_write)
        record_plain_write(t, cells, addr, size, pc);
    else
        record_plain_read(t, cells, addr, size, pc);
}

void access_granule(struct rt_thread *t, uptr addr, unsigned size, bool is_write,
                    bool is_atomic, uptr pc)
{
    if (unlikely(t->ignore))
        return;
    /* Each combination compiled on its own: the check folds its flags. */
    if (is_atomic) {
        if (is_write)
            access_one(t, addr, size, true, true, pc);
        else
            access_one(t, addr, size, false, true, pc);
    } else {
        if (is_write)
            access_one(t, addr, size, true, false, pc);
        else
            access_one(t, addr, size, false, false, pc);
    }
}

/* One partial granule at either end of a range, or a granule of an atomic
 * range. The common case of a buffer that only this thread uses (its own
 * cell alone in the granule) refreshes that cell without the full check. */
static ALWAYS_INLINE void range_granule(struct rt_thread *t, shadow_t *cells, shadow_t cur,
                                       uptr addr, unsigned n, uptr pc)
{
    const shadow_t key_bits = 0xff | CELL_READ | CELL_ATOMIC |
                              CELL_SID_BITS;
    shadow_t c0 = LOAD(&CELL(cells, 0));
    if (((c0 ^ cur) & key_bits) == 0 && !LOAD(&CELL(cells, 1)) && !LOAD(&CELL(cells, 2)) &&
        !LOAD(&CELL(cells, 3))) {
        if (cell_epoch(c0) <= t->last_release)
            STORE(&CELL(cells, 0), cur);
        return;
    }
    if (!seen_since_release(t, cells, cell_mask(cur), cur & CELL_READ, cur & CELL_ATOMIC))
        check_and_store(t, cells, cur, addr, n, pc, false, 0);
}

/* 1 if cell c holds an access of a thread other than the one whose sid (in
 * cell position) is `own`, else 0: an int, so that the checks of the four
 * cells combine with `|`, without branches. */
static ALWAYS_INLINE unsigned foreign(shadow_t c, shadow_t own)
{
    return c && ((c ^ own) & CELL_SID_BITS);
}

/* Whether cell c is a plain whole-granule access (read or write) by `own`
 * since its last release (epoch above `since`): it covers any read of the
 * granule by that thread until its next release. */
static ALWAYS_INLINE bool covers_read(shadow_t c, shadow_t own, u64 since)
{
    return ((c ^ (own | 0xff)) & (0xff | CELL_ATOMIC | CELL_SID_BITS)) == 0 &&
           cell_epoch(c) > since;
}

/* The whole-granule paths below decide from the four cells `c` of a
 * granule alone what they become (`out`), or return false when the full
 * check must run. Being pure functions of the cells, the access and the
 * thread, their outcome for one granule holds for every following granule
 * with the same cells: the range walk reuses it (range_whole). `own` is
 * the thread's sid in cell position and `since` its last release epoch,
 * passed in so that the loop over a range keeps them in registers. */

/* A plain write of a whole granule (the bulk of memcpy/memset), by
 * FastTrack's write rule. If no cell races with it, every access recorded
 * in the granule is this thread's or happens-before it; it covers all
 * their bytes and conflicts with every access any of them conflicts with,
 * so whatever would race with one of them later races with it too. It
 * therefore replaces them all (unless it is already recorded there since
 * the last release, alone). Returns false when a cell may race. */
static ALWAYS_INLINE bool whole_write(struct rt_thread *t, const shadow_t *c, shadow_t *out,
                                      shadow_t cur, shadow_t own, u64 since)
{
    if (((c[0] ^ cur) & CELL_NON_EPOCH) == 0 && cell_epoch(c[0]) > since &&
        !(c[1] | c[2] | c[3])) {
        out[0] = c[0], out[1] = out[2] = out[3] = 0;
        return true;
    }
    if (unlikely(foreign(c[0], own) | foreign(c[1], own) | foreign(c[2], own) |
                 foreign(c[3], own)))
#pragma GCC unroll 4
        for (int i = 0; i < SHADOW_CELLS; i++)
            if (foreign(c[i], own) && cell_epoch(c[i]) > vc_get(&t->clock, cell_sid(c[i])))
                return false;
    out[0] = cur, out[1] = out[2] = out[3] = 0;
    return true;
}

/* A plain read of a whole granule whose cells are all this thread's (a
 * private buffer): no race is possible. It replaces this thread's earlier
 * reads, which it covers (a later write that races with one of them races
 * with it); this thread's writes stay (a later read by another thread races
 * with them, not with this read). Returns false for any other layout. */
static ALWAYS_INLINE bool whole_read_private(const shadow_t *c, shadow_t *out, shadow_t cur,
                                             shadow_t own, u64 since)
{
#pragma GCC unroll 4
    for (int i = 0; i < SHADOW_CELLS; i++)
        out[i] = c[i];
    if (covers_read(c[0], own, since) || covers_read(c[1], own, since) ||
        covers_read(c[2], own, since) || covers_read(c[3], own, since))
        return true;
    if (foreign(c[0], own) | foreign(c[1], own) | foreign(c[2], own) | foreign(c[3], own))
        return false;
    /* Cells this read may take: empty ones and this thread's reads. */
    const unsigned usable = (!c[0] || (c[0] & CELL_READ)) | (!c[1] || (c[1] & CELL_READ)) << 1 |
                            (!c[2] || (c[2] & CELL_READ)) << 2 | (!c[3] || (c[3] & CELL_READ)) << 3;
    if (unlikely(!usable))
        return false;   /* four writes of this thread: the full check picks a victim */
    const unsigned slot = (unsigned)__builtin_ctz(usable);
    out[slot] = cur;
    /* The other reads of this thread are covered by this one. */
#pragma GCC unroll 4
    for (unsigned i = slot + 1; i < SHADOW_CELLS; i++)
        if (c[i] & CELL_READ)
            out[i] = 0;
    return true;
}

/* The two cells of one plane of a granule (shadow.h), as one vector:
 * planes are 16-byte aligned. A vector store writes each 8-byte cell
 * atomically, like STORE. */
static ALWAYS_INLINE __m128i plane_load(const shadow_t *p)
{
    return _mm_load_si128((const __m128i *)p);
}

static ALWAYS_INLINE void plane_store(shadow_t *p, __m128i v)
{
    _mm_store_si128((__m128i *)p, v);
}

/* Fills the empty granules from `cells` on (both planes zero, up to
 * `stop`) with `first` in their first plane: fresh memory. Its shadow
 * pages may be new, and a store that faults on one comes late, after
 * another thread's access to the same granule has been checked and stored
 * (two threads storing into new memory at once); storing over that cell
 * would lose their race. So the run's first store, and the first into
 * each page of the first plane, are compare-and-swaps, as store_cell
 * fills an empty cell; once the page is backed, a granule's load and
 * store are a few instructions apart, and a plain store risks what
 * check_and_store's plain stores risk, at a fraction of the cost of a
 * compare-and-swap per granule (bench/PROFILE.md). Returns the address of
 * the first granule not filled: not empty, or filled by another thread
 * first (the caller decides it again). */
static NOINLINE uptr fill_empty_run(shadow_t *cells, uptr addr, uptr stop, __m128i first)
{
    union plane { __m128i v; unsigned __int128 u; };
    const unsigned __int128 v = ((union plane){.v = first}).u;
    const uptr start = addr;
    for (; addr < stop; addr += 8, cells += CELLS_PER_PLANE) {
        shadow_t *p = &CELL(cells, 0);
        if (LOAD(&CELL(cells, 2)) | LOAD(&CELL(cells, 3)))
            break;
        if (addr == start || !((uptr)p & 4095)) {
            if (!__sync_bool_compare_and_swap((unsigned __int128 *)p, 0, v))
                break;
        } else {
            if (LOAD(&p[0]) | LOAD(&p[1]))
                break;
            plane_store(p, first);
        }
    }
    return addr;
}

/* All ones where plane `i` (0 or 2: its first cell) of each of the four
 * granules from `cells` on equals `want`. */
static ALWAYS_INLINE __m128i run_equal4(const shadow_t *cells, int i, __m128i want)
{
    return _mm_and_si128(
        _mm_and_si128(_mm_cmpeq_epi8(plane_load(&CELL(cells, i)), want),
                      _mm_cmpeq_epi8(plane_load(&CELL(cells + CELLS_PER_PLANE, i)), want)),
        _mm_and_si128(_mm_cmpeq_epi8(plane_load(&CELL(cells + 2 * CELLS_PER_PLANE, i)), want),
                      _mm_cmpeq_epi8(plane_load(&CELL(cells + 3 * CELLS_PER_PLANE, i)), want)));
}

/* The whole granules [addr, stop) of one shadow region, from `cells` on,
 * for a plain access. Runs of granules with equal cells (a buffer written
 * by one earlier range access) take the outcome of the run's first
 * granule without deciding again: one compare of both planes per granule.
 * A granule that needs the full check (a possible race) is checked alone
 * and ends the run. A plane is stored only where it changes: an untouched
 * plane stays unbacked. A plane with a cell taken is stored plainly, its
 * shadow page backed already: a lost update there (another thread's access
 * stored between this check and this store, a few instructions apart)
 * loses history, as a victim's store in check_and_store does. (A fork
 * child's shadow is shared copy-on-write until written, so there the
 * first store into a page faults too: a window left open, for the rare
 * child whose threads race through ranges on memory its parent used.)
 * Empty granules (fresh memory) are filled by fill_empty_run. With `alone`
 * (a write: free's), the write is left as the only access of every
 * granule, even where the thread's own write already covered it or the
 * full check kept other cells: the mark that a use after free races with
 * (access_free). */
static ALWAYS_INLINE void range_whole(struct rt_thread *t, shadow_t *cells, uptr addr, uptr stop,
                                      shadow_t cur, bool is_write, bool alone, uptr pc)
{
    const __m128i mark = _mm_set_epi64x(0, (long long)cur), zero = _mm_setzero_si128();
    const shadow_t own = (shadow_t)t->sid << CELL_SID_SHIFT;
    const u64 since = t->last_release;
    __m128i in0 = _mm_setzero_si128(), in1 = in0, out0 = in0, out1 = in0;
    /* streak: the last granule continued the run (was not its first). */
    bool run = false, streak = false, store0 = false, store1 = false;
    for (; addr < stop; addr += 8, cells += CELLS_PER_PLANE) {
        /* Once a run has reached a second granule, four granules (a cache
         * line of each plane) at a time: one test that all eight planes
         * still equal the run's. Not before: where every granule differs
         * (data written by single accesses) the test would always fail. */
        while (streak && stop - addr >= 4 * 8 &&
               _mm_movemask_epi8(_mm_and_si128(run_equal4(cells, 0, in0),
                                               run_equal4(cells, 2, in1))) == 0xffff) {
            if (store0)
                for (int g = 0; g < 4; g++)
                    plane_store(&CELL(cells + g * CELLS_PER_PLANE, 0), out0);
            if (store1)
                for (int g = 0; g < 4; g++)
                    plane_store(&CELL(cells + g * CELLS_PER_PLANE, 2), out1);
            addr += 4 * 8;
            cells += 4 * CELLS_PER_PLANE;
        }
        if (addr >= stop)
            break;
        __m128i p0 = plane_load(&CELL(cells, 0)), p1 = plane_load(&CELL(cells, 2));
        streak = run && _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(p0, in0),
                                                        _mm_cmpeq_epi8(p1, in1))) == 0xffff;
        if (!streak) {
            shadow_t c[SHADOW_CELLS], out[SHADOW_CELLS];
            c[0] = (shadow_t)_mm_cvtsi128_si64(p0);
            c[1] = (shadow_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(p0, p0));
            c[2] = (shadow_t)_mm_cvtsi128_si64(p1);
            c[3] = (shadow_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(p1, p1));
            if (!(c[0] | c[1] | c[2] | c[3])) {
                /* Empty: the access takes cell 0 (whole_write and
                 * whole_read_private both decide so, and free's mark is
                 * that write alone). */
                uptr end = fill_empty_run(cells, addr, stop, mark);
                run = false;
                if (end != addr) {
                    cells += (end - addr) / 8 * CELLS_PER_PLANE - CELLS_PER_PLANE;
                    addr = end - 8;
                    continue;
                }
                /* Another thread filled it first: the full check. */
            } else {
                run = is_write ? whole_write(t, c, out, cur, own, since)
                               : whole_read_private(c, out, cur, own, since);
            }
            if (!run) {
                if (is_write)
                    check_and_store(t, cells, cur, addr, 8, pc, false, 0);
                else
                    range_granule(t, cells, cur, addr, 8, pc);
                if (alone) {
                    plane_store(&CELL(cells, 0), mark);
                    if (_mm_movemask_epi8(_mm_cmpeq_epi8(plane_load(&CELL(cells, 2)), zero)) !=
                        0xffff)
                        plane_store(&CELL(cells, 2), zero);
                }
                continue;
            }
            in0 = p0, in1 = p1;
            if (alone) {
                /* Either outcome of whole_write: no cell races, and the
                 * write replaces them all. */
                out0 = mark, out1 = zero;
                store0 = true;
                store1 = c[2] || c[3];
            } else {
                out0 = _mm_set_epi64x((long long)out[1], (long long)out[0]);
                out1 = _mm_set_epi64x((long long)out[3], (long long)out[2]);
                store0 = out[0] != c[0] || out[1] != c[1];
                store1 = out[2] != c[2] || out[3] != c[3];
            }
        }
        if (store0)
            plane_store(&CELL(cells, 0), out0);
        if (store1)
            plane_store(&CELL(cells, 2), out1);
    }
}

void access_range(struct rt_thread *t, uptr addr, uptr size, bool is_write, bool is_atomic,
                  uptr pc)
{
    if (t->ignore || size == 0)
        return;
    u64 epoch = trace_add(t, EV_ACCESS, pc);
    uptr end = addr + size;
    /* Partial granules at either end; whole granules in between, walking
     * the cells of one shadow region without looking it up again. */
    while (addr < end) {
        if ((addr & 7) || end - addr < 8) {
            uptr granule_end = (addr | 7) + 1;
            uptr stop = end < granule_end ? end : granule_end;
            unsigned n = (unsigned)(stop - addr);
            unsigned mask = ((1u << n) - 1) << (addr & 7);
            range_granule(t, shadow_cells(addr),
                          cell_make(mask, !is_write, is_atomic, t->sid, epoch), addr, n, pc);
            addr = stop;
            continue;
        }
        uptr region_end = (addr | ((1ull << REGION_SHIFT) - 1)) + 1;
        uptr stop = (end & ~(uptr)7) < region_end ? (end & ~(uptr)7) : region_end;
        shadow_t cur = cell_make(0xff, !is_write, is_atomic, t->sid, epoch);
        shadow_t *cells = shadow_cells(addr);
        if (is_atomic)
            for (uptr a = addr; a < stop; a += 8, cells += CELLS_PER_PLANE)
                range_granule(t, cells, cur, a, 8, pc);
        else if (is_write)
            range_whole(t, cells, addr, stop, cur, true, false, pc);
        else
            range_whole(t, cells, addr, stop, cur, false, false, pc);
        addr = stop;
    }
}

void access_free(struct rt_thread *t, uptr addr, uptr size, uptr pc)
{
    if (t->ignore || size == 0)
        return;
    shadow_t cur = cell_make(0xff, false, false, t->sid, trace_add(t, EV_ACCESS, pc));
    uptr end = addr + size;
    while (addr < end) {
        uptr region_end = (addr | ((1ull << REGION_SHIFT) - 1)) + 1;
        uptr stop = end < region_end ? end : region_end;
        range_whole(t, shadow_cells(addr), addr, stop, cur, true, true, pc);
        addr = stop;
    }
}

/* The piece of a split access in one granule (mask `cur`) that the thread
 * has not recorded since its last release: merged into its cell of the
 * same instruction where merge_in_first_plane can (a loop of unaligned
 * loads, one byte further each time, then fills the cells of the granules
 * it walks, as a byte loop does). Returns whether the piece still needs
 * the full check. */
static ALWAYS_INLINE bool split_piece_merged(struct rt_thread *t, shadow_t *cells, shadow_t cur,
                                             uptr addr, unsigned n, uptr pc)
{
    enum merge_outcome merged = merge_in_first_plane(t, cells, cur, pc);
    if (unlikely(merged == MERGE_RECHECK))
        access_check_stored_meanwhile(t, cells, cur, addr, n, pc);
    return merged != MERGE_NO;
}

/* A plain access of at most 16 bytes that crosses granules (unaligned
 * loads of compressors and hashes, 16-byte copies): when every piece is
 * already recorded since the last release, as for an aligned access, it
 * costs no history event and no range walk. Within one shadow region and
 * at most 8 bytes (two granules), each new piece is merged into the
 * thread's cell of the same instruction if it can, and the others take
 * one history event together and the full check. Anything else is checked
 * as a range, with one event. (Recording each new piece like an aligned
 * access, with an event of its own, cost zstd's decompression 25% of wall
 * time for no gain in compression: bench/PROFILE.md.) */
static NOINLINE void access_split(struct rt_thread *t, uptr addr, unsigned size, bool is_write,
                                  uptr pc)
{
    const uptr last = addr + size - 1;
    shadow_t *region = LOAD(&shadow_top[addr >> REGION_SHIFT]);
    if (size <= 8 && likely(region) && (last >> REGION_SHIFT) == (addr >> REGION_SHIFT)) {
        shadow_t *cells = shadow_in_region(region, addr), *next = cells + CELLS_PER_PLANE;
        const unsigned mask0 = (0xffu << (addr & 7)) & 0xff, mask1 = (2u << (last & 7)) - 1;
        const uptr addr1 = last & ~(uptr)7;
        const unsigned n0 = (unsigned)(addr1 - addr), n1 = size - n0;
        bool new0 = !seen_since_release(t, cells, mask0, !is_write, false);
        bool new1 = !seen_since_release(t, next, mask1, !is_write, false);
        if (likely(!new0 && !new1))
            return;
        shadow_t cur0 = cell_make(mask0, !is_write, false, t->sid, t->epoch + 1);
        shadow_t cur1 = cell_make(mask1, !is_write, false, t->sid, t->epoch + 1);
        new0 = new0 && !split_piece_merged(t, cells, cur0, addr, n0, pc);
        new1 = new1 && !split_piece_merged(t, next, cur1, addr1, n1, pc);
        if (!new0 && !new1)
            return;
        const u64 e = trace_add(t, EV_ACCESS, pc);
        if (new0)
            check_taken(t, cells, cell_with_epoch(cur0, e), addr, n0, pc);
        if (new1)
            check_taken(t, next, cell_with_epoch(cur1, e), addr1, n1, pc);
        return;
    }
    for (uptr a = addr, end = addr + size; a < end;) {
        uptr stop = (a | 7) + 1 < end ? (a | 7) + 1 : end;
        unsigned mask = ((1u << (stop - a)) - 1) << (a & 7);
        if (!seen_since_release(t, shadow_cells(a), mask, !is_write, false)) {
            access_range(t, addr, size, is_write, false, pc);
            return;
        }
        a = stop;
    }
}

/* The hooks' other cases, out of line: accesses inside the runtime,
 * accesses that cross granules (unaligned, 16 bytes), shadow not mapped
 * yet, and gcc's ranges of more than 16 bytes. */
static NOINLINE void plain_slow(uptr a, uptr size, bool is_write, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (unlikely(t->ignore))
        return;
    if (size - 1 >= 16)
        access_range(t, a, size, is_write, false, pc);
    else
        access_one(t, a, (unsigned)size, is_write, false, pc);
}

/* A plain access of `size` bytes (at least 1) at `a`, from a hook. Its
 * common case, inside one granule of mapped shadow that this thread
 * already recorded since its last release, is checked inline and returns
 * without a stack frame (access.o is built without frame pointers); an
 * access new since the release, or one of at most 16 bytes that crosses
 * granules, is a tail call, and anything else goes to plain_slow. */
static ALWAYS_INLINE void plain_access(uptr a, uptr size, bool is_write, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (likely(!t->ignore && !(a >> APP_ADDR_BITS))) {
        if (likely(((a & 7) + size) <= 8)) {
            shadow_t *region = LOAD(&shadow_top[a >> REGION_SHIFT]);
            if (likely(region)) {
                shadow_t *cells = shadow_in_region(region, a);
                unsigned mask = (((1u << size) - 1) << (a & 7)) & 0xff;
                if (seen_since_release(t, cells, mask, !is_write, false))
                    return;
                if (is_write)
                    record_plain_write(t, cells, a, (unsigned)size, pc);
                else
                    record_plain_read(t, cells, a, (unsigned)size, pc);
                return;
            }
        } else if (size <= 16) {
            access_split(t, a, (unsigned)size, is_write, pc);
            return;
        }
    }
    plain_slow(a, size, is_write, pc);
}

#define DEFINE_ACCESS(name, size, is_write)                                                    \
    void name(void *p)                                                                         \
    {                                                                                          \
        plain_access((uptr)p, (size), (is_write), CALLER_PC());                                \
    }

#define DEFINE_ACCESS_FAMILY(prefix)                                                           \
    DEFINE_ACCESS(prefix##read1, 1, false)                                                     \
    DEFINE_ACCESS(prefix##read2, 2, false)                                                     \
    DEFINE_ACCESS(prefix##read4, 4, false)                                                     \
    DEFINE_ACCESS(prefix##read8, 8, false)                                                     \
    DEFINE_ACCESS(prefix##read16, 16, false)                                                   \
    DEFINE_ACCESS(prefix##write1, 1, true)                                                     \
    DEFINE_ACCESS(prefix##write2, 2, true)                                                     \
    DEFINE_ACCESS(prefix##write4, 4, true)                                                     \
    DEFINE_ACCESS(prefix##write8, 8, true)                                                     \
    DEFINE_ACCESS(prefix##write16, 16, true)                                                   \
    /* compound read-modify-write: the write subsumes the read */                             \
    DEFINE_ACCESS(prefix##read_write1, 1, true)                                                \
    DEFINE_ACCESS(prefix##read_write2, 2, true)                                                \
    DEFINE_ACCESS(prefix##read_write4, 4, true)                                                \
    DEFINE_ACCESS(prefix##read_write8, 8, true)                                                \
    DEFINE_ACCESS(prefix##read_write16, 16, true)

/* Plain (__tsan_read4), unaligned, volatile and unaligned volatile: the
 * check is the same; only the alignment guarantee differs. */
DEFINE_ACCESS_FAMILY(__tsan_)
DEFINE_ACCESS_FAMILY(__tsan_unaligned_)
DEFINE_ACCESS_FAMILY(__tsan_volatile_)
DEFINE_ACCESS_FAMILY(__tsan_unaligned_volatile_)

/* gcc's ranges: mostly small unaligned loads and stores (memcpy-based
 * MEM_read32/64 of compressors and hashes), which take the hooks' paths. */
static ALWAYS_INLINE void plain_range(uptr a, unsigned long size, bool is_write, uptr pc)
{
    if (likely(size))
        plain_access(a, size, is_write, pc);
}

void __tsan_read_range(void *p, unsigned long size)
{
    plain_range((uptr)p, size, false, CALLER_PC());
}

void __tsan_write_range(void *p, unsigned long size)
{
    plain_range((uptr)p, size, true, CALLER_PC());
}

void __tsan_read_range_pc(void *p, unsigned long size, void *pc)
{
    plain_range((uptr)p, size, false, (uptr)pc);
}

void __tsan_write_range_pc(void *p, unsigned long size, void *pc)
{
    plain_range((uptr)p, size, true, (uptr)pc);
}

/* Function entry and exit: one history event each, and the shadow stack.
 * An event that opens a new trace part goes out of line, so that the
 * common case needs no stack frame. The part's header saves the stack as
 * it was before the event (trace.h), so the stack changes after it. */
static ALWAYS_INLINE void func_entry_at(struct rt_thread *t, u64 e, uptr pc)
{
    trace_put(t, e, EV_FUNC_ENTER, pc);
    if (likely(t->depth < SHADOW_STACK_MAX))
        t->stack[t->depth] = pc;
    t->depth++;
}

static ALWAYS_INLINE void func_exit_at(struct rt_thread *t, u64 e)
{
    trace_put(t, e, EV_FUNC_EXIT, 0);
    if (likely(t->depth > 0))
        t->depth--;
}

static NOINLINE void func_entry_new_part(struct rt_thread *t, u64 e, uptr pc)
{
    trace_switch_part(t, e);
    func_entry_at(t, e, pc);
}

static NOINLINE void func_exit_new_part(struct rt_thread *t, u64 e)
{
    trace_switch_part(t, e);
    func_exit_at(t, e);
}

void __tsan_func_entry(void *caller_pc)
{
    struct rt_thread *t = cur_thread();
    if (unlikely(t->ignore))
        return;
    u64 e = trace_next_epoch(t);
    if (unlikely(trace_opens_part(e)))
        func_entry_new_part(t, e, (uptr)caller_pc);
    else
        func_entry_at(t, e, (uptr)caller_pc);
}

void __tsan_func_exit(void)
{
    struct rt_thread *t = cur_thread();
    if (unlikely(t->ignore))
        return;
    u64 e = trace_next_epoch(t);
    if (unlikely(trace_opens_part(e)))
        func_exit_new_part(t, e);
    else
        func_exit_at(t, e);
}
