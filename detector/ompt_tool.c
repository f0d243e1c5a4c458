/*
 * ompt_tool.c — LLVM's OpenMP runtime (libomp, what clang -fopenmp links)
 * seen through the OpenMP tool interface, OMPT (OpenMP 5.x, chapter 4),
 * the way LLVM's Archer reports it to ThreadSanitizer.
 *
 * Why OMPT and not libomp's __kmpc_* entry points: __kmpc_fork_call is
 * variadic (the outlined function's arguments follow), so wrapping it
 * needs an argument-forwarding thunk per arity; barriers, reductions and
 * task scheduling happen inside libomp without any entry point the
 * program calls; and OMPT is the interface libomp keeps stable for exactly
 * this use. No setup is needed: libomp calls ompt_start_tool at its
 * initialization, and the executable's definition (exported through
 * racetest.dynlist) comes before libomp's weak default. OMP_TOOL=disabled
 * turns it off, and with it the model (README, OpenMP).
 *
 * The callbacks map to omp_model.h:
 *  - parallel_begin/end: fork/join of a region, whose identity is a small
 *    object allocated here (parallel_data); implicit_task begin: member
 *    begin, with its barrier count in the implicit task's task_data;
 *  - sync_region, barrier kinds: arrival at begin, departure at end; the
 *    implicit barrier at the end of a region is one of them, which is
 *    what orders workers before the master's join (libomp reports a
 *    worker's implicit_task end only when its next region starts);
 *    taskwait and taskgroup: the region's finished tasks at the end of
 *    the wait (sync_region_wait: a taskgroup's task reductions are
 *    combined after it, before the sync region ends) and at end;
 *  - task_create/dependences/task_schedule: an explicit task's token and
 *    dependences, its first start and its completion; and a taskwait with
 *    a depend clause, which libomp announces as a task of its own
 *    (ompt_task_taskwait) whose completion (ompt_taskwait_complete) is the
 *    end of the wait: the waiter then acquires what the tasks it waited
 *    for released into those dependences;
 *  - mutex_acquired/released: critical, atomic and ordered (omp locks
 *    are intercepted by name, interceptors_gomp.c). libomp reports the
 *    release after it released, so a second thread could model its
 *    acquisition before the first modeled the release: as in Archer, the
 *    model keeps a lock of its own per mutex from acquired to released;
 *  - flush: clang calls libomp for `#pragma omp flush` (gcc inlines a
 *    fence, which is instrumented), so it is a sequentially consistent
 *    fence here;
 *  - reduction: libomp combines the threads' partial results inside its
 *    own barrier without any synchronization OMPT reports; the accesses
 *    between the reduction's begin and end are not checked (as Archer).
 * Two things OMPT does not report, intercepted here by name: doacross
 * loops (ordered(n) with depend(sink)/depend(source)), whose waits and
 * posts clang compiles to calls of __kmpc_doacross_wait/_post; and the
 * memory of an explicit task (__kmpc_omp_task_alloc), which libomp
 * recycles through its own allocator from one task to the next.
 *
 *
 * Schedule perturbation: libomp waits in spins and futexes no interceptor
 * sees. A thread is "waiting" (SCHED_BEFORE_WAIT ... SCHED_AFTER_WAIT, so
 * random delays precede the wait and a serial schedule takes its turn
 * away) from the begin of a barrier, taskwait or taskgroup end, or of a
 * mutex wait, to its end, and from the end of its implicit task to the
 * begin of the next one (the pool's idle wait).
 *
 * The OMPT types below are the interface's, as the OpenMP specification
 * defines them (the runtime is built without libomp's headers).
 */
#include <stdint.h>

#include "interceptors.h"
#include "omp_model.h"
#include "shadow.h"
#include "thread.h"

typedef union {
    uint64_t value;
    void *ptr;
} ompt_data_t;

typedef void (*ompt_interface_fn_t)(void);
typedef ompt_interface_fn_t (*ompt_function_lookup_t)(const char *name);
typedef void (*ompt_callback_t)(void);
typedef int (*ompt_set_callback_t)(int event, ompt_callback_t callback);

typedef struct {
    int (*initialize)(ompt_function_lookup_t lookup, int initial_device, ompt_data_t *tool_data);
    void (*finalize)(ompt_data_t *tool_data);
    ompt_data_t tool_data;
} ompt_start_tool_result_t;

typedef struct {
    ompt_data_t variable;
    int dependence_type;
} ompt_dependence_t;

enum {
    ompt_callback_parallel_begin = 3,
    ompt_callback_parallel_end = 4,
    ompt_callback_task_create = 5,
    ompt_callback_task_schedule = 6,
    ompt_callback_implicit_task = 7,
    ompt_callback_sync_region_wait = 16,
    ompt_callback_mutex_released = 17,
    ompt_callback_dependences = 18,
    ompt_callback_sync_region = 23,
    ompt_callback_mutex_acquire = 26,
    ompt_callback_mutex_acquired = 27,
    ompt_callback_flush = 29,
    ompt_callback_reduction = 31,
};
enum { ompt_scope_begin = 1, ompt_scope_end = 2, ompt_scope_beginend = 3 };
enum {
    ompt_sync_region_barrier = 1,
    ompt_sync_region_barrier_implicit = 2,
    ompt_sync_region_barrier_explicit = 3,
    ompt_sync_region_barrier_implementation = 4,
    ompt_sync_region_taskwait = 5,
    ompt_sync_region_taskgroup = 6,
    ompt_sync_region_reduction = 7,
    ompt_sync_region_barrier_implicit_workshare = 8,
    ompt_sync_region_barrier_implicit_parallel = 9,
    ompt_sync_region_barrier_teams = 10,
};
enum { ompt_task_initial = 1, ompt_task_implicit = 2, ompt_task_explicit = 4, ompt_task_taskwait = 16 };
enum {
    ompt_task_complete = 1,
    ompt_task_cancel = 3,
    ompt_task_detach = 4,
    ompt_taskwait_complete = 8,
};

/* What a task_data points at: an implicit task's membership in its region,
 * an explicit task's creation token and dependences, or a taskwait's
 * dependences. */
struct task_state {
    struct omp_member member;   /* member.region: the task's region */
    bool is_explicit, is_taskwait, started;
    void *token;
    uptr *deps;
    unsigned ndeps;
};

struct ident;   /* libomp's source location argument, never looked at */

/* A region's identity: only its address matters (omp_model.h keys). */
struct region {
    u64 keys;
};

/* Whether the thread is inside a waiting window (see the header): the
 * callbacks that open and close one do not always pair up (a worker's
 * implicit task may end after its next barrier began). */
static __thread bool waiting __attribute__((tls_model("initial-exec")));

static void wait_begin(void)
{
    if (!waiting) {
        waiting = true;
        perturb(cur_thread(), SCHED_BEFORE_WAIT);
    }
}

static void wait_end(void)
{
    if (waiting) {
        waiting = false;
        perturb(cur_thread(), SCHED_AFTER_WAIT);
    }
}

static void *tool_alloc(size_t n)
{
    struct rt_thread *t = cur_thread();
    rt_enter(t);
    void *p = rt_alloc(n);
    rt_leave(t);
    return p;
}

static void tool_free(void *p)
{
    struct rt_thread *t = cur_thread();
    rt_enter(t);
    rt_free(p);
    rt_leave(t);
}

static const void *region_of_task(const ompt_data_t *task)
{
    const struct task_state *s = task ? task->ptr : NULL;
    return s ? s->member.region : NULL;
}

static void on_parallel_begin(ompt_data_t *encountering_task, const void *frame,
                              ompt_data_t *parallel, unsigned requested, int flags,
                              const void *ra)
{
    (void)encountering_task, (void)frame, (void)requested, (void)flags, (void)ra;
    parallel->ptr = tool_alloc(sizeof(struct region));
    omp_fork(parallel->ptr);
}

static void on_parallel_end(ompt_data_t *parallel, ompt_data_t *encountering_task, int flags,
                            const void *ra)
{
    (void)encountering_task, (void)flags, (void)ra;
    omp_join(parallel->ptr);
    /* Only the address was ever used; a slow worker that still names it
     * after a later region got it back gains edges, never loses one. */
    tool_free(parallel->ptr);
    parallel->ptr = NULL;
}

static void on_implicit_task(int endpoint, ompt_data_t *parallel, ompt_data_t *task,
                             unsigned actual, unsigned index, int flags)
{
    (void)actual, (void)index;
    if (endpoint == ompt_scope_begin) {
        wait_end();
        struct task_state *s = tool_alloc(sizeof *s);
        /* The initial task belongs to no region that OMPT announced: a
         * team of one, named by its own state. */
        s->member.region = (flags & ompt_task_initial) || !parallel || !parallel->ptr
                               ? (const void *)s : parallel->ptr;
        task->ptr = s;
        if (s->member.region != s)
            omp_member_begin(s->member.region);
    } else if (endpoint == ompt_scope_end && task->ptr) {
        struct task_state *s = task->ptr;
        omp_member_end(s->member.region);
        tool_free(s);
        task->ptr = NULL;
        if (!(flags & ompt_task_initial))
            wait_begin();
    }
}

static void on_sync_region(int kind, int endpoint, ompt_data_t *parallel, ompt_data_t *task,
                           const void *ra)
{
    (void)parallel, (void)ra;
    struct task_state *s = task ? task->ptr : NULL;
    if (!s)
        return;
    switch (kind) {
    case ompt_sync_region_barrier:
    case ompt_sync_region_barrier_implicit:
    case ompt_sync_region_barrier_explicit:
    case ompt_sync_region_barrier_implementation:
    case ompt_sync_region_barrier_implicit_workshare:
    case ompt_sync_region_barrier_implicit_parallel:
    case ompt_sync_region_barrier_teams:
        if (endpoint == ompt_scope_begin) {
            omp_barrier_arrive(&s->member);
            wait_begin();
        } else if (endpoint == ompt_scope_end) {
            wait_end();
            omp_barrier_leave(&s->member);
        }
        break;
    case ompt_sync_region_taskwait:
    case ompt_sync_region_taskgroup:
        if (endpoint == ompt_scope_begin) {
            wait_begin();
        } else if (endpoint == ompt_scope_end) {
            wait_end();
            omp_tasks_wait(s->member.region);
        }
        break;
    default:
        break;
    }
}

static void on_sync_region_wait(int kind, int endpoint, ompt_data_t *parallel,
                                ompt_data_t *task, const void *ra)
{
    (void)parallel, (void)ra;
    struct task_state *s = task ? task->ptr : NULL;
    if (s && endpoint == ompt_scope_end &&
        (kind == ompt_sync_region_taskwait || kind == ompt_sync_region_taskgroup))
        omp_tasks_wait(s->member.region);
}

static void on_task_create(ompt_data_t *encountering_task, const void *frame,
                           ompt_data_t *new_task, int flags, int has_deps, const void *ra)
{
    (void)frame, (void)has_deps, (void)ra;
    if (!(flags & (ompt_task_explicit | ompt_task_taskwait)))
        return;
    struct task_state *s = tool_alloc(sizeof *s);
    s->member.region = region_of_task(encountering_task);
    if (flags & ompt_task_taskwait) {
        s->is_taskwait = true;
        wait_begin();
    } else {
        s->is_explicit = true;
        s->token = omp_task_token_new();
    }
    new_task->ptr = s;
}

static void on_dependences(ompt_data_t *task, const ompt_dependence_t *deps, int ndeps)
{
    struct task_state *s = task->ptr;
    if (!s || !(s->is_explicit || s->is_taskwait) || ndeps <= 0)
        return;
    s->deps = tool_alloc((size_t)ndeps * sizeof *s->deps);
    for (int i = 0; i < ndeps; i++)
        s->deps[i] = (uptr)deps[i].variable.ptr;
    s->ndeps = (unsigned)ndeps;
}

static void on_task_schedule(ompt_data_t *prior, int status, ompt_data_t *next)
{
    struct task_state *p = prior ? prior->ptr : NULL;
    bool done = status == ompt_task_complete || status == ompt_task_cancel ||
                status == ompt_task_detach;
    if (p && p->is_explicit && done) {
        omp_task_end(p->member.region, p->deps, p->ndeps);
        tool_free(p->deps);
        tool_free(p);
        prior->ptr = NULL;
    } else if (p && p->is_taskwait && status == ompt_taskwait_complete) {
        wait_end();
        omp_task_begin(NULL, false, p->deps, p->ndeps);
        tool_free(p->deps);
        tool_free(p);
        prior->ptr = NULL;
    }
    struct task_state *n = next ? next->ptr : NULL;
    /* A task body runs with a turn, whatever window ran it. */
    if (n && n->is_explicit)
        wait_end();
    if (n && n->is_explicit && !n->started) {
        n->started = true;
        omp_task_begin(n->token, false, n->deps, n->ndeps);
        n->token = NULL;
    }
}

/* Lock keys live apart from program addresses: libomp's wait ids. */
#define MUTEX_KEY(id) ((uptr)(id) | (1ull << 61))

enum { ompt_mutex_critical = 5, ompt_mutex_atomic = 6, ompt_mutex_ordered = 7 };

static bool modeled_mutex(int kind)
{
    return kind == ompt_mutex_critical || kind == ompt_mutex_atomic || kind == ompt_mutex_ordered;
}

/* The model's own lock of each mutex: one per critical name, the atomic
 * lock, ordered loops; few, never removed. Exact ids, not stripes: two
 * different critical sections may nest. */
#define MUTEX_SLOTS 4096
static struct {
    uint64_t id;   /* wait id + 1; 0: free */
    rt_spinlock lock;
} mutexes[MUTEX_SLOTS];

static rt_spinlock *mutex_lock_of(uint64_t wait_id)
{
    uint64_t want = wait_id + 1;
    for (unsigned i = (unsigned)(want * 0x9e3779b97f4a7c15ull >> 52), n = 0; n < MUTEX_SLOTS;
         i = (i + 1) % MUTEX_SLOTS, n++) {
        uint64_t have = __atomic_load_n(&mutexes[i].id, __ATOMIC_ACQUIRE);
        if (!have && __atomic_compare_exchange_n(&mutexes[i].id, &have, want, false,
                                                 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            return &mutexes[i].lock;
        if (have == want)
            return &mutexes[i].lock;
    }
    rt_fatal("more than %u OpenMP critical sections and ordered loops", MUTEX_SLOTS);
}

static void on_mutex_acquire(int kind, unsigned hint, unsigned impl, uint64_t wait_id,
                             const void *ra)
{
    (void)hint, (void)impl, (void)wait_id, (void)ra;
    if (modeled_mutex(kind))
        wait_begin();
}

static void on_mutex_acquired(int kind, uint64_t wait_id, const void *ra)
{
    (void)ra;
    if (!modeled_mutex(kind))
        return;
    rt_spin_lock(mutex_lock_of(wait_id));
    wait_end();
    omp_lock_acquired(MUTEX_KEY(wait_id));
}

static void on_mutex_released(int kind, uint64_t wait_id, const void *ra)
{
    (void)ra;
    if (!modeled_mutex(kind))
        return;
    omp_lock_releasing(MUTEX_KEY(wait_id));
    rt_spin_unlock(mutex_lock_of(wait_id));
}

void __tsan_atomic_thread_fence(int mo);   /* atomics.c */

static void on_flush(ompt_data_t *thread, const void *ra)
{
    (void)thread, (void)ra;
    __tsan_atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void on_reduction(int kind, int endpoint, ompt_data_t *parallel, ompt_data_t *task,
                         const void *ra)
{
    (void)kind, (void)parallel, (void)task, (void)ra;
    struct rt_thread *t = cur_thread();
    if (endpoint == ompt_scope_begin)
        rt_enter(t);
    else if (endpoint == ompt_scope_end)
        rt_leave(t);
}

/* A new explicit task's descriptor (its private and firstprivate
 * variables follow libomp's header) and its block of shared-variable
 * pointers, which the creating thread fills: memory that libomp's own
 * allocator took back from a finished task, on whatever thread it ran,
 * with nothing a model sees in between. Fresh memory, as malloc's:
 * its history is forgotten. */
struct kmp_task {
    void *shareds;
};

struct kmp_task *__kmpc_omp_task_alloc(struct ident *loc, int32_t gtid, int32_t flags,
                                       size_t sizeof_task, size_t sizeof_shareds,
                                       void *task_entry)
{
    struct kmp_task *task =
        REAL(__kmpc_omp_task_alloc)(loc, gtid, flags, sizeof_task, sizeof_shareds, task_entry);
    if (task) {
        shadow_reset((uptr)task, sizeof_task);
        if (sizeof_shareds && task->shareds)
            shadow_reset((uptr)task->shareds, sizeof_shareds);
    }
    return task;
}

/* doacross: a wait returns once the iteration it names has posted. Every
 * post releases into one key, every wait acquires all posts so far, as
 * for libgomp (interceptors_gomp.c): more happens-before than the loop
 * has (a wait is also ordered after the posts of iterations it does not
 * name, of any doacross loop of the program), never less. One key,
 * because nothing libomp passes names the loop: the location argument is
 * the directive's, and the sink and the source are two directives. */
static u64 doacross_key;

void __kmpc_doacross_post(struct ident *loc, int32_t gtid, const int64_t *vec)
{
    omp_lock_releasing((uptr)&doacross_key);
    REAL(__kmpc_doacross_post)(loc, gtid, vec);
}

void __kmpc_doacross_wait(struct ident *loc, int32_t gtid, const int64_t *vec)
{
    wait_begin();
    REAL(__kmpc_doacross_wait)(loc, gtid, vec);
    wait_end();
    omp_lock_acquired((uptr)&doacross_key);
}

static int tool_initialize(ompt_function_lookup_t lookup, int initial_device,
                           ompt_data_t *tool_data)
{
    (void)initial_device, (void)tool_data;
    ompt_set_callback_t set = (ompt_set_callback_t)lookup("ompt_set_callback");
    if (!set)
        return 0;
    set(ompt_callback_parallel_begin, (ompt_callback_t)on_parallel_begin);
    set(ompt_callback_parallel_end, (ompt_callback_t)on_parallel_end);
    set(ompt_callback_implicit_task, (ompt_callback_t)on_implicit_task);
    set(ompt_callback_sync_region, (ompt_callback_t)on_sync_region);
    set(ompt_callback_sync_region_wait, (ompt_callback_t)on_sync_region_wait);
    set(ompt_callback_task_create, (ompt_callback_t)on_task_create);
    set(ompt_callback_dependences, (ompt_callback_t)on_dependences);
    set(ompt_callback_task_schedule, (ompt_callback_t)on_task_schedule);
    set(ompt_callback_mutex_acquire, (ompt_callback_t)on_mutex_acquire);
    set(ompt_callback_mutex_acquired, (ompt_callback_t)on_mutex_acquired);
    set(ompt_callback_mutex_released, (ompt_callback_t)on_mutex_released);
    set(ompt_callback_flush, (ompt_callback_t)on_flush);
    set(ompt_callback_reduction, (ompt_callback_t)on_reduction);
    return 1;
}

static void tool_finalize(ompt_data_t *tool_data)
{
    (void)tool_data;
}

ompt_start_tool_result_t *ompt_start_tool(unsigned omp_version, const char *runtime_version)
{
    (void)omp_version, (void)runtime_version;
    static ompt_start_tool_result_t result = {tool_initialize, tool_finalize, {0}};
    return &result;
}
