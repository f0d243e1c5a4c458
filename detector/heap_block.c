/*
 * heap_block.c — registry of live heap blocks (see heap_block.h).
 *
 * Hash of block start -> node, chained, in 256 stripes each with its own
 * lock and node free list. Nodes come from the runtime allocator and are
 * recycled, never freed.
 */
#include "heap_block.h"
#include "stack_capture.h"
#include "stack_depot.h"
#include "thread.h"

#define STRIPES 256
#define BUCKETS 1024
#define MAX_ALLOC_FRAMES 32
#define MAX_SEARCH (1u << 20)

struct node {
    struct heap_block b;
    struct node *next;
};

static struct stripe {
    rt_spinlock lock;
    struct node *free;
    struct node *bucket[BUCKETS];
} stripes[STRIPES];

static ALWAYS_INLINE u64 mix(uptr start)
{
    return (start >> 4) * 0x9E3779B97F4A7C15ull;
}
static ALWAYS_INLINE struct stripe *stripe_of(uptr start)
{
    return &stripes[mix(start) >> 56];
}
static ALWAYS_INLINE struct node **bucket_of(struct stripe *s, uptr start)
{
    return &s->bucket[(mix(start) >> 40) % BUCKETS];
}

void heap_block_add(struct rt_thread *t, uptr start, uptr size, uptr pc)
{
    uptr pcs[MAX_ALLOC_FRAMES];
    u32 stack = stack_depot_put(pcs, stack_capture(t, pc, pcs, MAX_ALLOC_FRAMES));

    struct stripe *s = stripe_of(start);
    rt_spin_lock(&s->lock);
    struct node *nd = s->free;
    if (nd)
        s->free = nd->next;
    else
        nd = rt_alloc(sizeof *nd);
    nd->b = (struct heap_block){start, size, t->uid, stack};
    struct node **b = bucket_of(s, start);
    nd->next = *b;
    *b = nd;
    rt_spin_unlock(&s->lock);
}

void heap_block_remove(uptr start)
{
    struct stripe *s = stripe_of(start);
    rt_spin_lock(&s->lock);
    for (struct node **p = bucket_of(s, start); *p; p = &(*p)->next) {
        if ((*p)->b.start == start) {
            struct node *nd = *p;
            *p = nd->next;
            nd->next = s->free;
            s->free = nd;
            break;
        }
    }
    rt_spin_unlock(&s->lock);
}

static bool lookup(uptr start, struct heap_block *out)
{
    struct stripe *s = stripe_of(start);
    bool found = false;
    rt_spin_lock(&s->lock);
    for (struct node *nd = *bucket_of(s, start); nd; nd = nd->next) {
        if (nd->b.start == start) {
            *out = nd->b;
            found = true;
            break;
        }
    }
    rt_spin_unlock(&s->lock);
    return found;
}

bool heap_block_find(uptr addr, struct heap_block *out)
{
    /* malloc returns 16-byte aligned blocks: walk candidate starts down. */
    uptr a = addr & ~(uptr)15;
    for (uptr back = 0; back <= MAX_SEARCH && back <= a; back += 16)
        if (lookup(a - back, out))
            return addr < out->start + out->size;
    return false;
}

/* fork (interceptors_fork.c): every stripe is consistent across it. */
void heap_block_fork_prepare(void)
{
    for (unsigned i = 0; i < STRIPES; i++)
        rt_spin_lock(&stripes[i].lock);
}
void heap_block_fork_parent(void)
{
    for (unsigned i = STRIPES; i > 0; i--)
        rt_spin_unlock(&stripes[i - 1].lock);
}
void heap_block_fork_child(void)
{
    for (unsigned i = 0; i < STRIPES; i++)
        stripes[i].lock.locked = 0;
}
