/*
 * rt_alloc.c — the runtime's own allocator: lock-free, async-signal-safe,
 * fork-safe, and never libc's malloc.
 *
 * Why not __libc_calloc: the runtime allocates inside signal handlers (a
 * handler that posts a semaphore or does an atomic on a new address creates
 * a sync object, grows clocks). If the signal interrupted malloc or free
 * while glibc held its arena lock, calloc in the handler waits for that lock
 * forever. Nothing here takes a lock: a signal handler (or a thread that
 * preempts another mid-operation) can always finish its own call, and a fork
 * at any instant leaves the child a consistent allocator (at worst a leaked
 * block whose push was cut short).
 *
 * Layout: one address-space reservation (MAP_NORESERVE, backed on touch)
 * holds a region per size class (powers of two, 16 B .. 256 KiB), carved
 * from the bottom by an atomic counter, followed by one "next" table per
 * class. Freed blocks go on a per-class Treiber stack whose links live in
 * that side table, indexed by block number, not in the blocks themselves:
 * a pop that lost a race reads a link nobody but the allocator writes, so
 * the allocator's memory accesses are all atomic (race-free in the C11
 * sense, checked under ThreadSanitizer by tests/selfrace). The stack top
 * carries a version tag next to the block number, bumped by every push and
 * pop, so a pop whose snapshot went stale (the ABA case: the block popped
 * and pushed back in between) fails its CAS instead of installing a dead
 * link. Blocks larger than the biggest class, and small ones once a class's
 * region is used up, are mapped on their own with a header giving the
 * mapping's length.
 */
#include <sys/mman.h>

#include "rt_defs.h"

#define MIN_SHIFT 4            /* 16 B: the alignment malloc guarantees */
#define MAX_SHIFT 18           /* 256 KiB: the biggest sync-object clock fits */
#define NCLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define REGION_SHIFT 30        /* 1 GiB of blocks per class */
#define REGION_BYTES (1ull << REGION_SHIFT)
#define MAX_BLOCKS (REGION_BYTES >> MIN_SHIFT)
#define NEXT_TABLE_BYTES (MAX_BLOCKS * sizeof(u32))
#define ARENA_BYTES (NCLASSES * (REGION_BYTES + NEXT_TABLE_BYTES))
/* Keeps a directly mapped block as aligned as a cache line. */
#define DIRECT_HEADER 64

/* The top of a class's free stack: (tag << 32) | (block number + 1), with
 * block number + 1 == 0 meaning empty. Padded to a cache line each: two
 * classes are used by unrelated threads at once. */
struct size_class {
    u64 free_top;
    u64 carved;                /* blocks ever taken from the region */
    char pad[64 - 2 * sizeof(u64)];
};

static struct size_class classes[NCLASSES];
static char *arena;            /* installed once, by CAS; never unmapped */

static char *arena_get(void)
{
    char *a = LOAD_ACQ(&arena);
    if (likely(a))
        return a;
    char *fresh = rt_mmap_noreserve(ARENA_BYTES);
    if (__atomic_compare_exchange_n(&arena, &a, fresh, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
        return fresh;
    munmap(fresh, ARENA_BYTES); /* another thread (or handler) installed it first */
    return a;
}

static char *region(char *a, unsigned c) { return a + (uptr)c * REGION_BYTES; }

static u32 *next_table(char *a, unsigned c)
{
    return (u32 *)(a + NCLASSES * REGION_BYTES + (uptr)c * NEXT_TABLE_BYTES);
}

/* Zeroes without calling memset, which the runtime intercepts. */
static void zero_bytes(void *p, size_t n)
{
    __asm__ volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(0) : "memory");
}

static void *direct_alloc(size_t size)
{
    if (size > SIZE_MAX - DIRECT_HEADER)
        rt_fatal("out of memory allocating %zu bytes", size);
    size_t len = size + DIRECT_HEADER;
    char *m = rt_mmap_noreserve(len);
    *(size_t *)m = len;
    return m + DIRECT_HEADER;
}

/* Pops a freed block of class c, or returns NULL when there is none. */
static void *pop_free(char *a, unsigned c)
{
    struct size_class *sc = &classes[c];
    u32 *next = next_table(a, c);
    u64 top = LOAD_ACQ(&sc->free_top);
    for (;;) {
        u32 slot = (u32)top;
        if (!slot)
            return NULL;
        u64 newer = ((top >> 32) + 1) << 32 | LOAD(&next[slot - 1]);
        if (__atomic_compare_exchange_n(&sc->free_top, &top, newer, true, __ATOMIC_ACQUIRE,
                                        __ATOMIC_ACQUIRE))
            return region(a, c) + ((uptr)(slot - 1) << (c + MIN_SHIFT));
    }
}

static void push_free(char *a, unsigned c, u32 block)
{
    struct size_class *sc = &classes[c];
    u32 *next = next_table(a, c);
    u64 top = LOAD(&sc->free_top);
    for (;;) {
        STORE(&next[block], (u32)top);
        u64 newer = ((top >> 32) + 1) << 32 | (block + 1);
        if (__atomic_compare_exchange_n(&sc->free_top, &top, newer, true, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED))
            return;
    }
}

void *rt_alloc(size_t size)
{
    if (size > (1u << MAX_SHIFT))
        return direct_alloc(size);
    unsigned shift = size <= (1u << MIN_SHIFT) ? MIN_SHIFT : 64 - __builtin_clzll(size - 1);
    unsigned c = shift - MIN_SHIFT;
    char *a = arena_get();
    void *p = pop_free(a, c);
    if (p) {
        zero_bytes(p, size);
        return p;
    }
    u64 block = __atomic_fetch_add(&classes[c].carved, 1, __ATOMIC_RELAXED);
    if (block >= REGION_BYTES >> shift)
        return direct_alloc(size);  /* the class's region is used up */
    return region(a, c) + (block << shift);  /* never used: still zero */
}

void rt_free(void *p)
{
    if (!p)
        return;
    char *a = LOAD_ACQ(&arena), *q = p;
    if (a && q >= a && q < a + NCLASSES * REGION_BYTES) {
        unsigned c = (unsigned)((uptr)(q - a) >> REGION_SHIFT);
        push_free(a, c, (u32)((uptr)(q - region(a, c)) >> (c + MIN_SHIFT)));
        return;
    }
    char *m = q - DIRECT_HEADER;
    munmap(m, *(size_t *)m);
}
