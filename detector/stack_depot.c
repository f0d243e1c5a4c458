/*
 * stack_depot.c — deduplicated stack storage (see stack_depot.h).
 *
 * Entry layout in the arena: [hash, n, pc0, ..., pc(n-1)] as uptr words.
 * The table maps hash -> arena offset (+1, so 0 means empty); an entry's
 * arena words are written before its offset is published (release).
 */
#include <sys/mman.h>

#include "stack_depot.h"

#define TABLE_BITS 20
#define TABLE_SIZE (1u << TABLE_BITS)
#define ARENA_WORDS (64u << 20)   /* 512 MiB of address space, lazily backed */
#define TABLE_WORDS (TABLE_SIZE * sizeof(u32) / sizeof(uptr))
#define DEPOT_BYTES ((TABLE_WORDS + ARENA_WORDS) * sizeof(uptr))

/* One reservation: the table (offset + 1 of an entry, 0 = empty, ~0 =
 * being written) and then the arena. Installed by a CAS at first use, so
 * that no lock is involved: a thread that a fork left behind mid-install
 * cannot leave the child waiting (a lock held by it would). */
static uptr *depot;
static u64 arena_used;

static uptr *depot_get(void)
{
    uptr *d = LOAD_ACQ(&depot);
    if (likely(d))
        return d;
    uptr *fresh = rt_mmap_noreserve(DEPOT_BYTES);
    if (__atomic_compare_exchange_n(&depot, &d, fresh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return fresh;
    munmap(fresh, DEPOT_BYTES); /* another thread installed it first */
    return d;
}

static u32 *table_of(uptr *d) { return (u32 *)d; }
static uptr *arena_of(uptr *d) { return d + TABLE_WORDS; }

static uptr hash_stack(const uptr *pcs, unsigned n)
{
    u64 h = 0xcbf29ce484222325ull ^ n;
    for (unsigned i = 0; i < n; i++)
        h = (h ^ pcs[i]) * 0x100000001b3ull;
    return h | 1;
}

static bool same(const uptr *entry, uptr h, const uptr *pcs, unsigned n)
{
    if (entry[0] != h || entry[1] != n)
        return false;
    for (unsigned i = 0; i < n; i++)
        if (entry[2 + i] != pcs[i])
            return false;
    return true;
}

u32 stack_depot_put(const uptr *pcs, unsigned n)
{
    uptr *d = depot_get();
    u32 *table = table_of(d);
    uptr *arena = arena_of(d);
    uptr h = hash_stack(pcs, n);
    for (u32 i = (u32)(h >> 7) & (TABLE_SIZE - 1), probes = 0; probes < TABLE_SIZE;
         i = (i + 1) & (TABLE_SIZE - 1), probes++) {
        u32 v = LOAD_ACQ(&table[i]);
        if (v == 0) {
            u32 expected = 0;
            if (!__atomic_compare_exchange_n(&table[i], &expected, ~0u, false, __ATOMIC_ACQ_REL,
                                             __ATOMIC_ACQUIRE)) {
                v = expected;
            } else {
                u64 off = __atomic_fetch_add(&arena_used, 2 + n, __ATOMIC_RELAXED);
                if (off + 2 + n > ARENA_WORDS) {
                    STORE_REL(&table[i], 0);
                    return 0;
                }
                uptr *e = &arena[off];
                e[0] = h;
                e[1] = n;
                for (unsigned k = 0; k < n; k++)
                    e[2 + k] = pcs[k];
                STORE_REL(&table[i], (u32)(off + 1));
                return (u32)(off + 1);
            }
        }
        while (v == ~0u)   /* another thread is writing this slot */
            v = LOAD_ACQ(&table[i]);
        if (v && same(&arena[v - 1], h, pcs, n))
            return v;
    }
    return 0;
}

unsigned stack_depot_get(u32 id, const uptr **pcs)
{
    if (!id)
        return 0;
    const uptr *e = &arena_of(LOAD_ACQ(&depot))[id - 1];
    *pcs = e + 2;
    return (unsigned)e[1];
}

/* fork (interceptors_fork.c): a slot another thread had claimed but not
 * yet written would make the child wait for it forever; free it. */
void stack_depot_fork_child(void)
{
    uptr *d = LOAD_ACQ(&depot);
    if (!d)
        return;
    u32 *table = table_of(d);
    for (u32 i = 0; i < TABLE_SIZE; i++)
        if (LOAD(&table[i]) == ~0u)
            STORE(&table[i], 0);
}
