/*
 * heap_block.h — the live heap blocks: size, allocating thread and stack,
 * so that a report can say "Location is heap block of size N at ADDR
 * allocated by thread T1:".
 *
 * Registered by the malloc interceptors, looked up by the report path.
 * Registering and forgetting take no lock (heap_block.c); a lookup that
 * races with the block's free may miss it.
 */
#ifndef RT_HEAP_BLOCK_H
#define RT_HEAP_BLOCK_H

#include "rt_defs.h"

struct rt_thread;

struct heap_block {
    uptr start, size;
    u64 uid;       /* allocating thread */
    u32 stack;     /* stack_depot id of the allocation */
};

void heap_block_add(struct rt_thread *t, uptr start, uptr size, uptr pc);
void heap_block_remove(uptr start);
/* The calling thread is finishing: it registers and forgets no more
 * blocks (its accesses are ignored from here on), and what it kept for
 * later registrations goes back to all threads. */
void heap_block_thread_finish(void);
/* The live block containing addr (searching at most 1 MiB below it). */
bool heap_block_find(uptr addr, struct heap_block *out);

#endif
