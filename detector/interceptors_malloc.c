/*
 * interceptors_malloc.c — the allocator: memory that changes owner starts
 * with no history, and free is a write.
 *
 * A block handed out by malloc may have been used and freed by another
 * thread a moment ago; glibc's own locking is invisible to us, so the old
 * accesses must be forgotten or they would race with the new owner's.
 * free() first counts as a write of the block (a use racing with a free is
 * a real bug), then forgets it. The real allocator is reached through
 * glibc's __libc_* entry points, which need no dlsym and work before
 * initialization.
 */
#include <malloc.h>
#include <stdlib.h>

#include "access.h"
#include "heap_block.h"
#include "shadow.h"
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

/* A block just returned by the allocator to the caller at pc. */
static void *fresh(void *p, size_t n, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (p && !t->ignore) {
        rt_enter(t);
        size_t usable = malloc_usable_size(p);
        shadow_reset((uptr)p, usable > n ? usable : n);
        heap_block_add(t, (uptr)p, n, pc);
        rt_leave(t);
    }
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

static void forget(struct rt_thread *t, void *p, uptr pc)
{
    size_t size = malloc_usable_size(p);
    access_range(t, (uptr)p, size < FREE_CHECK_BYTES ? size : FREE_CHECK_BYTES, true, false, pc);
    rt_enter(t);
    shadow_reset((uptr)p, size);
    suppress_forget_range((uptr)p, size);
    heap_block_remove((uptr)p);
    rt_leave(t);
}

void free(void *p)
{
    struct rt_thread *t = cur_thread();
    if (p && !t->ignore)
        forget(t, p, CALLER_PC());
    __libc_free(p);
}

void cfree(void *p)
{
    free(p);
}

void *realloc(void *p, size_t n)
{
    struct rt_thread *t = cur_thread();
    if (!p || t->ignore)
        return fresh(__libc_realloc(p, n), n, CALLER_PC());
    size_t old = malloc_usable_size(p);
    /* realloc reads what it keeps of the old block. */
    access_range(t, (uptr)p, old < n ? old : n, false, false, CALLER_PC());
    void *q = __libc_realloc(p, n);
    if (!q)
        return NULL;
    rt_enter(t);
    if (q == p) {
        if (n > old)
            shadow_reset((uptr)p + old, malloc_usable_size(q) - old);
    } else {
        shadow_reset((uptr)p, old);
        shadow_reset((uptr)q, malloc_usable_size(q));
    }
    heap_block_remove((uptr)p);
    heap_block_add(t, (uptr)q, n, CALLER_PC());
    rt_leave(t);
    return q;
}
