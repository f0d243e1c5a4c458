/*
 * mutex_set.c — per-thread held locks and their history events (see
 * mutex_set.h).
 */
#include "mutex_set.h"
#include "stack_depot.h"
#include "symbolize.h"
#include "sync.h"
#include "thread.h"

void mutex_set_locked(struct rt_thread *t, uptr addr, bool write, uptr pc)
{
    struct sync_var *v = sync_get(addr, true);
    if (!LOAD(&v->create_stack)) {
        /* First lock: the stack a report names as where it was created. */
        uptr pcs[32];
        unsigned n = 0, depth = t->depth < SHADOW_STACK_MAX ? t->depth : SHADOW_STACK_MAX;
        pcs[n++] = pc;
        for (unsigned i = depth; i > 0 && n < 32; i--)
            pcs[n++] = t->stack[i - 1];
        STORE(&v->create_stack, stack_depot_put(pcs, n));
    }
    trace_add(t, EV_LOCK, addr | (write ? EV_WRITE_LOCK : 0));
    if (t->nheld < MAX_HELD) {
        t->held_at[t->nheld] = (struct held_site){v, pc, t->depth};
        t->held[t->nheld++] = (struct held_lock){addr, write};
    }
}

void mutex_set_unlocked(struct rt_thread *t, uptr addr)
{
    trace_add(t, EV_UNLOCK, addr);
    for (unsigned i = t->nheld; i > 0; i--) {
        if (t->held[i - 1].addr == addr) {
            unsigned last = --t->nheld;
            if (i - 1 != last) {
                t->held[i - 1] = t->held[last];
                t->held_at[i - 1] = t->held_at[last];
            }
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
