/*
 * shadow.h — shadow memory: for every 8 bytes of application memory (a
 * granule), SHADOW_CELLS recent accesses.
 *
 * A cell is 64 bits: which bytes of the granule were touched (mask), read or
 * write, atomic or plain, the accessing thread slot and its epoch then:
 *
 *   bits  0..7   byte mask (never 0 in a used cell, so 0 = empty cell)
 *   bit   8      is_read
 *   bit   9      is_atomic
 *   bits 10..23  sid   (SID_BITS)
 *   bits 24..63  epoch (EPOCH_BITS)
 *
 * Mapping: a two-level table, so any user-space address works (heap, stacks,
 * globals, mmap, PIE or not): the top level has one pointer per 4 MiB of
 * address space, each pointing to a lazily mmap'ed, zero-filled block of
 * cells. Installing a block is a CAS; nothing on the lookup path locks.
 *
 * Layout: a block is two planes; each holds CELLS_PER_PLANE adjacent cells
 * per granule (cells 0-1 in the first plane, 2-3 in the second, SHADOW_STRIDE
 * cells apart: CELL(cells, i)). An access takes the first empty cell, so
 * memory with at most two recent accesses per granule (a private buffer,
 * most of a heap, a table of 4-byte entries) backs only the first plane:
 * 16 bytes of shadow per 8 bytes, where four side by side took 32, and the
 * check of such a granule reads one cache line (four planes of one cell
 * each took half the memory again, but three or four cache lines per check
 * of a shared granule: zstd's hash tables ran 30% slower). The second plane
 * stays unbacked zero pages as long as nothing writes it: writers of zeros
 * skip cells that already are zero.
 * Invariant: an empty first plane means an empty granule. No path clears
 * cell 0 or 1 alone while the second plane holds a cell, and a thread's
 * current access is kept in the first plane (access.c), so the fast path
 * usually reads one cache line and an access to fresh memory is recorded
 * without loading the second plane.
 * Cells are read and written with relaxed atomics by any thread; a lost
 * update between two threads racing on the same granule only loses history.
 */
#ifndef RT_SHADOW_H
#define RT_SHADOW_H

#include "rt_defs.h"

typedef u64 shadow_t;

#define SHADOW_CELLS 4
#define APP_ADDR_BITS 47
#define REGION_SHIFT 22
#define REGION_GRANULES (1ull << (REGION_SHIFT - 3))

#define CELL_READ (1ull << 8)
#define CELL_ATOMIC (1ull << 9)
#define CELL_SID_SHIFT 10
#define CELL_EPOCH_SHIFT 24
#define CELL_SID_BITS ((shadow_t)MAX_SLOTS << CELL_SID_SHIFT)

#define CELLS_PER_PLANE 2
#define SHADOW_STRIDE (REGION_GRANULES * CELLS_PER_PLANE)
/* Cell i of the granule whose cell 0 is `cells` (an lvalue). */
#define CELL(cells, i) \
    ((cells)[(uptr)(i) % CELLS_PER_PLANE + (uptr)(i) / CELLS_PER_PLANE * SHADOW_STRIDE])

static ALWAYS_INLINE unsigned cell_mask(shadow_t c) { return (unsigned)(c & 0xff); }
static ALWAYS_INLINE unsigned cell_sid(shadow_t c) { return (unsigned)(c >> CELL_SID_SHIFT) & MAX_SLOTS; }
static ALWAYS_INLINE u64 cell_epoch(shadow_t c) { return c >> CELL_EPOCH_SHIFT; }
static ALWAYS_INLINE shadow_t cell_make(unsigned mask, bool is_read, bool is_atomic,
                                        unsigned sid, u64 epoch)
{
    /* mask fits in 8 bits; saying so lets the compiler fold the flag tests
     * of a cell it builds from constants. */
    return (shadow_t)(mask & 0xff) | (is_read ? CELL_READ : 0) | (is_atomic ? CELL_ATOMIC : 0) |
           ((shadow_t)sid << CELL_SID_SHIFT) | (epoch << CELL_EPOCH_SHIFT);
}

/* Every field of a cell but its epoch. */
#define CELL_NON_EPOCH ((1ull << CELL_EPOCH_SHIFT) - 1)
/* Cell c made at epoch e instead (an access whose history event was taken
 * after the cell was built). */
static ALWAYS_INLINE shadow_t cell_with_epoch(shadow_t c, u64 e)
{
    return (c & CELL_NON_EPOCH) | (e << CELL_EPOCH_SHIFT);
}

extern shadow_t **shadow_top;

shadow_t *shadow_region_alloc(uptr addr);
extern shadow_t *shadow_dummy;   /* a block of its own, for any address */

/* The cells of the granule containing addr in its mapped region block. */
static ALWAYS_INLINE shadow_t *shadow_in_region(shadow_t *region, uptr addr)
{
    return region + ((addr >> 3) & (REGION_GRANULES - 1)) * CELLS_PER_PLANE;
}

/* The cells of the granule containing addr. Addresses outside user space
 * map to a scratch granule (never reported). */
static ALWAYS_INLINE shadow_t *shadow_cells(uptr addr)
{
    if (unlikely(addr >> APP_ADDR_BITS))
        return shadow_dummy;
    shadow_t *region = LOAD(&shadow_top[addr >> REGION_SHIFT]);
    if (unlikely(!region))
        region = shadow_region_alloc(addr);
    return shadow_in_region(region, addr);
}

void shadow_init(void);

/* Forgets all accesses to [addr, addr+size): memory that is allocated,
 * freed, mapped or handed to a new thread starts with no history. Cheap for
 * large ranges (pages of shadow are given back to the kernel). Nothing to
 * forget before shadow_init: a no-op then. */
void shadow_reset(uptr addr, uptr size);

#endif
