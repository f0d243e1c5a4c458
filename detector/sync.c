/*
 * sync.c — the sync-object table and the acquire/release operations
 * (see sync.h).
 */
#include <sys/mman.h>
#include <unistd.h>

#include "sync.h"
#include "thread.h"

#define TABLE_BITS 22
#define TABLE_SIZE (1u << TABLE_BITS)

struct table_entry {
    uptr key;                   /* 0 = empty; installed once, by CAS */
    struct sync_var *var;       /* published after key, release order */
};

static struct table_entry *table;
static struct sync_var *all_vars;   /* pushed lock-free at creation */
static u64 creations;               /* objects published so far (release) */

void sync_init(void)
{
    if (!table)
        table = rt_mmap_noreserve(TABLE_SIZE * sizeof *table);
}

static u32 hash(uptr a)
{
    u64 h = (u64)a * 0x9E3779B97F4A7C15ull;
    return (u32)(h >> (64 - TABLE_BITS));
}

void sync_forget_creation(void)
{
    for (struct sync_var *v = LOAD_ACQ(&all_vars); v; v = v->next_all)
        if (LOAD(&v->create_stack))
            STORE(&v->create_stack, 0);
}

/* A new object for addr, already on the list of all objects. */
static struct sync_var *var_new(uptr addr)
{
    static u32 next_id;
    struct sync_var *v = rt_alloc(sizeof *v);
    v->addr = addr;
    v->id = __atomic_add_fetch(&next_id, 1, __ATOMIC_RELAXED);
    v->next_all = LOAD(&all_vars);
    while (!__atomic_compare_exchange_n(&all_vars, &v->next_all, v, true, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED)) {
    }
    return v;
}

struct sync_var *sync_get(uptr addr, bool create)
{
    for (u32 i = hash(addr), n = 0; n < TABLE_SIZE; i = (i + 1) & (TABLE_SIZE - 1), n++) {
        struct table_entry *e = &table[i];
        uptr key = LOAD_ACQ(&e->key);
        if (key == 0) {
            if (!create)
                return NULL;
            uptr expected = 0;
            if (!__atomic_compare_exchange_n(&e->key, &expected, addr, false,
                                             __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
                key = expected;
            } else {
                struct sync_var *v = var_new(addr);
                STORE_REL(&e->var, v);
                __atomic_add_fetch(&creations, 1, __ATOMIC_RELEASE);
                return v;
            }
        }
        if (key == addr) {
            struct sync_var *v;
            /* The inserting thread publishes var right after the key. */
            while (!(v = LOAD_ACQ(&e->var)))
                __builtin_ia32_pause();
            return v;
        }
    }
    rt_fatal("too many synchronization objects (%u)", TABLE_SIZE);
}

/* ---- what this thread's clock already contains ---------------------------
 * A small direct-mapped cache per thread: the object at `addr` (saving the
 * table lookup) and the version of its release clock last joined into the
 * thread's clock. TLS rather than a field of the slot because it must not
 * outlive the thread whose clock it describes (a recycled slot starts with
 * a fresh clock; a new thread starts with zeroed TLS). Touched only with the
 * thread's ignore flag raised: a signal handler that interrupts an update
 * stays out of the runtime, so it never reads or writes a torn entry. */
#define JOINED_WAYS 64

struct joined {
    uptr addr;                  /* 0: empty */
    struct sync_var *var;
    u64 version;                /* var's version that the thread's clock contains */
};

static __thread struct joined joined_cache[JOINED_WAYS]
    __attribute__((tls_model("initial-exec")));

static ALWAYS_INLINE struct joined *joined_way(uptr addr)
{
    return &joined_cache[((u64)addr * 0x9E3779B97F4A7C15ull) >> 58];
}

/* The object at addr, through the cache when it has it. */
static ALWAYS_INLINE struct sync_var *lookup(struct joined *j, uptr addr, bool create)
{
    return j->addr == addr ? j->var : sync_get(addr, create);
}

/* Whether the thread's clock contains version `version` of j's object. */
static ALWAYS_INLINE bool joined_already(const struct joined *j, uptr addr, u64 version)
{
    return j->addr == addr && j->version == version;
}

/* A cached object whose version the thread's clock is not known to hold
 * (publish never reaches it). */
#define NO_VERSION (~(u64)0)

static ALWAYS_INLINE void remember(struct joined *j, uptr addr, struct sync_var *v, u64 version)
{
    j->addr = addr;
    j->var = v;
    j->version = version;
}

struct sync_var *sync_get_cached(uptr addr)
{
    struct joined *j = joined_way(addr);
    if (j->addr == addr)
        return j->var;
    struct sync_var *v = sync_get(addr, true);
    remember(j, addr, v, NO_VERSION);
    return v;
}

void sync_forget_joined(void)
{
    for (unsigned i = 0; i < JOINED_WAYS; i++)
        joined_cache[i].addr = 0;
}

/* Ends a change of v's release clock, under v's lock: readers that see the
 * new version see the new entries. */
static ALWAYS_INLINE u64 publish(struct sync_var *v)
{
    u64 version = v->version + 1;
    STORE_REL(&v->version, version);
    return version;
}

void sync_reset(uptr addr)
{
    struct sync_var *v = sync_get(addr, false);
    if (!v)
        return;
    rt_spin_lock(&v->lock);
    /* No new version: a clear only lowers entries, so every thread's
     * remembered version stays true (its clock holds more than needed). */
    vc_clear_shared(&v->clock);
    vc_clear(&v->read_clock);
    rt_spin_unlock(&v->lock);
}

/* Joins v's release clock into `into` without v's lock, unless the
 * thread's clock already holds its current version. */
static ALWAYS_INLINE void join_released(struct joined *j, uptr addr, struct sync_var *v,
                                        struct vclock *into, bool into_own_clock)
{
    u64 version = LOAD_ACQ(&v->version);
    if (joined_already(j, addr, version))
        return;
    vc_join_from_shared(into, &v->clock);
    if (into_own_clock)
        remember(j, addr, v, version);
}

void sync_acquire(struct rt_thread *t, uptr addr)
{
    rt_enter(t);
    struct joined *j = joined_way(addr);
    struct sync_var *v = lookup(j, addr, false);
    if (v)   /* else nothing was ever released there */
        join_released(j, addr, v, &t->clock, true);
    rt_leave(t);
}

/* Joins src (the thread's clock, or an older part of it) into v's release
 * clock, under v's lock. If the thread's clock held v's version before, it
 * holds the new one too, and the cache says so. */
static ALWAYS_INLINE void release_locked(struct joined *j, uptr addr, struct sync_var *v,
                                         const struct vclock *src)
{
    bool contained = joined_already(j, addr, v->version);
    vc_join_into_shared(&v->clock, src);
    v->contained_in = 0;
    STORE(&v->clock_empty, false);
    u64 version = publish(v);
    if (contained)
        remember(j, addr, v, version);
}

void sync_release(struct rt_thread *t, uptr addr)
{
    rt_enter(t);
    struct joined *j = joined_way(addr);
    struct sync_var *v = lookup(j, addr, true);
    thread_sync_own_entry(t);
    rt_spin_lock(&v->lock);
    v->not_only_atomics = true;
    release_locked(j, addr, v, &t->clock);
    rt_spin_unlock(&v->lock);
    t->last_release = t->epoch;
    rt_leave(t);
}

void sync_acq_rel(struct rt_thread *t, uptr addr)
{
    rt_enter(t);
    struct joined *j = joined_way(addr);
    struct sync_var *v = lookup(j, addr, true);
    thread_sync_own_entry(t);
    rt_spin_lock(&v->lock);
    v->not_only_atomics = true;
    if (!joined_already(j, addr, v->version))
        vc_join_from_shared(&t->clock, &v->clock);
    vc_join_into_shared(&v->clock, &t->clock);
    /* Now the object's clock is a part of the thread's. */
    remember(j, addr, v, publish(v));
    rt_spin_unlock(&v->lock);
    t->last_release = t->epoch;
    rt_leave(t);
}

void sync_read_acquire(struct rt_thread *t, uptr addr)
{
    sync_acquire(t, addr);
}

void sync_read_release(struct rt_thread *t, uptr addr)
{
    struct sync_var *v = sync_get(addr, true);
    thread_sync_own_entry(t);
    rt_spin_lock(&v->lock);
    vc_join(&v->read_clock, &t->clock);
    rt_spin_unlock(&v->lock);
    t->last_release = t->epoch;
}

void sync_write_acquire(struct rt_thread *t, uptr addr)
{
    rt_enter(t);
    struct joined *j = joined_way(addr);
    struct sync_var *v = lookup(j, addr, false);
    if (v) {
        /* The readers' clock is only read under the lock. */
        rt_spin_lock(&v->lock);
        vc_join(&t->clock, &v->read_clock);
        rt_spin_unlock(&v->lock);
        join_released(j, addr, v, &t->clock, true);
    }
    rt_leave(t);
}

/* ---- atomic variables (sync.h: release sequences) ----------------------- */

static ALWAYS_INLINE u64 seq_even(const struct sync_var *v)
{
    u64 seq;
    while ((seq = LOAD_ACQ(&v->store_seq)) & 1)
        __builtin_ia32_pause();
    return seq;
}

/* What read_begin returns when there was no object: the number of objects
 * created so far, odd-encoded (an object's store_seq is even between
 * stores). read_end looks the object up again only if one was created
 * since. */
#define NO_OBJECT(created) (((created) << 1) | 1)

u64 sync_atomic_read_begin(struct rt_thread *t, uptr addr)
{
    rt_enter(t);
    struct joined *j = joined_way(addr);
    struct sync_var *v = j->addr == addr ? j->var : NULL;
    u64 created = LOAD_ACQ(&creations);
    if (!v && (v = sync_get(addr, false)))
        remember(j, addr, v, NO_VERSION);
    u64 seq = v ? seq_even(v) : NO_OBJECT(created);
    rt_leave(t);
    return seq;
}

void sync_atomic_read_end(struct rt_thread *t, uptr addr, u64 seq, bool acquire)
{
    rt_enter(t);
    struct joined *j = joined_way(addr);
    struct sync_var *v = (seq & 1) && LOAD_ACQ(&creations) == seq >> 1
                             ? NULL   /* none then, none created since */
                             : lookup(j, addr, false);
    if (v) {
        struct vclock *into = acquire ? &t->clock : &t->fence_acquire;
        join_released(j, addr, v, into, acquire);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (LOAD(&v->store_seq) != seq) {
            /* A store replaced the clock while the value was read: what
             * the value carried is in merged now (or in the clock, when
             * the object is new). */
            seq_even(v);
            vc_join_from_shared(into, &v->merged);
            vc_join_from_shared(into, &v->clock);
        }
    }
    rt_leave(t);
}

/* The begin functions return inside the runtime (the ignore flag stays up
 * until end): a signal handler that came between them and did an atomic
 * operation on the same object would wait forever for its lock. */
/* Addresses where a relaxed store of this thread found no object (a
 * direct-mapped cache; stale entries only skip a clear). */
static __thread uptr no_object[JOINED_WAYS] __attribute__((tls_model("initial-exec")));

struct sync_var *sync_atomic_store_begin(struct rt_thread *t, uptr addr,
                                         const struct vclock *src)
{
    rt_enter(t);
    struct joined *j = joined_way(addr);
    uptr *none = &no_object[j - joined_cache];
    struct sync_var *v = NULL;
    if (src || *none != addr) {
        v = lookup(j, addr, src != NULL);
        if (!v)
            *none = addr;
    }
    if (!v || (!src && (LOAD(&v->clock_empty) || LOAD(&v->not_only_atomics)))) {
        rt_leave(t);
        return NULL;
    }
    rt_spin_lock(&v->lock);
    v->replacing = !v->not_only_atomics && !(src == &t->clock && v->contained_in == t->sid + 1);
    if (v->replacing) {
        STORE(&v->store_seq, v->store_seq + 1);
        __atomic_thread_fence(__ATOMIC_RELEASE);
    } else {
        /* Only raises entries: done before the store, as any release, so
         * that a reader of the new value finds it without a fallback. */
        vc_join_into_shared(&v->clock, src);
        remember(j, addr, v, publish(v));
    }
    return v;
}

void sync_atomic_store_end(struct rt_thread *t, struct sync_var *v, const struct vclock *src)
{
    if (v->replacing) {
        /* Readers that straddle this see store_seq move and also join
         * merged, which keeps what the clock loses. */
        vc_join_into_shared(&v->merged, &v->clock);
        vc_clear_shared(&v->clock);
        if (src)
            vc_join_into_shared(&v->clock, src);
        /* The new clock is a part of the thread's (or empty). */
        remember(joined_way(v->addr), v->addr, v, publish(v));
        STORE_REL(&v->store_seq, v->store_seq + 1);
    }
    v->contained_in = src == &t->clock && !v->not_only_atomics ? t->sid + 1 : 0;
    STORE(&v->clock_empty, !src);
    rt_spin_unlock(&v->lock);
    rt_leave(t);
}

struct sync_var *sync_atomic_rmw_begin(struct rt_thread *t, uptr addr, const struct vclock *src)
{
    rt_enter(t);
    struct joined *j = joined_way(addr);
    struct sync_var *v = lookup(j, addr, true);
    rt_spin_lock(&v->lock);
    release_locked(j, addr, v, src);
    return v;
}

void sync_atomic_rmw_end(struct rt_thread *t, struct sync_var *v, bool acquire)
{
    struct joined *j = joined_way(v->addr);
    if (acquire) {
        if (!joined_already(j, v->addr, v->version))
            vc_join_from_shared(&t->clock, &v->clock);
        remember(j, v->addr, v, v->version);
    } else {
        vc_join_from_shared(&t->fence_acquire, &v->clock);
    }
    rt_spin_unlock(&v->lock);
    rt_leave(t);
}

/* fork, in the child: a thread that was creating an object when the
 * process forked may have claimed the table entry (its key) and not yet
 * published the object; lookups of that key would wait for it forever, and
 * it does not exist in the child. Give such entries the object their thread
 * would have made (an object it had already made, if any, stays unused: it
 * never synchronized anything). Only table pages that were ever touched can
 * hold a key, and mincore names them, so a big, sparse table costs little. */
static void finish_half_made_entries(void)
{
    if (!table)
        return;
    size_t page = (size_t)sysconf(_SC_PAGESIZE), bytes = TABLE_SIZE * sizeof *table;
    size_t per_page = page / sizeof *table, npages = bytes / page;
    unsigned char *resident = rt_alloc(npages);
    if (mincore(table, bytes, resident) != 0)
        for (size_t p = 0; p < npages; p++)
            resident[p] = 1;
    for (size_t p = 0; p < npages; p++) {
        if (!(resident[p] & 1))
            continue;
        for (struct table_entry *e = &table[p * per_page], *end = e + per_page; e < end; e++)
            if (LOAD(&e->key) && !LOAD(&e->var))
                STORE_REL(&e->var, var_new(e->key));
    }
    rt_free(resident);
}

/* fork (interceptors_fork.c): object locks held by threads that do not
 * exist in the child are free again. What they guarded is a clock being
 * joined into: every entry is valid, some may lack a late update, which
 * only loses an edge of a thread that is gone. Half-made table entries
 * are finished. */
void sync_fork_child(void)
{
    /* Written only where set: a store would copy every page of objects. */
    for (struct sync_var *v = LOAD_ACQ(&all_vars); v; v = v->next_all) {
        if (v->lock.locked)
            v->lock.locked = 0;
        if (v->store_seq & 1)   /* a store was replacing the clock */
            v->store_seq++;
    }
    finish_half_made_entries();
}
