/*
 * interceptors_mmap.c — mapped memory starts with no history.
 *
 * A new mapping (anywhere, or MAP_FIXED over old memory) holds new
 * contents: the accesses recorded for whatever was mapped at those
 * addresses before (a mapping unmapped by libc behind our back, a dead
 * thread's stack, the previous MAP_FIXED mapping) must be forgotten, or
 * they would race with the new owner's. munmap and mremap forget the
 * ranges they remove or move; shmat likewise. Resets are done after
 * the real call succeeded: the kernel has then replaced the memory, and an
 * access by another thread to the old mapping after that point is a use
 * after unmap, not something to order.
 *
 * The runtime maps its own memory through mmap too (shadow, traces), at
 * times from the access fast path with the ignore flag down: those ranges
 * get a (cheap, useless) reset as well; nothing here allocates or locks.
 */
#include <errno.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/shm.h>

#include "interceptors.h"
#include "shadow.h"
#include "thread.h"

static void forget(struct rt_thread *t, void *addr, size_t size)
{
    if (t->ignore || !size)
        return;
    int saved = errno;
    rt_enter(t);
    shadow_reset((uptr)addr, size);
    rt_leave(t);
    errno = saved;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    struct rt_thread *t = cur_thread();
    void *p = REAL(mmap)(addr, len, prot, flags, fd, off);
    if (p != MAP_FAILED)
        forget(t, p, len);
    return p;
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    struct rt_thread *t = cur_thread();
    void *p = REAL(mmap64)(addr, len, prot, flags, fd, off);
    if (p != MAP_FAILED)
        forget(t, p, len);
    return p;
}

int munmap(void *addr, size_t len)
{
    struct rt_thread *t = cur_thread();
    int r = REAL(munmap)(addr, len);
    if (r == 0)
        forget(t, addr, len);
    return r;
}

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
    struct rt_thread *t = cur_thread();
    void *want = NULL;
    if (flags & MREMAP_FIXED) {
        va_list ap;
        va_start(ap, flags);
        want = va_arg(ap, void *);
        va_end(ap);
    }
    void *p = REAL(mremap)(old, old_len, new_len, flags, want);
    if (p == MAP_FAILED)
        return p;
    if (p == old) {
        /* In place: what it gave back, or what it added, is new. */
        if (new_len < old_len)
            forget(t, (char *)old + new_len, old_len - new_len);
        else
            forget(t, (char *)old + old_len, new_len - old_len);
    } else {
        /* Moved (MREMAP_DONTUNMAP keeps the old range, emptied). */
        forget(t, old, old_len);
        forget(t, p, new_len);
    }
    return p;
}

void *shmat(int id, const void *addr, int flags)
{
    struct rt_thread *t = cur_thread();
    void *p = REAL(shmat)(id, addr, flags);
    if (p != (void *)-1 && !t->ignore) {
        struct shmid_ds ds;
        int saved = errno;
        if (shmctl(id, IPC_STAT, &ds) == 0)
            forget(t, p, ds.shm_segsz);
        errno = saved;
    }
    return p;
}
