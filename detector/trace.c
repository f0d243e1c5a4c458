/*
 * trace.c — history parts and stack restoration (see trace.h).
 */
#include "options.h"
#include "stack_capture.h"
#include "thread.h"
#include "trace_archive.h"

void trace_switch_part(struct rt_thread *t, u64 epoch)
{
    /* The part just completed goes to the archive while its header is
     * still in place (a ring of one part would rewrite it next). */
    u64 done = (epoch >> TRACE_PART_BITS) - 1;
    struct trace_part *prev = &t->parts[done % t->nparts];
    if (LOAD(&prev->epoch0) == done << TRACE_PART_BITS)
        archive_part(t, done, prev);
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

void trace_replay_event(u64 ev, uptr *scratch, unsigned *depth, struct held_lock *held,
                        unsigned *nheld)
{
    uptr pc = ev & EV_PC_MASK;
    switch (ev >> EV_SHIFT) {
    case EV_FUNC_ENTER:
        if (*depth < SHADOW_STACK_MAX)
            scratch[*depth] = pc;
        ++*depth;
        break;
    case EV_FUNC_EXIT:
        if (*depth > 0)
            --*depth;
        break;
    case EV_LOCK:
        held_add(held, nheld, pc & ~EV_WRITE_LOCK, pc & EV_WRITE_LOCK);
        break;
    case EV_UNLOCK:
        held_remove(held, nheld, pc);
        break;
    }
}

/* Replays the part of the ring that holds `epoch`; the access's pc, or 0
 * when the ring no longer holds that part. */
static uptr ring_replay(struct rt_thread *t, u64 epoch, uptr *scratch, unsigned *depth,
                        struct held_lock *held, unsigned *nheld)
{
    u64 epoch0 = epoch & ~(TRACE_PART_EVENTS - 1);
    u64 ring = t->trace_mask + 1;
    /* The owner may be writing the newest part while we read: everything
     * older than one part short of a full ring is stable. */
    if (LOAD(&t->epoch) - epoch0 >= ring - TRACE_PART_EVENTS)
        return 0;
    struct trace_part *p = &t->parts[(epoch >> TRACE_PART_BITS) % t->nparts];
    if (LOAD_ACQ(&p->epoch0) != epoch0)
        return 0;
    *depth = LOAD(&p->depth);
    for (unsigned i = 0; i < *depth; i++)
        scratch[i] = LOAD(&p->stack[i]);
    *nheld = LOAD(&p->nheld) < MAX_HELD ? LOAD(&p->nheld) : MAX_HELD;
    for (unsigned i = 0; i < *nheld; i++)
        held[i] = p->held[i];
    uptr access_pc = 0;
    for (u64 e = epoch0; e <= epoch; e++) {
        u64 ev = LOAD(&t->trace[e & t->trace_mask]);
        trace_replay_event(ev, scratch, depth, held, nheld);
        if (e == epoch && (ev >> EV_SHIFT) == EV_ACCESS)
            access_pc = ev & EV_PC_MASK;
    }
    /* Valid only if nothing was overwritten while we read. */
    if (LOAD_ACQ(&p->epoch0) != epoch0 ||
        LOAD(&t->epoch) - epoch0 >= ring - TRACE_PART_EVENTS)
        return 0;
    return access_pc;
}

unsigned trace_restore(unsigned sid, u64 epoch, uptr *out, unsigned max, struct held_lock *held,
                       unsigned *nheld)
{
    if (sid >= rt_slots_hwm)
        return 0;
    struct rt_thread *t = LOAD_ACQ(&rt_slots[sid]);
    if (!t || !t->parts)
        return 0;
    /* Replay into a scratch stack (outermost first), then reverse: from
     * the ring if it still holds the part, else from the archive. */
    static uptr scratch[SHADOW_STACK_MAX];  /* under the report lock */
    unsigned depth = 0;
    *nheld = 0;
    uptr access_pc = ring_replay(t, epoch, scratch, &depth, held, nheld);
    if (!access_pc) {
        depth = 0;
        *nheld = 0;
        access_pc = archive_replay(t, epoch, scratch, &depth, held, nheld);
    }
    if (!access_pc)
        return 0;
    /* A deep stack keeps its innermost and outermost frames (the thread's
     * entry) with a marker between, as the current access's stack does. */
    return stack_pcs(access_pc, scratch, depth < SHADOW_STACK_MAX ? depth : SHADOW_STACK_MAX, out,
                     max);
}
