/*
 * thread.h — thread slots: the per-thread detector state and its lifetime.
 *
 * Every live thread owns a slot (struct rt_thread); its slot id (sid) is what
 * shadow cells and vector clocks are indexed by. A slot is freed when its
 * thread is joined, or has exited while detached, and reused first-in
 * first-out after a quarantine, so programs may create any number of threads
 * over their life. A slot's epoch, history (trace) and journal survive
 * reuse: epochs keep increasing, so an old cell of the slot still names the
 * right event, and the journal maps it back to the thread that made it.
 *
 * Who touches what: the hot fields are written only by the owning thread
 * (readers on other threads use relaxed loads: epoch, trace). The registry
 * (slot allocation, records, pthread_t lookup) is under a global spinlock.
 */
#ifndef RT_THREAD_H
#define RT_THREAD_H

#include <pthread.h>

#include "rt_defs.h"
#include "sched_fuzz.h"
#include "trace.h"
#include "trace_archive.h"
#include "vector_clock.h"

#define SHADOW_STACK_MAX 65536

struct rt_thread {
    /* Hot: read on every instrumented access/call by the owning thread. */
    int ignore;              /* > 0: accesses are not checked (inside the runtime) */
    unsigned sid;
    u64 epoch;               /* epoch of this slot's latest event */
    u64 last_release;        /* epoch published by the latest release */
    u64 frame_epoch;         /* latest event that changed the stack or the
                              * held locks (entry, exit, lock, unlock) */
    u64 *trace;              /* event ring, TRACE_EVENTS(history_size) entries */
    u64 trace_mask;
    uptr *stack;             /* shadow call stack: return addresses */
    unsigned depth;          /* may exceed SHADOW_STACK_MAX (frames then dropped) */
    struct vclock clock;     /* what happens-before this thread now */

    /* Warm: synchronization and history. */
    struct held_lock held[MAX_HELD];  /* mutex set, for reports */
    unsigned nheld;
    /* Where each held lock was taken (same index as held): its sync
     * object, the call site and the shadow-stack depth then, for the
     * lock-order graph and misuse reports. */
    struct held_site { struct sync_var *var; uptr pc; unsigned depth; } held_at[MAX_HELD];
    struct vclock fence_acquire;  /* clocks relaxed loads could have acquired */
    struct vclock fence_release;  /* clock at the latest release fence */
    struct trace_part *parts;
    unsigned nparts;
    struct trace_archive archive; /* older parts, compressed */

    int in_signal_handler;   /* > 0 while an asynchronous signal handler runs (signal_unsafe.h) */
    uptr signal_frame;       /* the innermost such handler's trampoline frame */

    /* Cold: lifetime, under the registry lock. */
    u64 uid;                 /* thread number: T<uid>; 0 = main thread */
    pthread_t pthread;
    int state;               /* SLOT_* */
    bool detached;
    bool fiber;              /* made by __tsan_create_fiber (fiber.c) */
    bool ignored_locks;      /* was in an ignore region: its mutex set may lack locks */
    uptr stack_lo, stack_hi;     /* the thread's stack (and static TLS) */
    struct slot_journal *journal;
    unsigned journal_len, journal_cap;
    struct rt_thread *next_free;

    /* Test attribution (see racetest_rt.h); written by the owning thread. */
    int test_depth;
};

enum { SLOT_FREE, SLOT_RUNNING, SLOT_FINISHED };

/* Which thread held a slot from which epoch on. */
struct slot_journal {
    u64 epoch0;
    u64 uid;
};

/* What the report needs to know about any thread that ever existed. */
struct thread_record {
    u64 uid;
    bool finished;
    unsigned create_depth;
    uptr *create_stack;      /* innermost first; NULL for the main thread */
    bool fiber;              /* made by __tsan_create_fiber */
    char name[32];           /* AnnotateThreadName, __tsan_set_fiber_name; "" if none */
    const char *creator;     /* the call that started it; NULL: pthread_create */
};

extern __thread struct rt_thread *rt_cur __attribute__((tls_model("initial-exec")));
extern struct rt_thread *rt_slots[MAX_SLOTS];
extern unsigned rt_slots_hwm;

/* The calling thread's state, set up on first use (main thread at init). */
static ALWAYS_INLINE struct rt_thread *cur_thread(void) { return rt_cur; }

void thread_init_main(void);
/* Parent side of pthread_create: reserves a slot for the child, records the
 * creation stack, releases the parent's clock into it. */
struct rt_thread *thread_prepare_child(struct rt_thread *parent, uptr pc);
/* The creation stack of a thread that t starts at pc: pc, then t's frames
 * (innermost first; rt_alloc'd), and its depth. */
uptr *thread_stack_snapshot(const struct rt_thread *t, uptr pc, unsigned *depth);
/* A thread that the C library started (interceptors_sigev_thread.c), from
 * the thread itself: a slot with a fresh clock, detached, created by the
 * call `creator` (a static string) at create_stack (kept); thread_start
 * binds it as for a child. */
struct rt_thread *thread_adopt(const char *creator, uptr *create_stack, unsigned depth);
/* pthread_create failed: give the slot back. */
void thread_abandon_child(struct rt_thread *child);
void thread_set_pthread(struct rt_thread *child, pthread_t pt);
/* Child side: binds the slot to the running thread, resets the shadow of its
 * (possibly recycled) stack and TLS. */
void thread_start(struct rt_thread *self);
/* The thread's user code is done (return or pthread_exit). */
void thread_finish(struct rt_thread *self);
/* After a successful pthread_join / on pthread_detach. */
void thread_joined(struct rt_thread *joiner, pthread_t pt);
void thread_detached(pthread_t pt);
/* Fibers (fiber.c): a slot of its own for a context the program switches
 * to by hand; made by the parent like a thread, ended by destroy (never
 * the running one). */
struct rt_thread *thread_create_fiber(struct rt_thread *parent, uptr pc);
void thread_destroy_fiber(struct rt_thread *fiber);
/* Names thread uid in reports (truncated to 31 bytes). */
void thread_set_name(u64 uid, const char *name);
/* Calls fn for every thread that finished but was neither joined nor
 * detached (fibers are not threads). fn runs without the registry lock,
 * on a copy of the record. */
void thread_for_each_leaked(void (*fn)(const struct thread_record *r, void *arg), void *arg);
/* Whether thread_finish ran for pt (true for a thread the runtime does not
 * track: nothing to wait for). */
bool thread_has_finished(pthread_t pt);
/* The creation index (uid) the next thread will get. */
unsigned long thread_next_creation_index(void);

/* Report support: the thread that made event (sid, epoch); NULL if unknown.
 * Copies the record so the caller needs no lock. */
bool thread_lookup(unsigned sid, u64 epoch, struct thread_record *out);
bool thread_record_by_uid(u64 uid, struct thread_record *out);
/* The first running thread t for which match(t, arg) holds. match runs
 * under the registry lock: it must not lock, allocate or call libc. */
bool thread_find_running(bool (*match)(const struct rt_thread *t, void *arg), void *arg,
                         u64 *uid);

/* Slow-path helpers used by the release side of every synchronization. */
static ALWAYS_INLINE void thread_sync_own_entry(struct rt_thread *t)
{
    t->clock.e[t->sid] = t->epoch;
    if (t->clock.len <= t->sid)
        t->clock.len = t->sid + 1;
}

/* Appends one event to the thread's history; returns its epoch.
 * The epoch is taken with one instruction (xadd, no lock prefix: only this
 * thread writes it): a signal handler that runs in the middle, and makes
 * accesses of its own, can then never make the epoch go backwards. */
static ALWAYS_INLINE u64 trace_next_epoch(struct rt_thread *t)
{
    u64 e = 1;
    __asm__ volatile("xaddq %0, %1" : "+r"(e), "+m"(t->epoch));
    return e + 1;
}

/* Whether the event at epoch e opens a new part: trace_switch_part must
 * run before it is stored. */
static ALWAYS_INLINE bool trace_opens_part(u64 e)
{
    return (e & (TRACE_PART_EVENTS - 1)) == 0;
}

/* Stores event e (taken with trace_next_epoch, its part opened). A
 * function entry's pc is a return address, code in user space (below
 * 2^47): it needs no masking, which saves the hook two instructions. */
static ALWAYS_INLINE void trace_put(struct rt_thread *t, u64 e, int type, uptr pc)
{
    if (type != EV_FUNC_ENTER)
        pc &= EV_PC_MASK;
    STORE(&t->trace[e & t->trace_mask], ((u64)type << EV_SHIFT) | pc);
    if (type != EV_ACCESS)
        t->frame_epoch = e;
}

static ALWAYS_INLINE u64 trace_add(struct rt_thread *t, int type, uptr pc)
{
    u64 e = trace_next_epoch(t);
    if (unlikely(trace_opens_part(e)))
        trace_switch_part(t, e);
    trace_put(t, e, type, pc);
    return e;
}

/* A schedule-perturbation point (scheduler_fuzz/): libc calls made there
 * are the runtime's, not the program's. With scheduling off (the default
 * outside the runner) a point costs one load: every atomic store and
 * every lock passes here. */
static ALWAYS_INLINE void perturb(struct rt_thread *t, enum sched_point point)
{
    if (!sched_active || t->ignore)
        return;
    t->ignore++;
    sched_point(point);
    t->ignore--;
}

/* Whether the calling thread takes part in a serial schedule (sched=pct):
 * its blocking calls must then be made as try-and-wait (interceptors.h,
 * BLOCKING_ACQUIRE) or outside its turn. */
static ALWAYS_INLINE bool serial(struct rt_thread *t) { return sched_serial && !t->ignore; }

/* Serial schedules: after a failed try on `obj`, waits until another
 * thread releases it or virtual time reaches `deadline` (sched_fuzz.h). */
static inline enum sched_wait serial_wait_until(struct rt_thread *t, const void *obj,
                                                uint64_t deadline)
{
    t->ignore++;
    enum sched_wait w = sched_wait_release(obj, deadline);
    t->ignore--;
    return w;
}

/* The same without a deadline: false when no other thread can run (then
 * block for real). */
static inline bool serial_wait(struct rt_thread *t, const void *obj)
{
    return serial_wait_until(t, obj, SCHED_NO_DEADLINE) == SCHED_WAIT_AGAIN;
}

/* The virtual deadline of a timed wait until abstime on clk, taken by a
 * thread in the serial schedule (sched_wait_deadline). */
static inline uint64_t serial_deadline(struct rt_thread *t, clockid_t clk,
                                       const struct timespec *abstime)
{
    t->ignore++;
    uint64_t at = sched_wait_deadline(clk, true, abstime);
    t->ignore--;
    return at;
}

/* Runtime slow paths that may call libc (which may call back into our
 * interceptors) run between these: the interceptors then pass through. */
static ALWAYS_INLINE void rt_enter(struct rt_thread *t) { t->ignore++; }
static ALWAYS_INLINE void rt_leave(struct rt_thread *t) { t->ignore--; }

#endif
