/*
 * stack_capture.h — a thread's current stack as program counters, for the
 * stacks a report shows later (allocation, lock creation) or now (the
 * current access, a crash).
 *
 * Stacks are stored in fixed arrays, yet the shadow call stack may be
 * deeper; the frames a user needs most are at both ends: where the access
 * happened and the thread's entry function (what thread is this?). So a
 * stack deeper than its array keeps its innermost frames and its
 * STACK_KEEP_OUTER outermost ones, with STACK_ELIDED in between, which a
 * report prints as "..."; stacks restored from the history (trace.c) are
 * cut the same way. Also: the shadow stack's unwinding after a longjmp.
 * stack_capture and stack_unwind are called by the owning thread only (it
 * reads and writes its own shadow stack); no locks, no allocation.
 */
#ifndef RT_STACK_CAPTURE_H
#define RT_STACK_CAPTURE_H

#include "thread.h"

/* Not a code address: marks where frames were left out. */
#define STACK_ELIDED ((uptr)1)
#define STACK_KEEP_OUTER 8

/* pcs[0] = pc, then the frames of `stack` (outermost first, `depth` of
 * them) innermost first, cut as above when they do not fit; at most max
 * (> STACK_KEEP_OUTER + 2) entries. Returns how many. Shared by the
 * current stack (below) and stacks restored from the history (trace.c),
 * so that both read alike. */
static inline unsigned stack_pcs(uptr pc, const uptr *stack, unsigned depth, uptr *pcs,
                                 unsigned max)
{
    unsigned n = 0;
    pcs[n++] = pc;
    if (depth + 1 <= max) {
        for (unsigned i = depth; i > 0; i--)
            pcs[n++] = stack[i - 1];
        return n;
    }
    /* Innermost frames, the marker, then the outermost ones (the stack's
     * first entries). */
    unsigned inner = max - 1 - STACK_KEEP_OUTER - 1;
    for (unsigned i = depth; n <= inner; i--)
        pcs[n++] = stack[i - 1];
    pcs[n++] = STACK_ELIDED;
    for (unsigned i = STACK_KEEP_OUTER; i > 0; i--)
        pcs[n++] = stack[i - 1];
    return n;
}

/* pcs[0] = pc (the access or call site), then t's shadow stack innermost
 * first (stack_pcs). */
static inline unsigned stack_capture(const struct rt_thread *t, uptr pc, uptr *pcs, unsigned max)
{
    return stack_pcs(pc, t->stack, t->depth < SHADOW_STACK_MAX ? t->depth : SHADOW_STACK_MAX, pcs,
                     max);
}

/* A longjmp skipped the function exits of the frames above depth: they
 * leave the shadow stack, and the history as exits, so that stacks
 * restored from it stay exact. */
static inline void stack_unwind(struct rt_thread *t, unsigned long depth)
{
    while (t->depth > depth && !t->ignore) {
        trace_add(t, EV_FUNC_EXIT, 0);
        t->depth--;
    }
}

#endif
