/*
 * interceptors_malloc.c — the allocator: memory that changes owner starts
 * with no history, and free is a write.
 *
 * A block handed out by malloc may have been used and freed by another
 * thread a moment ago; glibc's own locking is invisible to us, so the old
 * accesses must be forgotten or they would race with the new owner's.
 * free() counts as a write of the block (a use racing with a free is a real
 * bug, before or after it), and the block waits in a quarantine
 * (free_quarantine.h) before glibc gets it back. The real allocator is reached through
 * glibc's __libc_* entry points, which need no dlsym and work before
 * initialization.
 */
#include <malloc.h>
#include <stdlib.h>

#include "access.h"
#include "deadlock.h"
#include "free_quarantine.h"
#include "heap_block.h"
#include "interceptor_pc.h"
#include "interceptors.h"
#include "omp_runtime_code.h"
#include "shadow.h"
#include "signal_unsafe.h"
#include "suppress.h"
#include "thread.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

/* How much of a freed block is checked as written: enough for any struct,
 * bounded so that freeing big buffers stays cheap. */
#define FREE_CHECK_BYTES 4096

/* A block just returned by the allocator to the caller at pc. Its shadow
 * is reset even while accesses are ignored (inside the runtime, or in an
 * ignore region): the block may still carry the mark of its last free,
 * which a later checked access would otherwise race with. */
static void *fresh(void *p, size_t n, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (!p)
        return p;
    bool checked = !t->ignore;
    signal_unsafe_check(t, pc);
    size_t usable = malloc_usable_size(p);
    rt_enter(t);
    shadow_reset((uptr)p, usable > n ? usable : n);
    if (checked)
        heap_block_add(t, (uptr)p, n, pc);
    rt_leave(t);
    return p;
}

void *malloc(size_t n)
{
    return fresh(__libc_malloc(n), n, CALLER_PC());
}

void *calloc(size_t n, size_t size)
{
    return fresh(__libc_calloc(n, size), n * size, CALLER_PC());
}

void *memalign(size_t align, size_t n)
{
    return fresh(__libc_memalign(align, n), n, CALLER_PC());
}

void *aligned_alloc(size_t align, size_t n)
{
    return fresh(__libc_memalign(align, n), n, CALLER_PC());
}

void *valloc(size_t n)
{
    return fresh(__libc_memalign(4096, n), n, CALLER_PC());
}

void *pvalloc(size_t n)
{
    return fresh(__libc_memalign(4096, (n + 4095) & ~(size_t)4095), n, CALLER_PC());
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (align < sizeof(void *) || (align & (align - 1)))
        return 22; /* EINVAL */
    void *p = fresh(__libc_memalign(align, n), n, CALLER_PC());
    if (!p)
        return 12; /* ENOMEM */
    *out = p;
    return 0;
}

static uptr checked_bytes(uptr usable)
{
    return usable < FREE_CHECK_BYTES ? usable : FREE_CHECK_BYTES;
}

/* free and its aliases, for the caller at `caller`; the access carries the
 * function's id (interceptor_pc.h: "free()" above the call site). The
 * checked bytes are written (a use racing with the free is a real bug) and
 * keep that write alone (access_free), so that a later use by a thread the
 * free does not happen-before (a use after free) is reported against it,
 * for as long as the block waits in the quarantine (free_quarantine.h: the
 * mark must go before glibc gets the memory back). The rest of the block
 * forgets its history at once, and so does all of a block too large to
 * wait. Allocator blocks are 16-byte aligned with a usable size that is a
 * multiple of 8: whole granules. */
static void free_as(void *p, enum interceptor_id id, uptr caller)
{
    struct rt_thread *t = cur_thread();
    if (!p)
        return;
    if (unlikely(rt_resolving)) {   /* the dynamic linker's own block: interceptor_resolve.c */
        __libc_free(p);
        return;
    }
    uptr size = malloc_usable_size(p), checked = checked_bytes(size);
    if (t->ignore || omp_runtime_code(caller)) {
        /* Unchecked, but no history may outlive the block: glibc may unmap
         * it, and anything may be mapped there next. */
        rt_enter(t);
        shadow_reset((uptr)p, size);
        rt_leave(t);
        __libc_free(p);
        return;
    }
    signal_unsafe_check(t, caller);
    uptr pc = interceptor_pc(id, caller);
    access_free(t, (uptr)p, checked, pc);
    rt_enter(t);
    suppress_forget_range((uptr)p, size);
    deadlock_forget_range((uptr)p, size);
    heap_block_remove((uptr)p);
    if (size > QUARANTINE_MAX_BLOCK) {
        shadow_reset((uptr)p, size);
        __libc_free(p);
    } else {
        shadow_reset((uptr)p + checked, size - checked);
        quarantine_put(p, size, checked);
    }
    rt_leave(t);
}

void free(void *p)
{
    free_as(p, INTERCEPTOR_free, CALLER_PC());
}

void cfree(void *p)
{
    free_as(p, INTERCEPTOR_cfree, CALLER_PC());
}

/* realloc ends the old object's life even when it returns the same
 * address (C11 7.22.3.5: it deallocates the old object): the old block is
 * written, like a free, before the call. A moved block then only forgets
 * its history: glibc frees it inside realloc, so it cannot wait in the
 * quarantine, and a use after the move goes unreported. */
void *realloc(void *p, size_t n)
{
    struct rt_thread *t = cur_thread();
    uptr caller = CALLER_PC();
    if (!p)
        return fresh(__libc_realloc(p, n), n, caller);
    bool checked = !t->ignore;
    uptr old = malloc_usable_size(p);
    if (checked) {
        access_range(t, (uptr)p, checked_bytes(old), true, false,
                     interceptor_pc(INTERCEPTOR_realloc, caller));
        rt_enter(t);
        suppress_forget_range((uptr)p, old);
        deadlock_forget_range((uptr)p, old);
        rt_leave(t);
    }
    void *q = __libc_realloc(p, n);
    /* glibc's realloc(p, 0) frees p and returns NULL; any other NULL is a
     * failure that leaves p as it was. */
    if (!q && n)
        return NULL;
    rt_enter(t);
    if (checked)
        heap_block_remove((uptr)p);
    if (q == p) {
        if (n > old)
            shadow_reset((uptr)p + old, malloc_usable_size(q) - old);
        if (checked)
            heap_block_add(t, (uptr)q, n, caller);
    } else {
        shadow_reset((uptr)p, old);   /* forgetting only: glibc may have reused it */
    }
    rt_leave(t);
    return q == p ? q : fresh(q, n, caller);
}
