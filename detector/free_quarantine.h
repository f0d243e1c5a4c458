/*
 * free_quarantine.h — freed blocks wait a little before the allocator gets
 * them back, so that a use after free can be reported against the free.
 *
 * free marks the first bytes of a block with its own write (see
 * interceptors_malloc.c). That mark is only sound while nobody else can own
 * the memory: once glibc has the block back it may hand it out (malloc
 * resets its shadow then) or unmap it, and libc or the dynamic loader may
 * map anything there without passing any interceptor. So a freed block
 * waits in its thread's quarantine, still allocated as far as glibc knows;
 * when it leaves, its mark is wiped first, then it is really freed.
 *
 * Per thread (static TLS), no lock: only the owning thread pushes and
 * evicts. A thread's quarantine is emptied when the thread exits (a
 * pthread key destructor), the main thread's at process exit by the OS.
 */
#ifndef RT_FREE_QUARANTINE_H
#define RT_FREE_QUARANTINE_H

#include "rt_defs.h"

/* Blocks larger than this do not wait: the caller forgets and frees them. */
#define QUARANTINE_MAX_BLOCK (256u << 10)

/* Hands block p (usable size `size` <= QUARANTINE_MAX_BLOCK, marked by the
 * caller in its first `marked` bytes, the rest already forgotten) to the
 * quarantine; may really free older blocks. Inside the runtime (ignore
 * raised): the calls it makes to libc are the runtime's. */
void quarantine_put(void *p, uptr size, uptr marked);

#endif
