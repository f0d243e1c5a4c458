/*
 * vector_clock.c — vector clock operations (see vector_clock.h).
 *
 * Thread clocks are preallocated (cap > MAX_SLOTS, never moved or freed);
 * sync-object clocks grow in powers of two from the runtime allocator.
 */
#include <string.h>

#include "vector_clock.h"

static u32 grown_cap(u32 cap, u32 len)
{
    cap = cap ? cap : 8;
    while (cap < len)
        cap *= 2;
    return cap > MAX_SLOTS + 1 ? MAX_SLOTS + 1 : cap;
}

void vc_reserve(struct vclock *c, u32 len)
{
    if (len <= c->len)
        return;
    if (len > c->cap) {
        u32 cap = grown_cap(c->cap, len);
        u64 *e = rt_alloc(cap * sizeof(u64)), *old = c->e;
        if (old)
            memcpy(e, old, c->len * sizeof(u64));
        /* Publish before freeing: a fork in between leaves the child a
         * whole clock (and a leaked array), never a freed one. */
        c->e = e;
        c->cap = cap;
        rt_free(old);
    }
    /* Entries between the old len and the new one are zero: fresh memory
     * from rt_alloc, or cleared by vc_clear. */
    c->len = len;
}

void vc_join(struct vclock *dst, const struct vclock *src)
{
    vc_reserve(dst, src->len);
    for (u32 i = 0; i < src->len; i++)
        if (src->e[i] > dst->e[i])
            dst->e[i] = src->e[i];
}

void vc_copy(struct vclock *dst, const struct vclock *src)
{
    vc_clear(dst);
    vc_join(dst, src);
}

void vc_clear(struct vclock *c)
{
    if (c->len)
        memset(c->e, 0, c->len * sizeof(u64));
    c->len = 0;
}

void vc_free(struct vclock *c)
{
    if (c->e)
        rt_free(c->e);
    c->e = NULL;
    c->len = c->cap = 0;
}

void vc_join_into_shared(struct vclock *shared, const struct vclock *src)
{
    if (src->len > shared->len) {
        if (src->len > shared->cap) {
            /* The lock holder is the only writer: plain reads of its own
             * entries are safe. The old array stays readable (see .h). */
            u32 cap = grown_cap(shared->cap, src->len);
            u64 *e = rt_alloc(cap * sizeof(u64));
            if (shared->len)
                memcpy(e, shared->e, shared->len * sizeof(u64));
            STORE_REL(&shared->e, e);
            shared->cap = cap;
        }
        /* The new entries are zero (fresh, or cleared): a reader that sees
         * the length before the values below only misses an edge that is
         * still being released. */
        STORE_REL(&shared->len, src->len);
    }
    for (u32 i = 0; i < src->len; i++)
        if (src->e[i] > shared->e[i])
            STORE(&shared->e[i], src->e[i]);
}

void vc_join_from_shared(struct vclock *dst, const struct vclock *shared)
{
    /* Length first: the array loaded after it holds at least that many. */
    u32 len = LOAD_ACQ(&shared->len);
    const u64 *e = LOAD_ACQ(&shared->e);
    vc_reserve(dst, len);
    for (u32 i = 0; i < len; i++) {
        u64 v = LOAD(&e[i]);
        if (v > dst->e[i])
            dst->e[i] = v;
    }
}

void vc_clear_shared(struct vclock *shared)
{
    for (u32 i = 0; i < shared->len; i++)
        STORE(&shared->e[i], 0);
    STORE_REL(&shared->len, 0);
}
