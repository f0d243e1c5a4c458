/*
 * shadow.c — shadow memory mapping and bulk reset (see shadow.h).
 */
#include <emmintrin.h>
#include <string.h>
#include <sys/mman.h>

#include "shadow.h"

#define REGION_BYTES (REGION_GRANULES * SHADOW_CELLS * sizeof(shadow_t))
#define TOP_ENTRIES (1ull << (APP_ADDR_BITS - REGION_SHIFT))

shadow_t **shadow_top;
shadow_t *shadow_dummy;

void shadow_init(void)
{
    if (!shadow_top) {
        shadow_dummy = rt_mmap_noreserve(REGION_BYTES);
        shadow_top = rt_mmap_noreserve(TOP_ENTRIES * sizeof(shadow_t *));
    }
}

shadow_t *shadow_region_alloc(uptr addr)
{
    shadow_t **slot = &shadow_top[addr >> REGION_SHIFT];
    shadow_t *fresh = rt_mmap_noreserve(REGION_BYTES);
    shadow_t *expected = NULL;
    if (__atomic_compare_exchange_n(slot, &expected, fresh, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return fresh;
    munmap(fresh, REGION_BYTES); /* another thread installed it first */
    return expected;
}

/* Zeroes the cells in [from, to) that are not zero: storing zeros into a
 * zero page would back it (shadow.h, layout). By cache lines of 8 cells:
 * one vector test per line, vector stores where the line holds anything.
 * Planes are 16-byte aligned, and from/to are granule boundaries of one
 * plane: whole pairs of cells. */
static void clear_nonzero(shadow_t *from, shadow_t *to)
{
    const __m128i zero = _mm_setzero_si128();
    __m128i *c = (__m128i *)from, *end = (__m128i *)to;
    for (; c + 4 <= end; c += 4) {
        __m128i any = _mm_or_si128(_mm_or_si128(c[0], c[1]), _mm_or_si128(c[2], c[3]));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(any, zero)) != 0xffff)
            c[0] = c[1] = c[2] = c[3] = zero;
    }
    for (; c < end; c++)
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(*c, zero)) != 0xffff)
            *c = zero;
}

/* Zeroes cells of one plane. Large ranges (a thread stack, a big buffer)
 * are mostly never-touched shadow: only the pages the kernel has backed
 * (mincore) are cleared. madvise(DONTNEED) would be simpler but shoots down
 * TLBs on every CPU running the process, which made thread creation crawl. */
static void zero_cells(shadow_t *from, shadow_t *to)
{
    const uptr page = 4096;
    uptr lo = (uptr)from, hi = (uptr)to;
    uptr plo = (lo + page - 1) & ~(page - 1), phi = hi & ~(page - 1);
    if (phi <= plo || phi - plo < 16 * page) {
        clear_nonzero(from, to);
        return;
    }
    clear_nonzero(from, (shadow_t *)plo);
    clear_nonzero((shadow_t *)phi, to);
    unsigned char resident[4096];
    for (uptr p = plo; p < phi;) {
        uptr chunk = (phi - p) / page < sizeof resident ? phi - p : sizeof resident * page;
        if (mincore((void *)p, chunk, resident) != 0) {
            memset((void *)p, 0, chunk);
        } else {
            for (uptr i = 0; i < chunk / page; i++)
                if (resident[i] & 1)   /* may be the zero page, mapped by a read */
                    clear_nonzero((shadow_t *)(p + i * page), (shadow_t *)(p + (i + 1) * page));
        }
        p += chunk;
    }
}

void shadow_reset(uptr addr, uptr size)
{
    uptr end = addr + size;
    if (size == 0 || !shadow_top || end > (1ull << APP_ADDR_BITS) || end < addr)
        return;
    addr &= ~(uptr)7;
    while (addr < end) {
        uptr region_end = (addr | ((1ull << REGION_SHIFT) - 1)) + 1;
        uptr stop = end < region_end ? end : region_end;
        shadow_t *region = LOAD(&shadow_top[addr >> REGION_SHIFT]);
        if (region) {
            shadow_t *from = region + ((addr >> 3) & (REGION_GRANULES - 1)) * CELLS_PER_PLANE;
            shadow_t *to = from + ((stop - addr + 7) >> 3) * CELLS_PER_PLANE;
            for (int i = 0; i < SHADOW_CELLS; i += CELLS_PER_PLANE)   /* each plane */
                zero_cells(&CELL(from, i), &CELL(to, i));
        }
        addr = stop;
    }
}
