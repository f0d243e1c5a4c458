/*
 * mutex_misuse.c — the lock hooks and the misuse reports (see
 * mutex_misuse.h). A lock's owner and recursion count are kept by
 * mutex_set.c as it is taken and released; here they are only read, and
 * cleared where the real lock is left free (a bad unlock of a lock that
 * does not check, a re-initialization).
 */
#include <stdio.h>
#include <string.h>

#include "deadlock.h"
#include "mutex_misuse.h"
#include "mutex_set.h"
#include "options.h"
#include "report_text.h"
#include "stack_depot.h"
#include "sync.h"
#include "thread.h"

/* Which held lock of t is addr (its index in t->held), or -1. */
static int held_index(const struct rt_thread *t, uptr addr)
{
    for (unsigned i = t->nheld; i > 0; i--)
        if (t->held[i - 1].addr == addr)
            return (int)i - 1;
    return -1;
}

/* A misuse report: the operation's stack, for a double lock where the
 * thread took the lock before, and where the lock was created. Identity:
 * the kind and the operation's call site. */
static void report_misuse(struct rt_thread *t, enum report_kind kind, struct sync_var *v,
                          const char *what, uptr pc, u32 before_stack)
{
    report_enter(t);
    uptr pcs[MAX_FRAMES];
    struct stack *s = rt_alloc(sizeof *s), *prev = rt_alloc(sizeof *prev);
    symbolize_stack(pcs, report_current_stack(t, pc, pcs, MAX_FRAMES), s);
    char key[300];
    if (s->n && s->f[0].line)
        snprintf(key, sizeof key, "%s:%d", s->f[0].file, s->f[0].line);
    else
        snprintf(key, sizeof key, "pc:%lx", (unsigned long)pc);
    if (!report_seen(kind, key)) {
        char thr[64], owner[64];
        thread_name(thr, sizeof thr, t->uid);
        u64 o = LOAD(&v->owner);
        if (o)
            thread_name(owner, sizeof owner, o - 1);
        struct buf b = {0}, j = {0};
        bprintf(&b, "==================\nWARNING: %s\n", report_kind_title(kind));
        bprintf(&b, "%s of mutex M%u (0x%012lx) by %s", what, v->id, (unsigned long)v->addr, thr);
        if (kind == REPORT_MUTEX_BAD_UNLOCK)
            bprintf(&b, ", which does not hold it (%s does):\n", o ? owner : "no thread");
        else
            bprintf(&b, ", while %s holds it:\n", o ? owner : "a thread");
        print_stack(&b, s);
        if (before_stack) {
            const uptr *bp;
            unsigned n = stack_depot_get(before_stack, &bp);
            symbolize_stack(bp, n, prev);
            bprintf(&b, "Mutex M%u previously acquired by the same thread here:\n", v->id);
            print_stack(&b, prev);
        }
        struct mutex_list m = {.addr = {v->addr}, .n = 1};
        describe_mutexes(&b, &m);
        describe_thread(&b, t->uid);
        bprintf(&b, "==================\n");
        char kindtext[64];
        snprintf(kindtext, sizeof kindtext, "%s of M%u", what, v->id);
        bprintf(&j, "[{\"kind\":");
        json_string(&j, kindtext);
        bprintf(&j, ",\"thread\":");
        json_string(&j, thr);
        bprintf(&j, ",\"stack\":");
        json_stack(&j, s);
        bprintf(&j, "}]");
        report_emit(kind, key, b.p, j.p);
        rt_free(b.p);
        rt_free(j.p);
    }
    rt_free(s);
    rt_free(prev);
    report_leave(t);
}

void mutex_hook_pre_lock(uptr addr, unsigned flags, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore || (flags & MC_TRY))
        return;
    rt_enter(t);
    struct sync_var *v = sync_get(addr, true);
    bool mine = LOAD(&v->owner) == t->uid + 1;
    if (mine && !(flags & (MC_RECURSIVE | MC_CHECKED)) && rt_opts.report_mutex_bugs) {
        int i = held_index(t, addr);
        report_misuse(t, REPORT_MUTEX_DOUBLE_LOCK, v, "Lock", pc,
                      i >= 0 ? mutex_set_held_stack(t, (unsigned)i) : 0);
    }
    if (!(flags & MC_READ) && !mine)
        deadlock_before_lock(t, v, pc);
    rt_leave(t);
}

void mutex_hook_pre_unlock(uptr addr, unsigned flags, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore || (flags & MC_READ))
        return;
    rt_enter(t);
    struct sync_var *v = sync_get(addr, true);
    if (LOAD(&v->owner) != t->uid + 1 && !(flags & MC_CHECKED)) {
        if (rt_opts.report_mutex_bugs)
            report_misuse(t, REPORT_MUTEX_BAD_UNLOCK, v, "Unlock", pc, 0);
        /* The real unlock does not check: the lock is free after it. */
        STORE(&v->owner, 0);
        v->recursion = 0;
    }
    rt_leave(t);
}

void mutex_hook_pre_destroy(uptr addr, uptr pc)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore || !rt_opts.report_destroy_locked)
        return;
    rt_enter(t);
    struct sync_var *v = sync_get(addr, false);
    if (v && LOAD(&v->owner))
        report_misuse(t, REPORT_MUTEX_DESTROY_LOCKED, v, "Destroy", pc, 0);
    rt_leave(t);
}

void mutex_hook_cond_wait(uptr addr, bool reacquired)
{
    struct rt_thread *t = cur_thread();
    if (t->ignore)
        return;
    rt_enter(t);
    struct sync_var *v = sync_get(addr, true);
    STORE(&v->owner, reacquired ? t->uid + 1 : 0);
    v->recursion = reacquired;
    rt_leave(t);
}

void mutex_hook_forget(uptr addr)
{
    struct sync_var *v = sync_get(addr, false);
    if (!v)
        return;
    STORE(&v->owner, 0);
    v->recursion = 0;
    deadlock_forget(v);
}
