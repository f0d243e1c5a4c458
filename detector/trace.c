/*
 * trace.c — history parts and stack restoration (see trace.h).
 */
#include "options.h"
#include "thread.h"

void trace_switch_part(struct rt_thread *t, u64 epoch)
{
    struct trace_part *p = &t->parts[(epoch >> TRACE_PART_BITS) % t->nparts];
    STORE_REL(&p->epoch0, 0);
    unsigned depth = t->depth < SHADOW_STACK_MAX ? t->depth : SHADOW_STACK_MAX;
    for (unsigned i = 0; i < depth; i++)
        STORE(&p->stack[i], t->stack[i]);
    STORE(&p->depth, depth);
    for (unsigned i = 0; i < t->nheld; i++)
        p->held[i] = t->held[i];
    STORE(&p->nheld, t->nheld);
    STORE_REL(&p->epoch0, epoch);
}

static void held_add(struct held_lock *held, unsigned *n, uptr addr, bool write)
{
    if (*n < MAX_HELD)
        held[(*n)++] = (struct held_lock){addr, write};
}

static void held_remove(struct held_lock *held, unsigned *n, uptr addr)
{
    for (unsigned i = *n; i > 0; i--) {
        if (held[i - 1].addr == addr) {
            held[i - 1] = held[--*n];
            return;
        }
    }
}

unsigned trace_restore(unsigned sid, u64 epoch, uptr *out, unsigned max, struct held_lock *held,
                       unsigned *nheld)
{
    if (sid >= rt_slots_hwm)
        return 0;
    struct rt_thread *t = LOAD_ACQ(&rt_slots[sid]);
    if (!t || !t->parts)
        return 0;
    u64 epoch0 = epoch & ~(TRACE_PART_EVENTS - 1);
    u64 ring = t->trace_mask + 1;
    /* The owner may be writing the newest part while we read: everything
     * older than one part short of a full ring is stable. */
    if (LOAD(&t->epoch) - epoch0 >= ring - TRACE_PART_EVENTS)
        return 0;
    struct trace_part *p = &t->parts[(epoch >> TRACE_PART_BITS) % t->nparts];
    if (LOAD_ACQ(&p->epoch0) != epoch0)
        return 0;

    /* Replay into a scratch stack (outermost first), then reverse. */
    static uptr scratch[SHADOW_STACK_MAX];  /* under the report lock */
    unsigned depth = LOAD(&p->depth);
    for (unsigned i = 0; i < depth; i++)
        scratch[i] = LOAD(&p->stack[i]);
    *nheld = LOAD(&p->nheld) < MAX_HELD ? LOAD(&p->nheld) : MAX_HELD;
    for (unsigned i = 0; i < *nheld; i++)
        held[i] = p->held[i];
    uptr access_pc = 0;
    for (u64 e = epoch0; e <= epoch; e++) {
        u64 ev = LOAD(&t->trace[e & t->trace_mask]);
        uptr pc = ev & EV_PC_MASK;
        switch (ev >> EV_SHIFT) {
        case EV_FUNC_ENTER:
            if (depth < SHADOW_STACK_MAX)
                scratch[depth] = pc;
            depth++;
            break;
        case EV_FUNC_EXIT:
            if (depth > 0)
                depth--;
            break;
        case EV_ACCESS:
            if (e == epoch)
                access_pc = pc;
            break;
        case EV_LOCK:
            held_add(held, nheld, pc & ~EV_WRITE_LOCK, pc & EV_WRITE_LOCK);
            break;
        case EV_UNLOCK:
            held_remove(held, nheld, pc);
            break;
        }
    }
    /* Valid only if nothing was overwritten while we read. */
    if (LOAD_ACQ(&p->epoch0) != epoch0 ||
        LOAD(&t->epoch) - epoch0 >= ring - TRACE_PART_EVENTS || !access_pc)
        return 0;
    if (depth > SHADOW_STACK_MAX)
        depth = SHADOW_STACK_MAX;
    unsigned n = 0;
    out[n++] = access_pc;
    for (unsigned i = depth; i > 0 && n < max; i--)
        out[n++] = scratch[i - 1];
    return n;
}
