/*
 * stack_depot.h — stacks stored once, named by a 32-bit id: allocation
 * stacks of heap blocks are kept for every live block, and most blocks of a
 * program are allocated from a handful of call paths.
 *
 * Lock-free: insertion claims a hash slot by CAS and appends the frames to
 * an append-only arena; entries are never removed, so ids stay valid for
 * the life of the process.
 */
#ifndef RT_STACK_DEPOT_H
#define RT_STACK_DEPOT_H

#include "rt_defs.h"

/* pcs innermost first. Returns 0 when the depot is full (no stack). */
u32 stack_depot_put(const uptr *pcs, unsigned n);
/* The frames of id; returns their number (0 for id 0). */
unsigned stack_depot_get(u32 id, const uptr **pcs);

#endif
