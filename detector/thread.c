/*
 * thread.c — slot registry and thread lifetime (see thread.h).
 */
#include <string.h>
#include <sys/mman.h>

#include "deadlock.h"
#include "heap_block.h"
#include "options.h"
#include "shadow.h"
#include "thread.h"

/* Freed slots wait in a FIFO until this many are free: a slot reused at
 * once would make its new thread look ordered after the old one (both have
 * the same sid), hiding races between them. */
#define SLOT_QUARANTINE 64

/* Threads the runtime does not know (before initialization, or created
 * behind pthread_create's back) and threads that finished run as this
 * placeholder: accesses are not checked, interceptors only forward. */
static struct rt_thread ignored_thread = {.ignore = 1 << 20};

__thread struct rt_thread *rt_cur
    __attribute__((tls_model("initial-exec"))) = &ignored_thread;
struct rt_thread *rt_slots[MAX_SLOTS];
unsigned rt_slots_hwm;

static rt_spinlock registry_lock;
static struct rt_thread *free_head, *free_tail;
static unsigned free_count;
static u64 next_uid;

/* Thread records, indexed by uid, in chunks that never move. */
#define RECORD_CHUNK 4096
static struct thread_record *records[1u << 16];

static struct thread_record *record(u64 uid)
{
    struct thread_record **chunk = &records[uid / RECORD_CHUNK];
    if (!*chunk) {
        if (uid / RECORD_CHUNK >= sizeof records / sizeof records[0])
            rt_fatal("more than %zu threads created", sizeof records / sizeof records[0] * RECORD_CHUNK);
        *chunk = rt_alloc(RECORD_CHUNK * sizeof(struct thread_record));
    }
    return &(*chunk)[uid % RECORD_CHUNK];
}

static struct rt_thread *slot_new(void)
{
    if (rt_slots_hwm >= MAX_SLOTS)
        rt_fatal("more than %u threads alive at once", MAX_SLOTS);
    struct rt_thread *t = rt_alloc(sizeof *t);
    t->sid = rt_slots_hwm;
    u64 events = (1ull << 15) << rt_opts.history_size;
    t->trace = rt_mmap_noreserve(events * sizeof(u64));
    t->trace_mask = events - 1;
    t->nparts = events / TRACE_PART_EVENTS;
    t->parts = rt_alloc(t->nparts * sizeof(struct trace_part));
    for (unsigned i = 0; i < t->nparts; i++)
        t->parts[i].stack = rt_mmap_noreserve(SHADOW_STACK_MAX * sizeof(uptr));
    archive_init(&t->archive, events);
    t->stack = rt_mmap_noreserve(SHADOW_STACK_MAX * sizeof(uptr));
    t->clock.e = rt_mmap_noreserve((MAX_SLOTS + 1) * sizeof(u64));
    t->clock.cap = MAX_SLOTS + 1;
    /* The first event opens part 1 and so writes its header. */
    t->epoch = TRACE_PART_EVENTS - 1;
    STORE_REL(&rt_slots[t->sid], t);
    STORE(&rt_slots_hwm, t->sid + 1);
    return t;
}

/* Under registry_lock. */
static struct rt_thread *slot_take(u64 uid)
{
    struct rt_thread *t;
    if (free_count > SLOT_QUARANTINE) {
        t = free_head;
        free_head = t->next_free;
        if (!free_head)
            free_tail = NULL;
        free_count--;
        /* Start the new owner on a fresh history part, so replaying its
         * events never begins with the previous owner's call stack. */
        t->epoch = (t->epoch | (TRACE_PART_EVENTS - 1));
        vc_clear(&t->clock);
        vc_clear(&t->fence_acquire);
        vc_clear(&t->fence_release);
        t->depth = 0;
        t->nheld = 0;
        /* The previous owner's cells carry this sid too: none of them may
         * pass for an access of the new owner "since its last release". */
        t->last_release = t->epoch;
        t->detached = false;
        t->fiber = false;
        t->ignored_locks = false;
        t->in_signal_handler = 0;
        t->test_depth = 0;
    } else {
        t = slot_new();
    }
    if (t->epoch + 2 * TRACE_PART_EVENTS > EPOCH_MAX)
        rt_fatal("thread slot %u ran out of epochs", t->sid);
    if (t->journal_len == t->journal_cap) {
        unsigned cap = t->journal_cap ? 2 * t->journal_cap : 4;
        struct slot_journal *j = rt_alloc(cap * sizeof *j);
        if (t->journal) {
            memcpy(j, t->journal, t->journal_len * sizeof *j);
            rt_free(t->journal);
        }
        t->journal = j;
        t->journal_cap = cap;
    }
    t->journal[t->journal_len].epoch0 = t->epoch + 1;
    t->journal[t->journal_len].uid = uid;
    STORE_REL(&t->journal_len, t->journal_len + 1);
    t->uid = uid;
    t->state = SLOT_RUNNING;
    return t;
}

/* Under registry_lock. */
static void slot_release(struct rt_thread *t)
{
    t->state = SLOT_FREE;
    t->next_free = NULL;
    if (free_tail)
        free_tail->next_free = t;
    else
        free_head = t;
    free_tail = t;
    free_count++;
}

static void record_stack(struct rt_thread *t)
{
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *addr;
        size_t size;
        if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
            t->stack_lo = (uptr)addr;
            t->stack_hi = (uptr)addr + size;
        }
        pthread_attr_destroy(&attr);
    }
}

void thread_init_main(void)
{
    rt_spin_lock(&registry_lock);
    struct rt_thread *t = slot_take(next_uid++);
    rt_spin_unlock(&registry_lock);
    record(t->uid)->uid = t->uid;
    t->pthread = pthread_self();
    rt_cur = t;
    t->ignore++;   /* pthread_getattr_np allocates */
    record_stack(t);
    t->ignore--;
}

uptr *thread_stack_snapshot(const struct rt_thread *t, uptr pc, unsigned *depth)
{
    unsigned n = t->depth < SHADOW_STACK_MAX ? t->depth : SHADOW_STACK_MAX;
    uptr *stack = rt_alloc((n + 1) * sizeof(uptr));
    stack[0] = pc;
    for (unsigned i = 0; i < n; i++)
        stack[i + 1] = t->stack[n - 1 - i];
    *depth = n + 1;
    return stack;
}

/* A slot and a record for a new thread. */
static struct rt_thread *new_thread(struct thread_record **r)
{
    rt_spin_lock(&registry_lock);
    u64 uid = next_uid++;
    struct rt_thread *t = slot_take(uid);
    *r = record(uid);
    rt_spin_unlock(&registry_lock);
    (*r)->uid = uid;
    return t;
}

struct rt_thread *thread_prepare_child(struct rt_thread *parent, uptr pc)
{
    struct thread_record *r;
    struct rt_thread *child = new_thread(&r);
    /* Creation stack: pthread_create's caller, then the parent's frames. */
    r->create_stack = thread_stack_snapshot(parent, pc, &r->create_depth);

    /* Everything the parent did so far happens-before the child. */
    thread_sync_own_entry(parent);
    vc_copy(&child->clock, &parent->clock);
    thread_sync_own_entry(child);
    parent->last_release = parent->epoch;
    child->ignore = 1;   /* until thread_start binds it */
    return child;
}

struct rt_thread *thread_create_fiber(struct rt_thread *parent, uptr pc)
{
    struct rt_thread *f = thread_prepare_child(parent, pc);
    rt_spin_lock(&registry_lock);
    f->fiber = true;
    record(f->uid)->fiber = true;
    rt_spin_unlock(&registry_lock);
    f->ignore = 0;   /* it runs the program's code whenever switched to */
    return f;
}

void thread_destroy_fiber(struct rt_thread *f)
{
    rt_spin_lock(&registry_lock);
    record(f->uid)->finished = true;
    slot_release(f);
    rt_spin_unlock(&registry_lock);
}

void thread_set_name(u64 uid, const char *name)
{
    rt_spin_lock(&registry_lock);
    if (uid < next_uid) {
        struct thread_record *r = record(uid);
        size_t n = strnlen(name, sizeof r->name - 1);
        memcpy(r->name, name, n);
        r->name[n] = 0;
    }
    rt_spin_unlock(&registry_lock);
}

void thread_for_each_leaked(void (*fn)(const struct thread_record *r, void *arg), void *arg)
{
    for (unsigned i = 0;; i++) {
        struct thread_record copy;
        bool found = false;
        rt_spin_lock(&registry_lock);
        for (; i < rt_slots_hwm; i++) {
            struct rt_thread *t = rt_slots[i];
            if (t && t->state == SLOT_FINISHED && !t->detached && !t->fiber) {
                copy = *record(t->uid);
                found = true;
                break;
            }
        }
        rt_spin_unlock(&registry_lock);
        if (!found)
            return;
        fn(&copy, arg);
    }
}

struct rt_thread *thread_adopt(const char *creator, uptr *create_stack, unsigned depth)
{
    struct thread_record *r;
    struct rt_thread *t = new_thread(&r);
    r->create_stack = create_stack;
    r->create_depth = depth;
    r->creator = creator;
    t->detached = true;   /* nobody joins it: its slot goes when it ends */
    thread_sync_own_entry(t);
    t->ignore = 1;        /* until thread_start binds it */
    return t;
}

void thread_abandon_child(struct rt_thread *child)
{
    rt_spin_lock(&registry_lock);
    record(child->uid)->finished = true;
    slot_release(child);
    rt_spin_unlock(&registry_lock);
}

void thread_set_pthread(struct rt_thread *child, pthread_t pt)
{
    rt_spin_lock(&registry_lock);
    child->pthread = pt;
    rt_spin_unlock(&registry_lock);
}

void thread_start(struct rt_thread *self)
{
    rt_cur = self;
    /* glibc recycles the stacks (and static TLS) of exited threads: forget
     * the accesses the previous user of this memory made. */
    record_stack(self);
    shadow_reset(self->stack_lo, self->stack_hi - self->stack_lo);
    /* And the locks that lived there: their lock order is over. */
    deadlock_forget_range(self->stack_lo, self->stack_hi - self->stack_lo);
    thread_set_pthread(self, pthread_self());
    sched_thread_start(self->uid);
    self->ignore = 0;
    perturb(self, SCHED_THREAD_START);
}

void thread_finish(struct rt_thread *self)
{
    /* From here on a signal handler on this thread runs unchecked: an
     * access after the final clock snapshot would not be covered by join. */
    self->ignore++;
    thread_sync_own_entry(self);
    /* Accesses after this point (TLS destructors, glibc's exit path) are
     * not checked: the slot may soon belong to another thread. */
    rt_cur = &ignored_thread;
    heap_block_thread_finish();
    rt_spin_lock(&registry_lock);
    record(self->uid)->finished = true;
    self->state = SLOT_FINISHED;
    if (self->detached)
        slot_release(self);
    rt_spin_unlock(&registry_lock);
    /* After the mark: a joiner under a serial schedule, waiting on the
     * pthread_t, looks for it. */
    sched_thread_finish((const void *)pthread_self());
}

/* Under registry_lock: the slot of a thread not yet joined or released. */
static struct rt_thread *find_by_pthread(pthread_t pt)
{
    for (unsigned i = 0; i < rt_slots_hwm; i++) {
        struct rt_thread *t = rt_slots[i];
        if (t && t->state != SLOT_FREE && !t->detached && pthread_equal(t->pthread, pt) &&
            t != rt_cur)
            return t;
    }
    return NULL;
}

void thread_joined(struct rt_thread *joiner, pthread_t pt)
{
    rt_spin_lock(&registry_lock);
    struct rt_thread *t = find_by_pthread(pt);
    if (t && t->state == SLOT_FINISHED) {
        /* Everything the child did happens-before the return of join. */
        vc_join(&joiner->clock, &t->clock);
        slot_release(t);
    }
    rt_spin_unlock(&registry_lock);
}

bool thread_has_finished(pthread_t pt)
{
    rt_spin_lock(&registry_lock);
    struct rt_thread *t = find_by_pthread(pt);
    bool finished = !t || t->state == SLOT_FINISHED;
    rt_spin_unlock(&registry_lock);
    return finished;
}

unsigned long thread_next_creation_index(void)
{
    rt_spin_lock(&registry_lock);
    u64 uid = next_uid;
    rt_spin_unlock(&registry_lock);
    return uid;
}

void thread_detached(pthread_t pt)
{
    rt_spin_lock(&registry_lock);
    /* A thread may detach itself (libgomp's threads do, before they
     * exit); find_by_pthread never answers the caller. (A fiber's
     * pthread_self is its host thread's, which find_by_pthread finds.) */
    struct rt_thread *t = pthread_equal(pt, pthread_self()) && !rt_cur->fiber ? rt_cur
                                                                              : find_by_pthread(pt);
    if (t && t->state == SLOT_FREE)
        t = NULL;   /* a thread the runtime does not track */
    if (t) {
        t->detached = true;
        if (t->state == SLOT_FINISHED)
            slot_release(t);
    }
    rt_spin_unlock(&registry_lock);
}

static void copy_record(u64 uid, struct thread_record *out)
{
    *out = *record(uid);
}

bool thread_lookup(unsigned sid, u64 epoch, struct thread_record *out)
{
    bool found = false;
    rt_spin_lock(&registry_lock);
    if (sid < rt_slots_hwm && rt_slots[sid]) {
        struct rt_thread *t = rt_slots[sid];
        for (unsigned i = t->journal_len; i > 0; i--) {
            if (t->journal[i - 1].epoch0 <= epoch) {
                copy_record(t->journal[i - 1].uid, out);
                found = true;
                break;
            }
        }
    }
    rt_spin_unlock(&registry_lock);
    return found;
}

bool thread_record_by_uid(u64 uid, struct thread_record *out)
{
    rt_spin_lock(&registry_lock);
    bool ok = uid < next_uid;
    if (ok)
        copy_record(uid, out);
    rt_spin_unlock(&registry_lock);
    return ok;
}

bool thread_find_running(bool (*match)(const struct rt_thread *t, void *arg), void *arg,
                         u64 *uid)
{
    bool found = false;
    rt_spin_lock(&registry_lock);
    for (unsigned i = 0; i < rt_slots_hwm && !found; i++) {
        struct rt_thread *t = rt_slots[i];
        if (t && t->state == SLOT_RUNNING && match(t, arg)) {
            *uid = t->uid;
            found = true;
        }
    }
    rt_spin_unlock(&registry_lock);
    return found;
}

/* fork (interceptors_fork.c): the registry is consistent across it; in the
 * child, the other threads are gone: their slots are released (the child's
 * clock is made to cover all their events by the caller). */
void thread_fork_prepare(void) { rt_spin_lock(&registry_lock); }
void thread_fork_parent(void) { rt_spin_unlock(&registry_lock); }
void thread_fork_child(struct rt_thread *self)
{
    registry_lock.locked = 0;
    for (unsigned i = 0; i < rt_slots_hwm; i++) {
        struct rt_thread *t = rt_slots[i];
        if (!t || t == self || t->state == SLOT_FREE)
            continue;
        record(t->uid)->finished = true;
        slot_release(t);
    }
}
