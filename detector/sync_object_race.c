/*
 * sync_object_race.c — races on synchronization objects (see
 * sync_object_race.h).
 *
 * Creation and destruction are rare and go through the general check
 * (access_granule). A use is made on every lock, wait and post, always
 * the same one-byte read by the using thread, and after every release of
 * that thread: the general check would find no covering cell of its own
 * (seen_since_release) and take its full path each time. A use has a
 * dedicated path instead (use_recorded), for the state such an object
 * settles into: the thread has a read cell of the byte, and no cell of
 * another thread is an unordered write. It checks the other cells
 * against writes only (a use never races with a use), gives the read a
 * new history event and stores it over the thread's earlier read, where
 * that cell is: what the general path does with a cell its new access
 * subsumes, except that it would first move the cell into the first
 * plane (a preference of the plain accesses' fast path, which reads the
 * first plane first; the object's granule is read whole, here). Anything
 * else (a first use, a race to report) takes the general path, which
 * also records the use where the granule has no cell of this thread.
 *
 * Covered by the conformance programs racy/mutex_destroy_vs_relock.c
 * (the refreshed epoch) and racy/mutex_reinit_vs_relock.c (the write
 * check).
 */
#include <emmintrin.h>
#include <errno.h>

#include "access.h"
#include "caller_module.h"
#include "shadow.h"
#include "sync_object_race.h"
#include "thread.h"

/* The two cells of plane p (0, 1) of a granule (shadow.h): 16-byte
 * aligned, and a vector load reads each cell atomically, like LOAD. */
static ALWAYS_INLINE __m128i plane(const shadow_t *cells, unsigned p)
{
    return _mm_load_si128((const __m128i *)&cells[p * SHADOW_STRIDE]);
}

/* Bit 2i set for each cell i of the planes (p0, p1) whose low 32 bits,
 * masked with `bits`, equal `want` (every field but the epoch is there). */
static ALWAYS_INLINE unsigned cells_matching(__m128i p0, __m128i p1, u32 bits, u32 want)
{
    const __m128i b = _mm_set1_epi64x(bits), w = _mm_set1_epi64x(want);
    unsigned m0 = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_and_si128(p0, b), w)));
    unsigned m1 = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_and_si128(p1, b), w)));
    return (m0 | m1 << 4) & 0x55;   /* the low half of each cell */
}

/* The use by t of the object at addr (a plain read of its byte), when
 * the granule is in the settled state above: true once checked and
 * recorded, false if the general path must do it. */
static ALWAYS_INLINE bool use_recorded(struct rt_thread *t, uptr addr, uptr pc)
{
    shadow_t *cells = shadow_cells(addr);
    const unsigned mask = 1u << (addr & 7);
    __m128i p0 = plane(cells, 0), p1 = plane(cells, 1);
    unsigned own = cells_matching(p0, p1, 0xff | CELL_READ | CELL_ATOMIC | CELL_SID_BITS,
                                  mask | CELL_READ | (t->sid << CELL_SID_SHIFT));
    if (!own)
        return false;
    shadow_t seen[SHADOW_CELLS];
    _mm_storeu_si128((__m128i *)&seen[0], p0);
    _mm_storeu_si128((__m128i *)&seen[2], p1);
    /* Plain writes of the byte (creation, destruction, a free): only
     * this thread's or ordered before it may be there. */
    for (unsigned w = cells_matching(p0, p1, mask | CELL_READ, mask); w; w &= w - 1) {
        shadow_t c = seen[__builtin_ctz(w) / 2];
        if (cell_sid(c) != t->sid && cell_epoch(c) > vc_get(&t->clock, cell_sid(c)))
            return false;   /* a race: the general path reports it */
    }
    int i = __builtin_ctz(own) / 2;
    if (cell_epoch(seen[i]) > t->last_release)
        return true;   /* recorded since the thread's last release */
    /* As the general path: recorded uses count for the sampled
     * schedule perturbation. */
    if (unlikely(--sched_countdown < 0)) {
        t->ignore++;
        sched_access_slow();
        t->ignore--;
    }
    shadow_t cur = cell_make(mask, true, false, t->sid, trace_add(t, EV_ACCESS, pc));
    STORE(&CELL(cells, i), cur);
    /* The other cells again, one by one: a load that covered the cell
     * just stored would wait for the store to reach the cache line,
     * which other threads' uses keep taking away (a lock's time grew by
     * half). */
    shadow_t changed = 0;
#pragma GCC unroll 4
    for (int k = 0; k < SHADOW_CELLS; k++)
        if (k != i)
            changed |= LOAD(&CELL(cells, k)) ^ seen[k];
    if (unlikely(changed)) {
        int saved = errno;
        access_check_stored_meanwhile(t, cells, cur, addr, 1, pc);
        errno = saved;
    }
    return true;
}

void sync_object_access(uptr addr, bool is_write, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore || !caller_instrumented(pc))
        return;
    if (!is_write && use_recorded(t, addr, pc))
        return;
    int saved = errno;
    access_granule(t, addr, 1, is_write, false, pc);
    errno = saved;
}
