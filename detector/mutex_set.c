/*
 * mutex_set.c — per-thread held locks and their history events (see
 * mutex_set.h).
 */
#include "mutex_set.h"
#include "stack_capture.h"
#include "stack_depot.h"
#include "sync.h"
#include "thread.h"

void mutex_set_locked(struct rt_thread *t, uptr addr, bool write, uptr pc)
{
    struct sync_var *v = sync_get(addr, true);
    if (!LOAD(&v->create_stack)) {
        /* First lock: the stack a report names as where it was created. */
        uptr pcs[32];
        STORE(&v->create_stack, stack_depot_put(pcs, stack_capture(t, pc, pcs, 32)));
    }
    trace_add(t, EV_LOCK, addr | (write ? EV_WRITE_LOCK : 0));
    if (t->nheld < MAX_HELD)
        t->held[t->nheld++] = (struct held_lock){addr, write};
}

void mutex_set_unlocked(struct rt_thread *t, uptr addr)
{
    trace_add(t, EV_UNLOCK, addr);
    for (unsigned i = t->nheld; i > 0; i--) {
        if (t->held[i - 1].addr == addr) {
            t->held[i - 1] = t->held[--t->nheld];
            return;
        }
    }
}

void mutex_set_thread_ends(struct rt_thread *t)
{
    for (unsigned i = 0; i < t->nheld; i++)
        if (t->held[i].write)
            sync_release(t, t->held[i].addr);
}
