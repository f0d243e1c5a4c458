/*
 * annotations_mutex.c — locks the runtime cannot see (a spinlock on an
 * atomic, a futex-based mutex), described by the program with
 * ThreadSanitizer's custom-mutex API (<sanitizer/tsan_interface.h>:
 * __tsan_mutex_create ... __tsan_mutex_post_divert) or with the dynamic
 * annotations AnnotateRWLockCreate/Acquired/Released/Destroy.
 *
 * Such a lock is modeled like a pthread rwlock (interceptors_pthread.c):
 * a writer acquires what writers and readers released, a reader what
 * writers released; it is in the thread's mutex set, the lock-order graph
 * and the misuse checks (mutex_misuse.h). Between pre_lock and post_lock,
 * pre_unlock and post_unlock, pre_signal and post_signal, the lock's own
 * code runs: its accesses and the synchronization it makes are ignored
 * (the thread's ignore count), as TSan ignores them, except between
 * pre_divert and post_divert, where it calls back into checked code.
 */
#include "interceptors.h"
#include "options.h"
#include "stack_capture.h"
#include "stack_depot.h"
#include "report_text.h"

/* TSan's flag values, from its public header. */
enum {
    TSAN_MUTEX_LINKER_INIT = 1 << 0,
    TSAN_MUTEX_WRITE_REENTRANT = 1 << 1,
    TSAN_MUTEX_READ_REENTRANT = 1 << 2,
    TSAN_MUTEX_READ_LOCK = 1 << 3,
    TSAN_MUTEX_TRY_LOCK = 1 << 4,
    TSAN_MUTEX_TRY_LOCK_FAILED = 1 << 5,
    TSAN_MUTEX_RECURSIVE_LOCK = 1 << 6,
    TSAN_MUTEX_RECURSIVE_UNLOCK = 1 << 7,
    TSAN_MUTEX_NOT_STATIC = 1 << 8,
    TSAN_MUTEX_CREATION_FLAGS = TSAN_MUTEX_LINKER_INIT | TSAN_MUTEX_WRITE_REENTRANT |
                                TSAN_MUTEX_READ_REENTRANT | TSAN_MUTEX_NOT_STATIC,
};

static void mutex_create(struct rt_thread *t, uptr addr, unsigned flags, uptr pc)
{
    rt_enter(t);
    if (!(flags & TSAN_MUTEX_LINKER_INIT)) {
        sync_reset(addr);
        mutex_hook_forget(addr);
    }
    struct sync_var *v = sync_get(addr, true);
    STORE(&v->mutex_flags, flags & TSAN_MUTEX_CREATION_FLAGS);
    uptr pcs[MAX_FRAMES];
    STORE(&v->create_stack, stack_depot_put(pcs, stack_capture(t, pc, pcs, MAX_FRAMES)));
    rt_leave(t);
}

static void mutex_destroy(struct rt_thread *t, uptr addr, unsigned flags, uptr pc)
{
    struct sync_var *v = sync_get(addr, false);
    if (!v)
        return;
    if (!((flags | LOAD(&v->mutex_flags)) & TSAN_MUTEX_LINKER_INIT))
        mutex_hook_pre_destroy(addr, pc);
    rt_enter(t);
    sync_reset(addr);
    mutex_hook_forget(addr);
    rt_leave(t);
}

/* The misuse and lock-order checks of a lock about to be waited for. */
static void mutex_pre_lock(uptr addr, unsigned flags, uptr pc)
{
    struct sync_var *v = sync_get(addr, true);
    unsigned mc = (flags & TSAN_MUTEX_READ_LOCK) ? MC_READ : 0;
    if (LOAD(&v->mutex_flags) & TSAN_MUTEX_WRITE_REENTRANT)
        mc |= MC_RECURSIVE;
    mutex_hook_pre_lock(addr, mc, pc);
}

/* Taken `times` times at once (a recursive lock coming back). */
static void mutex_acquired(struct rt_thread *t, uptr addr, bool read, int times, uptr pc)
{
    rt_enter(t);
    if (read)
        sync_read_acquire(t, addr);
    else
        sync_write_acquire(t, addr);
    for (int i = 0; i < times; i++)
        mutex_set_locked(t, addr, !read, pc);
    rt_leave(t);
}

/* Returns how many times the thread held it (all: released at once). */
static int mutex_releasing(struct rt_thread *t, uptr addr, bool read, bool all, uptr pc)
{
    int times = 0;
    if (!read)
        mutex_hook_pre_unlock(addr, 0, pc);
    rt_enter(t);
    if (!read && all) {
        for (unsigned i = 0; i < t->nheld; i++)
            times += t->held[i].addr == addr && t->held[i].write;
        for (int i = 1; i < times; i++)
            mutex_set_unlocked(t, addr);
    }
    mutex_set_unlocked(t, addr);
    if (read)
        sync_read_release(t, addr);
    else
        sync_release(t, addr);
    SCHED_RELEASING(addr);
    rt_leave(t);
    return times;
}

/* ---- <sanitizer/tsan_interface.h> ------------------------------------------ */

void __tsan_mutex_create(void *addr, unsigned flags)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        mutex_create(t, (uptr)addr, flags, CALLER_PC());
}

void __tsan_mutex_destroy(void *addr, unsigned flags)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        mutex_destroy(t, (uptr)addr, flags, CALLER_PC());
}

void __tsan_mutex_pre_lock(void *addr, unsigned flags)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        perturb(t, SCHED_BEFORE_LOCK);
        if (!(flags & TSAN_MUTEX_TRY_LOCK))
            mutex_pre_lock((uptr)addr, flags, CALLER_PC());
    }
    t->ignore++;   /* the lock's own code */
}

void __tsan_mutex_post_lock(void *addr, unsigned flags, int recursion)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore > 0)
        t->ignore--;
    if (t->ignore || (flags & TSAN_MUTEX_TRY_LOCK_FAILED))
        return;
    bool read = flags & TSAN_MUTEX_READ_LOCK;
    /* A lock released with recursive_unlock comes back with its count. */
    int times = !read && (flags & TSAN_MUTEX_RECURSIVE_LOCK) && recursion > 1 ? recursion : 1;
    mutex_acquired(t, (uptr)addr, read, times, CALLER_PC());
}

int __tsan_mutex_pre_unlock(void *addr, unsigned flags)
{
    struct rt_thread *t = cur_thread();
    int times = 0;
    if (!t->ignore)
        times = mutex_releasing(t, (uptr)addr, flags & TSAN_MUTEX_READ_LOCK,
                                flags & TSAN_MUTEX_RECURSIVE_UNLOCK, CALLER_PC());
    t->ignore++;
    return times;
}

void __tsan_mutex_post_unlock(void *addr, unsigned flags)
{
    (void)addr;
    (void)flags;
    struct rt_thread *t = cur_thread();
    if (t->ignore > 0)
        t->ignore--;
    perturb(t, SCHED_AFTER_UNLOCK);
}

/* Signaling a condition of the lock (the lock's code, not the program's). */
void __tsan_mutex_pre_signal(void *addr, unsigned flags)
{
    (void)addr;
    (void)flags;
    cur_thread()->ignore++;
}

void __tsan_mutex_post_signal(void *addr, unsigned flags)
{
    (void)addr;
    (void)flags;
    struct rt_thread *t = cur_thread();
    if (t->ignore > 0)
        t->ignore--;
}

/* The lock's code calls out to the program (a wait callback): checked. */
void __tsan_mutex_pre_divert(void *addr, unsigned flags)
{
    (void)addr;
    (void)flags;
    struct rt_thread *t = cur_thread();
    if (t->ignore > 0)
        t->ignore--;
}

void __tsan_mutex_post_divert(void *addr, unsigned flags)
{
    (void)addr;
    (void)flags;
    cur_thread()->ignore++;
}

/* ---- dynamic annotations (file and line first, as TSan declares them) ---- */

void AnnotateRWLockCreate(const char *file, int line, const volatile void *m)
{
    (void)file;
    (void)line;
    __tsan_mutex_create((void *)m, 0);
}

void AnnotateRWLockCreateStatic(const char *file, int line, const volatile void *m)
{
    (void)file;
    (void)line;
    __tsan_mutex_create((void *)m, TSAN_MUTEX_LINKER_INIT);
}

void AnnotateRWLockDestroy(const char *file, int line, const volatile void *m)
{
    (void)file;
    (void)line;
    __tsan_mutex_destroy((void *)m, 0);
}

/* The lock is already taken: the lock-order check comes late, but comes. */
void AnnotateRWLockAcquired(const char *file, int line, const volatile void *m, long is_w)
{
    (void)file;
    (void)line;
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return;
    mutex_pre_lock((uptr)m, is_w ? 0 : TSAN_MUTEX_READ_LOCK, CALLER_PC());
    mutex_acquired(t, (uptr)m, !is_w, 1, CALLER_PC());
}

void AnnotateRWLockReleased(const char *file, int line, const volatile void *m, long is_w)
{
    (void)file;
    (void)line;
    struct rt_thread *t = cur_thread();
    if (!t->ignore)
        mutex_releasing(t, (uptr)m, !is_w, false, CALLER_PC());
}
