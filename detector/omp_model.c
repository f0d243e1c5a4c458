/*
 * omp_model.c — OpenMP's synchronization as sync-object operations (see
 * omp_model.h).
 */
#include "omp_model.h"
#include "sync.h"
#include "thread.h"

enum { KEY_FORK, KEY_JOIN, KEY_BARRIER0, KEY_BARRIER1, KEY_TASKS_DONE };

/* Task dependences: keyed by the dependence's address with bit 62 set, a
 * space no program address or runtime key reaches. */
#define DEP_KEY(addr) ((addr) | (1ull << 62))

static inline uptr key(const void *region, int k) { return (uptr)region + (uptr)k; }

/* The calling thread, or NULL when the runtime ignores it. */
static inline struct rt_thread *modeled(void)
{
    struct rt_thread *t = cur_thread();
    return t->ignore ? NULL : t;
}

void omp_fork(const void *region)
{
    struct rt_thread *t = modeled();
    if (t)
        sync_release(t, key(region, KEY_FORK));
}

void omp_member_begin(const void *region)
{
    struct rt_thread *t = modeled();
    if (t)
        sync_acquire(t, key(region, KEY_FORK));
}

void omp_member_end(const void *region)
{
    struct rt_thread *t = modeled();
    if (t)
        sync_release(t, key(region, KEY_JOIN));
}

void omp_join(const void *region)
{
    struct rt_thread *t = modeled();
    if (t) {
        sync_acquire(t, key(region, KEY_JOIN));
        sync_acquire(t, key(region, KEY_TASKS_DONE));
    }
}

void omp_barrier_arrive(const struct omp_member *m)
{
    struct rt_thread *t = modeled();
    if (t)
        sync_release(t, key(m->region, KEY_BARRIER0 + (int)(m->barriers & 1)));
}

void omp_barrier_leave(struct omp_member *m)
{
    struct rt_thread *t = modeled();
    if (t) {
        sync_acquire(t, key(m->region, KEY_BARRIER0 + (int)(m->barriers & 1)));
        sync_acquire(t, key(m->region, KEY_TASKS_DONE));
    }
    m->barriers++;
}

void *omp_task_token_new(void)
{
    struct rt_thread *t = modeled();
    if (!t)
        return NULL;
    rt_enter(t);
    void *token = rt_alloc(8);
    rt_leave(t);
    sync_release(t, (uptr)token);
    return token;
}

void omp_task_token_free(void *token)
{
    if (!token)
        return;
    struct rt_thread *t = cur_thread();
    rt_enter(t);
    /* The address returns to the allocator: a later token there starts
     * from nothing. */
    sync_reset((uptr)token);
    rt_free(token);
    rt_leave(t);
}

void omp_task_begin(void *token, bool shared, const uptr *deps, unsigned ndeps)
{
    struct rt_thread *t = modeled();
    if (t) {
        if (token)
            sync_acquire(t, (uptr)token);
        for (unsigned i = 0; i < ndeps; i++)
            sync_acquire(t, DEP_KEY(deps[i]));
    }
    if (!shared)
        omp_task_token_free(token);
}

void omp_task_end(const void *region, const uptr *deps, unsigned ndeps)
{
    struct rt_thread *t = modeled();
    if (!t)
        return;
    for (unsigned i = 0; i < ndeps; i++)
        sync_release(t, DEP_KEY(deps[i]));
    sync_release(t, key(region, KEY_TASKS_DONE));
}

void omp_tasks_wait(const void *region)
{
    struct rt_thread *t = modeled();
    if (t)
        sync_acquire(t, key(region, KEY_TASKS_DONE));
}

void omp_lock_acquired(uptr k)
{
    struct rt_thread *t = modeled();
    if (t)
        sync_acquire(t, k);
}

void omp_lock_releasing(uptr k)
{
    struct rt_thread *t = modeled();
    if (t)
        sync_release(t, k);
}
