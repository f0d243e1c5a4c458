/*
 * trace.h — per-slot event history, used to restore the stack of the
 * earlier access of a race (the shadow cell keeps only slot and epoch).
 *
 * Every event (access, function entry, function exit) takes the next epoch
 * of its slot and is stored at trace[epoch & mask]: the epoch is the index.
 * The ring is cut into parts of TRACE_PART_EVENTS; at the first event of a
 * part the owner saves the shadow stack into the part's header, so a stack
 * is restored by replaying entries/exits from the header up to the epoch.
 * The header is a seqlock (epoch0 is 0 while being rewritten) and the
 * replay re-checks that the owner has not wrapped around meanwhile: a stack
 * that cannot be restored exactly is reported as such, never guessed.
 */
#ifndef RT_TRACE_H
#define RT_TRACE_H

#include "rt_defs.h"

#define TRACE_PART_BITS 13
#define TRACE_PART_EVENTS (1ull << TRACE_PART_BITS)

/* Lock events carry the lock's address (47 bits) and, in EV_WRITE_LOCK,
 * whether it was taken for writing. */
enum { EV_ACCESS = 1, EV_FUNC_ENTER = 2, EV_FUNC_EXIT = 3, EV_LOCK = 4, EV_UNLOCK = 5 };
#define EV_WRITE_LOCK (1ull << 60)

/* The locks a thread holds (its mutex set), at most MAX_HELD; more are
 * not tracked (reports then list fewer). */
#define MAX_HELD 16
struct held_lock {
    uptr addr;
    bool write;
};
#define EV_SHIFT 61
#define EV_PC_MASK ((1ull << EV_SHIFT) - 1)

struct trace_part {
    u64 epoch0;              /* first epoch of the part; 0 while rewritten */
    unsigned depth;
    uptr *stack;             /* SHADOW_STACK_MAX entries, lazily backed */
    unsigned nheld;
    struct held_lock held[MAX_HELD];
};

struct rt_thread;

/* Called by the owner when its next event opens a new part. */
void trace_switch_part(struct rt_thread *t, u64 epoch);

/* Applies one event to a replayed stack (outermost first, at most
 * SHADOW_STACK_MAX frames kept, *depth counts them all) and held-lock set:
 * the ring's and the archive's replays (trace_archive.h) share it. */
void trace_replay_event(u64 ev, uptr *scratch, unsigned *depth, struct held_lock *held,
                        unsigned *nheld);

/* Restores the stack (innermost first, a deep one cut in the middle as
 * stack_capture.h cuts the current stack) of the access event at `epoch` of
 * slot `sid`, and the locks held then. Returns the number of frames, 0 if
 * it cannot be restored. The one entry point for reports: it replays the
 * ring, or the compressed archive of older parts (trace_archive.h). */
unsigned trace_restore(unsigned sid, u64 epoch, uptr *out, unsigned max, struct held_lock *held,
                       unsigned *nheld);

#endif
