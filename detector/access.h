/*
 * access.h — the race check of one memory access against shadow memory.
 *
 * An access of thread t to bytes `mask` of the granule at `addr` is checked
 * against every cell of the granule and then recorded in one of them.
 * Two accesses race iff their byte masks intersect, at least one writes,
 * not both are atomic, and the older one does not happen-before the newer
 * (its epoch is above the newer thread's clock entry for its slot).
 */
#ifndef RT_ACCESS_H
#define RT_ACCESS_H

#include "rt_defs.h"

struct rt_thread;

/* One access within one granule (size 1..8, not crossing a granule). */
void access_granule(struct rt_thread *t, uptr addr, unsigned size, bool is_write,
                    bool is_atomic, uptr pc);
/* An access of any size and alignment: one history event, one check per
 * granule (ranges of libc functions, unaligned and 16-byte accesses). */
void access_range(struct rt_thread *t, uptr addr, uptr size, bool is_write, bool is_atomic,
                  uptr pc);
/* A free of the block [addr, addr+size) (granule-aligned, user space):
 * checked like a write of the range, after which that write, with one
 * history event at pc, is the only access recorded in each granule, so
 * that a later access the free does not happen-before races with it. */
void access_free(struct rt_thread *t, uptr addr, uptr size, uptr pc);
/* After this thread stored the access `cur` over its own cell of the
 * granule `cells` (shadow.h) without the full check: reports the first
 * cell that races with it, which another thread stored meanwhile (the
 * caller saw the cells change). */
void access_check_stored_meanwhile(struct rt_thread *t, u64 *cells, u64 cur, uptr addr,
                                   unsigned size, uptr pc);

#endif
