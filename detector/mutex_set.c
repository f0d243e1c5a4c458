/*
 * mutex_set.c — per-thread held locks and their history events (see
 * mutex_set.h).
 */
#include "mutex_set.h"
#include "stack_capture.h"
#include "stack_depot.h"
#include "symbolize.h"
#include "sync.h"
#include "thread.h"

void mutex_set_locked(struct rt_thread *t, uptr addr, bool write, uptr pc)
{
    struct sync_var *v = sync_get_cached(addr);
    if (!LOAD(&v->create_stack)) {
        /* First lock: the stack a report names as where it was created. */
        uptr pcs[32];
        STORE(&v->create_stack, stack_depot_put(pcs, stack_capture(t, pc, pcs, 32)));
    }
    trace_add(t, EV_LOCK, addr | (write ? EV_WRITE_LOCK : 0));
    /* Other threads read the set (mutex_misuse.c, who holds a lock being
     * destroyed): relaxed stores of its entries and count. */
    unsigned n = t->nheld;
    if (n < MAX_HELD) {
        t->held_at[n] = (struct held_site){v, pc, t->depth};
        STORE(&t->held[n].addr, addr);
        STORE(&t->held[n].write, write);
        STORE(&t->nheld, n + 1);
    }
}

void mutex_set_unlocked(struct rt_thread *t, uptr addr)
{
    trace_add(t, EV_UNLOCK, addr);
    for (unsigned i = t->nheld; i > 0; i--) {
        if (t->held[i - 1].addr == addr) {
            unsigned last = t->nheld - 1;
            if (i - 1 != last) {
                STORE(&t->held[i - 1].addr, t->held[last].addr);
                STORE(&t->held[i - 1].write, t->held[last].write);
                t->held_at[i - 1] = t->held_at[last];
            }
            STORE(&t->nheld, last);
            return;
        }
    }
}

u32 mutex_set_held_stack(struct rt_thread *t, unsigned i)
{
    uptr pcs[MAX_FRAMES];
    unsigned n = 0, depth = t->held_at[i].depth;
    if (depth > t->depth)
        depth = t->depth;
    if (depth > SHADOW_STACK_MAX)
        depth = SHADOW_STACK_MAX;
    pcs[n++] = t->held_at[i].pc;
    for (unsigned k = depth; k > 0 && n < MAX_FRAMES; k--)
        pcs[n++] = t->stack[k - 1];
    return stack_depot_put(pcs, n);
}

void mutex_set_thread_ends(struct rt_thread *t)
{
    for (unsigned i = 0; i < t->nheld; i++)
        if (t->held[i].write)
            sync_release(t, t->held[i].addr);
}
