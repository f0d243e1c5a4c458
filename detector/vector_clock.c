/*
 * vector_clock.c — vector clock operations (see vector_clock.h).
 *
 * Thread clocks are preallocated (cap > MAX_SLOTS, never moved or freed);
 * sync-object clocks grow in powers of two from the runtime allocator.
 */
#include <string.h>

#include "vector_clock.h"

void vc_reserve(struct vclock *c, u32 len)
{
    if (len <= c->len)
        return;
    if (len > c->cap) {
        u32 cap = c->cap ? c->cap : 8;
        while (cap < len)
            cap *= 2;
        if (cap > MAX_SLOTS + 1)
            cap = MAX_SLOTS + 1;
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
