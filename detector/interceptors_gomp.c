/*
 * interceptors_gomp.c — gcc's OpenMP runtime (libgomp) seen through its
 * GOMP_* entry points and the omp_*_lock API.
 *
 * libgomp is not instrumented and synchronizes with futexes and atomics of
 * its own, so without these models every array a team shares looks
 * unordered (GCC 12's libgomp has no OMPT). gcc lowers each construct to
 * calls that this file wraps (omp_model.h has the happens-before rules):
 *  - parallel regions (GOMP_parallel and its combined loop/sections/
 *    reductions forms, host GOMP_teams_reg): the outlined function is
 *    replaced by rt_omp_member(), which brackets it with the region's begin and
 *    end; the master forks before and joins after;
 *  - barriers, explicit and implied (GOMP_barrier, GOMP_loop_end,
 *    GOMP_sections_end, the copyprivate pair): release on arrival, acquire
 *    on departure. The calling thread finds its region in `current`, set
 *    by rt_omp_member(); a thread outside every region is a team of one;
 *  - tasks (GOMP_task, GOMP_taskloop[_ull]): the task's argument block is
 *    extended with a header (struct task_head) carrying a token of its
 *    creation, its region and its dependences; rt_omp_task() brackets the body;
 *  - critical, atomic, ordered, doacross and omp locks: mutual exclusion.
 * Worksharing loops of any schedule need nothing else: iterations are
 * handed out by libgomp's atomics, and a correct program orders what
 * different iterations share with the constructs above. `single` without
 * copyprivate, `master`/`masked` and `flush` compile to no GOMP call of
 * their own (flush is an instrumented fence).
 *
 * Schedule perturbation (scheduler_fuzz/): libgomp waits in futexes and
 * spins that no interceptor sees, so every call that may wait for another
 * thread runs between SCHED_BEFORE_WAIT and SCHED_AFTER_WAIT (WAITING):
 * random delays land before OpenMP's waits as before any other, and under
 * a serial schedule (sched=pct) a thread gives up its turn while libgomp
 * makes it wait. A region member is outside its turn from its end to its
 * next start (the pool's idle wait), and a task runs inside the waiting
 * window of whatever call ran it (GOMP_task itself, a barrier, taskwait,
 * a member's idle time), taking a turn for its body.
 *
 * Not modeled (README, OpenMP limitations): task reductions of worksharing
 * constructs (GOMP_workshare_task_reduction_unregister's barrier),
 * offloading (target) constructs, and gcc's pre-4.9
 * GOMP_parallel_start/end.
 */
#include <stdarg.h>
#include <string.h>

#include "interceptors.h"
#include "omp_model.h"

/* A call that may wait for another thread: see the header. */
static void wait_begin(void) { perturb(cur_thread(), SCHED_BEFORE_WAIT); }
static void wait_end(void) { perturb(cur_thread(), SCHED_AFTER_WAIT); }
#define WAITING(CALL)                                                                          \
    ({                                                                                         \
        wait_begin();                                                                          \
        __auto_type res_ = (CALL);                                                             \
        wait_end();                                                                            \
        res_;                                                                                  \
    })
#define WAITING_VOID(CALL)                                                                     \
    do {                                                                                       \
        wait_begin();                                                                          \
        CALL;                                                                                  \
        wait_end();                                                                            \
    } while (0)

/* The innermost region the thread is a member of (NULL: none). */
static __thread struct omp_member *current __attribute__((tls_model("initial-exec")));

/* The region whose end the thread is in: libgomp's final barrier of a
 * region runs after the outlined function returned, and the thread runs
 * the region's remaining tasks there (gcc drops a barrier just before a
 * region's end, so a single's tasks often run only there). */
static __thread struct omp_member finishing __attribute__((tls_model("initial-exec")));

/* A team of one: what a thread outside every region belongs to. */
static __thread struct omp_member outside __attribute__((tls_model("initial-exec")));

static struct omp_member *member_of_thread(void)
{
    struct omp_member *m = current;
    if (!m) {
        m = &outside;
        m->region = &outside;
    }
    return m;
}

/* ---- parallel regions --------------------------------------------------- */

struct region {
    void (*fn)(void *);
    void *data;
};

static void rt_omp_member(void *p)
{
    struct region *r = p;
    struct omp_member self = {.region = r};
    wait_end();
    omp_member_begin(r);
    current = &self;
    r->fn(r->data);
    finishing = (struct omp_member){.region = r};
    current = &finishing;
    omp_member_end(r);
    wait_begin();
}

/* Runs CALL (a call of the real entry point with rt_omp_member and &r_ in
 * place of fn and data) as a fork and join of region r_; the master's
 * region is its outer one again after the final barrier. */
#define FORKED(CALL)                                                                           \
    ({                                                                                         \
        struct region r_ = {fn, data};                                                         \
        struct omp_member *outer_ = current;                                                   \
        omp_fork(&r_);                                                                         \
        __auto_type res_ = WAITING(CALL);                                                      \
        current = outer_;                                                                      \
        omp_join(&r_);                                                                         \
        res_;                                                                                  \
    })
#define FORKED_VOID(CALL)                                                                      \
    do {                                                                                       \
        struct region r_ = {fn, data};                                                         \
        struct omp_member *outer_ = current;                                                   \
        omp_fork(&r_);                                                                         \
        WAITING_VOID(CALL);                                                                    \
        current = outer_;                                                                      \
        omp_join(&r_);                                                                         \
    } while (0)

typedef void (*omp_fn)(void *);

void GOMP_parallel(omp_fn fn, void *data, unsigned nthreads, unsigned flags)
{
    FORKED_VOID(REAL(GOMP_parallel)(rt_omp_member, &r_, nthreads, flags));
}

unsigned GOMP_parallel_reductions(omp_fn fn, void *data, unsigned nthreads, unsigned flags)
{
    return FORKED(REAL(GOMP_parallel_reductions)(rt_omp_member, &r_, nthreads, flags));
}

void GOMP_parallel_sections(omp_fn fn, void *data, unsigned nthreads, unsigned count,
                            unsigned flags)
{
    FORKED_VOID(REAL(GOMP_parallel_sections)(rt_omp_member, &r_, nthreads, count, flags));
}

void GOMP_teams_reg(omp_fn fn, void *data, unsigned nteams, unsigned limit, unsigned flags)
{
    FORKED_VOID(REAL(GOMP_teams_reg)(rt_omp_member, &r_, nteams, limit, flags));
}

/* Combined parallel loops: with a chunk size, and the runtime schedules
 * without one. */
#define PARALLEL_LOOP(name)                                                                    \
    void name(omp_fn fn, void *data, unsigned nthreads, long start, long end, long incr,       \
              long chunk, unsigned flags)                                                      \
    {                                                                                          \
        FORKED_VOID(REAL(name)(rt_omp_member, &r_, nthreads, start, end, incr, chunk,          \
                               flags));                                                        \
    }
#define PARALLEL_LOOP_RUNTIME(name)                                                            \
    void name(omp_fn fn, void *data, unsigned nthreads, long start, long end, long incr,       \
              unsigned flags)                                                                  \
    {                                                                                          \
        FORKED_VOID(REAL(name)(rt_omp_member, &r_, nthreads, start, end, incr, flags));        \
    }
PARALLEL_LOOP(GOMP_parallel_loop_static)
PARALLEL_LOOP(GOMP_parallel_loop_dynamic)
PARALLEL_LOOP(GOMP_parallel_loop_guided)
PARALLEL_LOOP(GOMP_parallel_loop_nonmonotonic_dynamic)
PARALLEL_LOOP(GOMP_parallel_loop_nonmonotonic_guided)
PARALLEL_LOOP_RUNTIME(GOMP_parallel_loop_runtime)
PARALLEL_LOOP_RUNTIME(GOMP_parallel_loop_nonmonotonic_runtime)
PARALLEL_LOOP_RUNTIME(GOMP_parallel_loop_maybe_nonmonotonic_runtime)

/* ---- barriers ------------------------------------------------------------- */

/* Runs CALL as a barrier of the calling thread's team. */
#define BARRIER(CALL)                                                                          \
    ({                                                                                         \
        struct omp_member *m_ = member_of_thread();                                            \
        omp_barrier_arrive(m_);                                                                \
        __auto_type res_ = WAITING(CALL);                                                      \
        omp_barrier_leave(m_);                                                                 \
        res_;                                                                                  \
    })
#define BARRIER_VOID(CALL)                                                                     \
    do {                                                                                       \
        struct omp_member *m_ = member_of_thread();                                            \
        omp_barrier_arrive(m_);                                                                \
        WAITING_VOID(CALL);                                                                    \
        omp_barrier_leave(m_);                                                                 \
    } while (0)

void GOMP_barrier(void) { BARRIER_VOID(REAL(GOMP_barrier)()); }
bool GOMP_barrier_cancel(void) { return BARRIER(REAL(GOMP_barrier_cancel)()); }
void GOMP_loop_end(void) { BARRIER_VOID(REAL(GOMP_loop_end)()); }
bool GOMP_loop_end_cancel(void) { return BARRIER(REAL(GOMP_loop_end_cancel)()); }
void GOMP_sections_end(void) { BARRIER_VOID(REAL(GOMP_sections_end)()); }
bool GOMP_sections_end_cancel(void) { return BARRIER(REAL(GOMP_sections_end_cancel)()); }

/* copyprivate: the thread that ran the single block publishes its data
 * and waits at a barrier (copy_end); the others wait at that barrier
 * inside copy_start, which then returns the data. The executing thread's
 * copy_start returns NULL at once, before any barrier: its arrival there
 * only publishes a little early. */
void *GOMP_single_copy_start(void)
{
    struct omp_member *m = member_of_thread();
    omp_barrier_arrive(m);
    void *data = WAITING(REAL(GOMP_single_copy_start)());
    if (data)
        omp_barrier_leave(m);
    return data;
}

void GOMP_single_copy_end(void *data) { BARRIER_VOID(REAL(GOMP_single_copy_end)(data)); }

/* ---- mutual exclusion ------------------------------------------------------ */

static char unnamed_critical, atomic_lock;

void GOMP_critical_start(void)
{
    WAITING_VOID(REAL(GOMP_critical_start)());
    omp_lock_acquired((uptr)&unnamed_critical);
}

void GOMP_critical_end(void)
{
    omp_lock_releasing((uptr)&unnamed_critical);
    REAL(GOMP_critical_end)();
}

void GOMP_critical_name_start(void **name)
{
    WAITING_VOID(REAL(GOMP_critical_name_start)(name));
    omp_lock_acquired((uptr)name);
}

void GOMP_critical_name_end(void **name)
{
    omp_lock_releasing((uptr)name);
    REAL(GOMP_critical_name_end)(name);
}

void GOMP_atomic_start(void)
{
    WAITING_VOID(REAL(GOMP_atomic_start)());
    omp_lock_acquired((uptr)&atomic_lock);
}

void GOMP_atomic_end(void)
{
    omp_lock_releasing((uptr)&atomic_lock);
    REAL(GOMP_atomic_end)();
}

/* ordered blocks run one at a time, in iteration order. */
void GOMP_ordered_start(void)
{
    WAITING_VOID(REAL(GOMP_ordered_start)());
    omp_lock_acquired(omp_ordered_key(member_of_thread()->region));
}

void GOMP_ordered_end(void)
{
    omp_lock_releasing(omp_ordered_key(member_of_thread()->region));
    REAL(GOMP_ordered_end)();
}

/* doacross (ordered(n) with depend(sink/source)): a wait returns once the
 * iteration it names has posted; every post releases into the region's
 * ordered key, every wait acquires all posts so far. The wait is variadic
 * (one count per loop of the nest, which only libgomp knows): eight are
 * passed on, of which the callee reads the ones it needs. */
void GOMP_doacross_post(long *counts)
{
    omp_lock_releasing(omp_ordered_key(member_of_thread()->region));
    REAL(GOMP_doacross_post)(counts);
}

void GOMP_doacross_ull_post(unsigned long long *counts)
{
    omp_lock_releasing(omp_ordered_key(member_of_thread()->region));
    REAL(GOMP_doacross_ull_post)(counts);
}

#define DOACROSS_WAIT(name, type)                                                              \
    void name(type first, ...)                                                                 \
    {                                                                                          \
        type c[8];                                                                             \
        va_list ap;                                                                            \
        va_start(ap, first);                                                                   \
        for (int i = 0; i < 8; i++)                                                            \
            c[i] = va_arg(ap, type);                                                           \
        va_end(ap);                                                                            \
        WAITING_VOID(REAL(name)(first, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]));       \
        omp_lock_acquired(omp_ordered_key(member_of_thread()->region));                        \
    }
DOACROSS_WAIT(GOMP_doacross_wait, long)
DOACROSS_WAIT(GOMP_doacross_ull_wait, unsigned long long)

/* ---- tasks ------------------------------------------------------------------- */

#define TASK_FLAG_DEPEND (1u << 3)
#define TASK_FLAG_NOGROUP (1u << 11)
#define TASK_FLAG_REDUCTION (1u << 12)

/* Prepended to a task's argument block, at the start of an alignment
 * unit of its own: the task's data follows at `offset`. taskloop writes
 * each task's iteration bounds into the first two words of the block it
 * hands the task; those words are the header's, and rt_omp_task() moves
 * them to the first two words of the data, where the outlined function
 * reads them. A taskloop with a reduction reads the third word of the
 * block it is given (the reductions' descriptor): the header has a copy. */
struct task_head {
    u64 bounds[2];
    uptr reductions;
    omp_fn fn;
    void (*cpyfn)(void *, void *);
    void *orig_data;          /* the creator's data, for cpyfn */
    size_t offset;
    void *token;
    const void *region;
    uptr *deps;               /* rt_alloc'd; freed when the task ends */
    unsigned ndeps;
    bool is_loop, shared_token;
};

/* The addresses in a GOMP_task depend array (gcc's two layouts: a count
 * of entries first, or 0 then counts per kind, with depobj entries, which
 * point at {address, kind}, after the plain ones). rt_alloc'd. */
static uptr *task_deps(void **depend, unsigned *n)
{
    size_t total, first, plain;
    if ((uptr)depend[0]) {
        total = (uptr)depend[0];
        first = 2;
        plain = total;
    } else {
        total = (uptr)depend[1];
        first = 5;
        plain = (uptr)depend[2] + (uptr)depend[3] + (uptr)depend[4];
    }
    struct rt_thread *t = cur_thread();
    rt_enter(t);
    uptr *deps = rt_alloc(total * sizeof *deps);
    rt_leave(t);
    for (size_t i = 0; i < total; i++)
        deps[i] = i < plain ? (uptr)depend[first + i] : (uptr)((void **)depend[first + i])[0];
    *n = (unsigned)total;
    return deps;
}

static void rt_omp_task(void *block)
{
    struct task_head *h = block;
    char *data = (char *)block + h->offset;
    if (h->is_loop)
        memcpy(data, h->bounds, sizeof h->bounds);
    wait_end();
    omp_task_begin(h->token, h->shared_token, h->deps, h->ndeps);
    h->fn(data);
    omp_task_end(h->region, h->deps, h->ndeps);
    wait_begin();
    if (h->deps) {
        struct rt_thread *t = cur_thread();
        rt_enter(t);
        rt_free(h->deps);
        rt_leave(t);
    }
}

/* libgomp copies the block with our cpyfn when the creator has one. */
static void rt_omp_task_copy(void *dst, void *src)
{
    struct task_head *h = src;
    memcpy(dst, h, sizeof *h);
    h->cpyfn((char *)dst + h->offset, h->orig_data);
}

/* Builds the extended block in `buf` (room for `size` bytes at alignment
 * `align`, see TASK_BLOCK) and returns the header. */
#define TASK_BLOCK(name, arg_size, arg_align)                                                  \
    long name##_align = (arg_align) > (long)_Alignof(struct task_head)                         \
                            ? (arg_align) : (long)_Alignof(struct task_head);                  \
    size_t name##_offset = (sizeof(struct task_head) + (size_t)name##_align - 1) &             \
                           ~((size_t)name##_align - 1);                                        \
    long name##_size = (long)name##_offset + (arg_size);                                       \
    char name##_raw[name##_size + name##_align];                                               \
    struct task_head *name = (struct task_head *)(((uptr)name##_raw + (uptr)name##_align - 1) & \
                                                  ~((uptr)name##_align - 1))

static void task_head_init(struct task_head *h, size_t offset, omp_fn fn, void *data,
                           void (*cpyfn)(void *, void *), long arg_size, bool is_loop)
{
    *h = (struct task_head){.fn = fn, .cpyfn = cpyfn, .orig_data = data, .offset = offset,
                            .region = member_of_thread()->region, .is_loop = is_loop,
                            .shared_token = is_loop};
    if (!cpyfn && arg_size)
        memcpy((char *)h + offset, data, (size_t)arg_size);
    h->token = omp_task_token_new();
}

void GOMP_task(omp_fn fn, void *data, void (*cpyfn)(void *, void *), long arg_size,
               long arg_align, bool if_clause, unsigned flags, void **depend, int priority,
               void *detach)
{
    TASK_BLOCK(h, arg_size, arg_align);
    task_head_init(h, h_offset, fn, data, cpyfn, arg_size, false);
    if ((flags & TASK_FLAG_DEPEND) && depend)
        h->deps = task_deps(depend, &h->ndeps);
    WAITING_VOID(REAL(GOMP_task)(rt_omp_task, h, cpyfn ? rt_omp_task_copy : NULL, h_size,
                                 h_align, if_clause, flags, depend, priority, detach));
}

/* Every task of the loop starts from the same token. Without nogroup the
 * loop waits for its tasks (an implicit taskgroup): they happen before
 * its return, and the token goes then; with nogroup tasks may start
 * later, and it stays. */
#define TASKLOOP(name, type)                                                                   \
    void name(omp_fn fn, void *data, void (*cpyfn)(void *, void *), long arg_size,             \
              long arg_align, unsigned flags, unsigned long num_tasks, int priority,           \
              type start, type end, type step)                                                 \
    {                                                                                          \
        TASK_BLOCK(h, arg_size, arg_align);                                                    \
        task_head_init(h, h_offset, fn, data, cpyfn, arg_size, true);                          \
        if ((flags & TASK_FLAG_REDUCTION) && arg_size >= 3 * (long)sizeof(uptr))               \
            h->reductions = ((const uptr *)data)[2];                                           \
        WAITING_VOID(REAL(name)(rt_omp_task, h, cpyfn ? rt_omp_task_copy : NULL, h_size,       \
                                h_align, flags, num_tasks, priority, start, end, step));       \
        if (!(flags & TASK_FLAG_NOGROUP)) {                                                    \
            omp_tasks_wait(h->region);                                                         \
            omp_task_token_free(h->token);                                                     \
        }                                                                                      \
    }
TASKLOOP(GOMP_taskloop, long)
TASKLOOP(GOMP_taskloop_ull, unsigned long long)

void GOMP_taskwait(void)
{
    WAITING_VOID(REAL(GOMP_taskwait)());
    omp_tasks_wait(member_of_thread()->region);
}

void GOMP_taskwait_depend(void **depend)
{
    WAITING_VOID(REAL(GOMP_taskwait_depend)(depend));
    omp_tasks_wait(member_of_thread()->region);
}

void GOMP_taskgroup_end(void)
{
    WAITING_VOID(REAL(GOMP_taskgroup_end)());
    omp_tasks_wait(member_of_thread()->region);
}

/* ---- omp locks ------------------------------------------------------------------ */
/* The lock's address is its key. Both runtimes export these names; with
 * libomp, OMPT reports the same edges again (harmless). */

typedef struct omp_lock_s omp_lock_t;
typedef struct omp_nest_lock_s omp_nest_lock_t;

void omp_set_lock(omp_lock_t *l)
{
    WAITING_VOID(REAL(omp_set_lock)(l));
    omp_lock_acquired((uptr)l);
}

int omp_test_lock(omp_lock_t *l)
{
    int got = REAL(omp_test_lock)(l);
    if (got)
        omp_lock_acquired((uptr)l);
    return got;
}

void omp_unset_lock(omp_lock_t *l)
{
    omp_lock_releasing((uptr)l);
    REAL(omp_unset_lock)(l);
}

void omp_set_nest_lock(omp_nest_lock_t *l)
{
    WAITING_VOID(REAL(omp_set_nest_lock)(l));
    omp_lock_acquired((uptr)l);
}

int omp_test_nest_lock(omp_nest_lock_t *l)
{
    int depth = REAL(omp_test_nest_lock)(l);
    if (depth)
        omp_lock_acquired((uptr)l);
    return depth;
}

void omp_unset_nest_lock(omp_nest_lock_t *l)
{
    omp_lock_releasing((uptr)l);
    REAL(omp_unset_nest_lock)(l);
}
