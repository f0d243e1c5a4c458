/*
 * mutex_misuse.c — the lock hooks and the misuse reports (see
 * mutex_misuse.h). Whether a thread holds a lock is read from its mutex
 * set (mutex_set.h), which the lock models keep: the checks of a correct
 * program cost a scan of a few entries, and a lookup of the lock's sync
 * object only when a report is due or when a lock is taken while others
 * are held (the lock-order graph). A lock misused once is marked, and not
 * reported again until it is re-initialized: a mutex freed by a foreign
 * unlock leaves its holder's set stale.
 */
#include <stdio.h>
#include <string.h>

#include "deadlock.h"
#include "mutex_misuse.h"
#include "mutex_set.h"
#include "options.h"
#include "report_text.h"
#include "stack_capture.h"
#include "stack_depot.h"
#include "sync.h"
#include "thread.h"

#define MUTEX_MISUSED (1u << 31)   /* in sync_var.mutex_flags, above TSan's flags */

/* Where t holds addr exclusively (its index in t->held), or -1. */
static int held_index(const struct rt_thread *t, uptr addr)
{
    for (unsigned i = t->nheld; i > 0; i--)
        if (t->held[i - 1].addr == addr && t->held[i - 1].write)
            return (int)i - 1;
    return -1;
}

/* Marks v misused; false if it was already. */
static bool first_misuse(struct sync_var *v)
{
    u32 f = __atomic_fetch_or(&v->mutex_flags, MUTEX_MISUSED, __ATOMIC_RELAXED);
    return !(f & MUTEX_MISUSED);
}

/* A misuse report: the operation's stack, for a double lock where the
 * thread took the lock before, and where the lock was created. Identity:
 * the kind and the operation's call site. holder: uid + 1 of the thread
 * holding the lock, 0 for none. */
static void report_misuse(struct rt_thread *t, enum report_kind kind, struct sync_var *v,
                          const char *what, uptr pc, u32 before_stack, u64 holder)
{
    report_enter(t);
    uptr pcs[MAX_FRAMES];
    struct stack *s = rt_alloc(sizeof *s), *prev = rt_alloc(sizeof *prev);
    symbolize_stack(pcs, stack_capture(t, pc, pcs, MAX_FRAMES), s);
    char key[300];
    report_location_key(key, sizeof key, s, pc);
    prev->n = 0;
    if (before_stack) {
        const uptr *bp;
        unsigned n = stack_depot_get(before_stack, &bp);
        symbolize_stack(bp, n, prev);
    }
    const struct stack *shown[] = {s, prev};
    if (!report_seen(kind, key) && !report_suppressed(kind, key, shown, 2, v->addr)) {
        char thr[64], owner[64] = "no thread";
        thread_name(thr, sizeof thr, t->uid);
        if (holder)
            thread_name(owner, sizeof owner, holder - 1);
        struct buf b = {0}, j = {0};
        report_open(&b, kind);
        bprintf(&b, "%s of mutex M%u (0x%012lx) by %s", what, v->id, (unsigned long)v->addr, thr);
        if (kind == REPORT_MUTEX_BAD_UNLOCK)
            bprintf(&b, ", which does not hold it (%s does):\n", owner);
        else
            bprintf(&b, ", while %s holds it:\n", owner);
        print_stack(&b, s);
        if (before_stack) {
            bprintf(&b, "Mutex M%u previously acquired by the same thread here:\n", v->id);
            print_stack(&b, prev);
        }
        struct mutex_list m = {.addr = {v->addr}, .n = 1};
        describe_mutexes(&b, &m);
        describe_thread(&b, t->uid);
        char kindtext[64];
        snprintf(kindtext, sizeof kindtext, "%s of M%u", what, v->id);
        json_access(&j, true, kindtext, thr, s);
        report_emit(kind, key, &b, &j);
    }
    rt_free(s);
    rt_free(prev);
    report_leave(t);
}

/* Whether another running thread t holds addr exclusively: its set is
 * read while it changes (relaxed loads; mutex_set.c stores alike). */
static bool match_holder(const struct rt_thread *t, void *addr)
{
    unsigned n = LOAD(&t->nheld);
    for (unsigned i = 0; i < n && i < MAX_HELD; i++)
        if (LOAD(&t->held[i].addr) == (uptr)addr && LOAD(&t->held[i].write))
            return true;
    return false;
}

/* uid + 1 of a running thread that holds addr exclusively, 0 if none. */
static u64 holder_of(uptr addr)
{
    u64 uid;
    return thread_find_running(match_holder, (void *)addr, &uid) ? uid + 1 : 0;
}

void mutex_check_lock(struct rt_thread *t, uptr addr, unsigned flags, uptr pc)
{
    if (t->ignore || (flags & MC_TRY))
        return;
    int i = (flags & MC_READ) ? -1 : held_index(t, addr);
    bool double_lock = i >= 0 && !(flags & (MC_RECURSIVE | MC_CHECKED));
    bool nested = !(flags & MC_READ) && i < 0 && t->nheld > 0;
    if (!double_lock && !nested)
        return;
    rt_enter(t);
    if (double_lock) {
        struct sync_var *v = t->held_at[i].var;
        if (rt_opts.report_mutex_bugs && first_misuse(v))
            report_misuse(t, REPORT_MUTEX_DOUBLE_LOCK, v, "Lock", pc,
                          mutex_set_held_stack(t, (unsigned)i), t->uid + 1);
    } else {
        deadlock_before_lock(t, sync_get_cached(addr), pc);
    }
    rt_leave(t);
}

void mutex_check_unlock(struct rt_thread *t, uptr addr, unsigned flags, uptr pc)
{
    /* A full set may have dropped locks, and one taken in an ignore
     * region is not in it: then nothing can be told. */
    if (t->ignore || (flags & (MC_READ | MC_CHECKED)) || held_index(t, addr) >= 0 ||
        t->nheld >= MAX_HELD || t->ignored_locks || !rt_opts.report_mutex_bugs)
        return;
    rt_enter(t);
    struct sync_var *v = sync_get(addr, true);
    if (first_misuse(v))
        report_misuse(t, REPORT_MUTEX_BAD_UNLOCK, v, "Unlock", pc, 0, holder_of(addr));
    rt_leave(t);
}

void mutex_hook_pre_destroy(uptr addr, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore || !rt_opts.report_destroy_locked)
        return;
    rt_enter(t);
    u64 holder = holder_of(addr);
    struct sync_var *v = holder ? sync_get(addr, true) : NULL;
    if (v && first_misuse(v))
        report_misuse(t, REPORT_MUTEX_DESTROY_LOCKED, v, "Destroy", pc, 0, holder);
    rt_leave(t);
}

void mutex_hook_forget(uptr addr)
{
    struct sync_var *v = sync_get(addr, false);
    if (!v)
        return;
    __atomic_fetch_and(&v->mutex_flags, ~MUTEX_MISUSED, __ATOMIC_RELAXED);
    deadlock_forget(v);
}
