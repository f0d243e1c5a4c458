/*
 * vector_clock.h — vector clocks indexed by thread slot.
 *
 * A thread's own clock lives in its slot (fixed capacity MAX_SLOTS, lazily
 * backed, only entries below the slot high-water mark are ever touched).
 * Sync objects hold growable clocks. Operations cost O(slots in use).
 * Who may touch what: a thread's clock is written only by that thread (and by
 * its creator before it starts); a sync object's clock only under the sync
 * object's lock.
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

static ALWAYS_INLINE u64 vc_get(const struct vclock *c, unsigned sid)
{
    return sid < c->len ? c->e[sid] : 0;
}

#endif
