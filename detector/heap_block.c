/*
 * heap_block.c — registry of live heap blocks (see heap_block.h).
 *
 * Two parts, neither locked on the allocator's path:
 * - a block table: for every 16 bytes of user space (malloc's alignment),
 *   the index of the record of the block that starts there, or 0. Two
 *   levels like the shadow (shadow.h): a top table with one pointer per
 *   4 MiB, each to a lazily mapped, zero-filled array of indices, installed
 *   by CAS. Registering and forgetting a block are one store and one
 *   exchange in it; a lookup walks it down from the address. Only pages
 *   that hold a block start are backed: at most a quarter of the heap's
 *   bytes, a page per block for blocks of 16 KiB and more.
 * - the records, in one reservation, by index (0 is none). A thread takes
 *   records from and gives them back to its own cache; a cache that grows
 *   past two batches hands a batch to a global list (a spin lock, once per
 *   RECORD_BATCH frees), and an empty one takes a batch from it before new
 *   records are carved. A thread's cache goes to the global list when the
 *   thread finishes (heap_block_thread_finish); the caches of the threads
 *   a fork leaves behind are lost to the child. Records are never
 *   unmapped, so a lookup that races with a free reads a stale record, not
 *   freed memory. A cache is its thread's alone, without atomics: a malloc
 *   in a signal handler that interrupts its thread's malloc (a misuse that
 *   signal_unsafe.c reports) may give one record to two blocks, i.e. a
 *   wrong location in a later report, never a crash.
 * Before this, a hash of 256 striped, locked buckets: two cache misses and
 * a lock per malloc and per free (bench/PROFILE.md, issue 12 session 6).
 */
#include <sys/mman.h>

#include "heap_block.h"
#include "shadow.h"
#include "stack_capture.h"
#include "stack_depot.h"
#include "thread.h"

#define MAX_ALLOC_FRAMES 32
#define MAX_SEARCH (1u << 20)

#define TABLE_SHIFT REGION_SHIFT                   /* 4 MiB of user space per array */
#define TABLE_SLOTS (1ull << (TABLE_SHIFT - 4))    /* one per 16 bytes */
#define TABLE_TOP (1ull << (APP_ADDR_BITS - TABLE_SHIFT))

#define MAX_RECORDS (1u << 27)                     /* 4 GiB of reservation */
#define RECORD_BATCH 64

/* A record. While free: `next` chains a cache or a batch; the first record
 * of a batch on the global list keeps the next batch in `start` and its
 * length in `size`. */
struct record {
    struct heap_block b;
    u32 next;
};

static u32 **table_top;
static struct record *records;
static u32 records_carved = 1;   /* index 0 is none */

static struct {
    rt_spinlock lock;
    u32 batches;   /* chained by the first record's b.start */
} global;

static __thread struct {
    u32 head, count;
} cache;

static void init(void)
{
    if (__atomic_load_n(&records, __ATOMIC_ACQUIRE))
        return;
    u32 **top = rt_mmap_noreserve(TABLE_TOP * sizeof(u32 *));
    u32 **expected = NULL;
    if (!__atomic_compare_exchange_n(&table_top, &expected, top, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        munmap(top, TABLE_TOP * sizeof(u32 *));
    struct record *r = rt_mmap_noreserve((uptr)MAX_RECORDS * sizeof *r);
    struct record *none = NULL;
    if (!__atomic_compare_exchange_n(&records, &none, r, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        munmap(r, (uptr)MAX_RECORDS * sizeof *r);
}

/* The table slot of block start p; with `create`, the array is mapped if
 * it is not yet, else NULL then. */
static u32 *slot_of(uptr p, bool create)
{
    if (p >> APP_ADDR_BITS || !table_top)
        return NULL;
    u32 **top = &table_top[p >> TABLE_SHIFT];
    u32 *slots = __atomic_load_n(top, __ATOMIC_ACQUIRE);
    if (!slots) {
        if (!create)
            return NULL;
        u32 *fresh = rt_mmap_noreserve(TABLE_SLOTS * sizeof(u32));
        if (__atomic_compare_exchange_n(top, &slots, fresh, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            slots = fresh;
        else
            munmap(fresh, TABLE_SLOTS * sizeof(u32));
    }
    return &slots[(p >> 4) & (TABLE_SLOTS - 1)];
}

/* A record's fields, written by the registering thread and read by any
 * thread's lookup without a lock: field by field, relaxed (a lookup that
 * races with a reuse reads a mix, which fails its check). */
static void record_store(struct heap_block *r, const struct heap_block *v)
{
    __atomic_store_n(&r->start, v->start, __ATOMIC_RELAXED);
    __atomic_store_n(&r->size, v->size, __ATOMIC_RELAXED);
    __atomic_store_n(&r->uid, v->uid, __ATOMIC_RELAXED);
    __atomic_store_n(&r->stack, v->stack, __ATOMIC_RELAXED);
}

static void record_load(struct heap_block *r, struct heap_block *out)
{
    out->start = __atomic_load_n(&r->start, __ATOMIC_RELAXED);
    out->size = __atomic_load_n(&r->size, __ATOMIC_RELAXED);
    out->uid = __atomic_load_n(&r->uid, __ATOMIC_RELAXED);
    out->stack = __atomic_load_n(&r->stack, __ATOMIC_RELAXED);
}

static u32 record_take(void)
{
    if (!cache.head) {
        rt_spin_lock(&global.lock);
        u32 batch = global.batches;
        if (batch) {
            global.batches = (u32)records[batch].b.start;
            cache.head = batch;
            cache.count = (u32)records[batch].b.size;
        }
        rt_spin_unlock(&global.lock);
    }
    if (cache.head) {
        u32 i = cache.head;
        cache.head = records[i].next;
        cache.count--;
        return i;
    }
    u32 i = __atomic_fetch_add(&records_carved, 1, __ATOMIC_RELAXED);
    return i < MAX_RECORDS ? i : 0;   /* 0: too many live blocks, not registered */
}

/* Puts the chain [head .. its end] of n records on the global list. */
static void batch_give(u32 head, u32 n)
{
    /* Relaxed stores: a lookup may still be reading the record. */
    __atomic_store_n(&records[head].b.size, n, __ATOMIC_RELAXED);
    rt_spin_lock(&global.lock);
    __atomic_store_n(&records[head].b.start, global.batches, __ATOMIC_RELAXED);
    global.batches = head;
    rt_spin_unlock(&global.lock);
}

static void record_give(u32 i)
{
    records[i].next = cache.head;
    cache.head = i;
    if (++cache.count < 2 * RECORD_BATCH)
        return;
    /* The newest RECORD_BATCH stay; the older ones go. */
    u32 last = cache.head;
    for (unsigned k = 1; k < RECORD_BATCH; k++)
        last = records[last].next;
    u32 older = records[last].next;
    records[last].next = 0;
    batch_give(older, cache.count - RECORD_BATCH);
    cache.count = RECORD_BATCH;
}

void heap_block_add(struct rt_thread *t, uptr start, uptr size, uptr pc)
{
    init();
    u32 *slot = slot_of(start, true);
    if (!slot)
        return;
    uptr pcs[MAX_ALLOC_FRAMES];
    u32 stack = stack_depot_put(pcs, stack_capture(t, pc, pcs, MAX_ALLOC_FRAMES));
    u32 i = record_take();
    if (i)
        record_store(&records[i].b, &(struct heap_block){start, size, t->uid, stack});
    /* A block freed while accesses were ignored kept its record. */
    u32 old = __atomic_exchange_n(slot, i, __ATOMIC_RELEASE);
    if (old)
        record_give(old);
}

void heap_block_remove(uptr start)
{
    u32 *slot = slot_of(start, false);
    u32 i = slot ? __atomic_exchange_n(slot, 0, __ATOMIC_ACQUIRE) : 0;
    if (i)
        record_give(i);
}

void heap_block_thread_finish(void)
{
    if (cache.head)
        batch_give(cache.head, cache.count);
    cache.head = cache.count = 0;
}

bool heap_block_find(uptr addr, struct heap_block *out)
{
    /* Walk candidate starts down from addr, a table array at a time. */
    uptr a = addr & ~(uptr)15, lowest = a > MAX_SEARCH ? a - MAX_SEARCH : 0;
    for (;;) {
        u32 *slot = slot_of(a, false);
        uptr array_lo = a & ~(((uptr)1 << TABLE_SHIFT) - 1);
        uptr floor = lowest > array_lo ? lowest : array_lo;
        if (slot) {
            for (uptr p = a;; p -= 16, slot--) {
                u32 i = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
                if (i) {
                    record_load(&records[i].b, out);
                    /* A stale copy (the block freed meanwhile) fails this. */
                    return out->start == p && addr < out->start + out->size;
                }
                if (p == floor)
                    break;
            }
        }
        if (floor == lowest)
            return false;
        a = floor - 16;
    }
}

/* fork (interceptors_fork.c): the global list is consistent across it. */
void heap_block_fork_prepare(void)
{
    rt_spin_lock(&global.lock);
}
void heap_block_fork_parent(void)
{
    rt_spin_unlock(&global.lock);
}
void heap_block_fork_child(void)
{
    global.lock.locked = 0;
}
