/*
 * vector_clock.h — vector clocks indexed by thread slot.
 *
 * A thread's own clock lives in its slot (fixed capacity MAX_SLOTS, lazily
 * backed, only entries below the slot high-water mark are ever touched).
 * Sync objects hold growable clocks. Operations cost O(slots in use).
 * Who may touch what: a thread's clock is written only by that thread (and by
 * its creator before it starts); a sync object's clock only under the sync
 * object's lock.
 *
 * Shared clocks (a sync object's release clock) are read without the lock,
 * so they are only touched through the vc_*_shared functions, which keep
 * this protocol:
 *  - writers (one at a time, under the object's lock) store entries with
 *    relaxed atomics and only ever raise them, except vc_clear_shared;
 *  - growing fills a new array, publishes it, then the new length; the
 *    replaced array is never freed, since a reader may still be reading it
 *    (capacities double, so what is kept stays below the live array's size);
 *  - a reader joins entry by entry with relaxed loads. Everything released
 *    before its acquire (ordered by the program's atomic operation or lock
 *    that carried the edge) it sees; from a release in progress it may see
 *    some entries early: an extra edge, which can hide a race but never
 *    invent one.
 */
#ifndef RT_VECTOR_CLOCK_H
#define RT_VECTOR_CLOCK_H

#include "rt_defs.h"

struct vclock {
    u64 *e;     /* e[sid] = latest epoch of slot sid that happens-before */
    u32 len;    /* entries in use */
    u32 cap;
};

/* dst = max(dst, src) entrywise. */
void vc_join(struct vclock *dst, const struct vclock *src);
/* dst = src. */
void vc_copy(struct vclock *dst, const struct vclock *src);
void vc_clear(struct vclock *c);
void vc_free(struct vclock *c);
/* Makes sure entries [0, len) exist (zero-filled). */
void vc_reserve(struct vclock *c, u32 len);

/* shared = max(shared, src), by the holder of the shared clock's lock. */
void vc_join_into_shared(struct vclock *shared, const struct vclock *src);
/* dst = max(dst, shared), with or without the shared clock's lock. */
void vc_join_from_shared(struct vclock *dst, const struct vclock *shared);
/* Zeroes a shared clock, by the holder of its lock. */
void vc_clear_shared(struct vclock *shared);

static ALWAYS_INLINE u64 vc_get(const struct vclock *c, unsigned sid)
{
    return sid < c->len ? c->e[sid] : 0;
}

#endif
