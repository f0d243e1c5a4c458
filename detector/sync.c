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

void sync_reset(uptr addr)
{
    struct sync_var *v = sync_get(addr, false);
    if (!v)
        return;
    rt_spin_lock(&v->lock);
    vc_clear(&v->clock);
    vc_clear(&v->read_clock);
    rt_spin_unlock(&v->lock);
}

void sync_acquire(struct rt_thread *t, uptr addr)
{
    struct sync_var *v = sync_get(addr, false);
    if (!v)
        return;   /* nothing was ever released there */
    rt_spin_lock(&v->lock);
    vc_join(&t->clock, &v->clock);
    rt_spin_unlock(&v->lock);
}

void sync_release(struct rt_thread *t, uptr addr)
{
    struct sync_var *v = sync_get(addr, true);
    thread_sync_own_entry(t);
    rt_spin_lock(&v->lock);
    vc_join(&v->clock, &t->clock);
    rt_spin_unlock(&v->lock);
    t->last_release = t->epoch;
}

void sync_acq_rel(struct rt_thread *t, uptr addr)
{
    struct sync_var *v = sync_get(addr, true);
    thread_sync_own_entry(t);
    rt_spin_lock(&v->lock);
    vc_join(&t->clock, &v->clock);
    vc_join(&v->clock, &t->clock);
    rt_spin_unlock(&v->lock);
    t->last_release = t->epoch;
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
    struct sync_var *v = sync_get(addr, false);
    if (!v)
        return;
    rt_spin_lock(&v->lock);
    vc_join(&t->clock, &v->clock);
    vc_join(&t->clock, &v->read_clock);
    rt_spin_unlock(&v->lock);
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
    for (struct sync_var *v = LOAD_ACQ(&all_vars); v; v = v->next_all)
        if (v->lock.locked)
            v->lock.locked = 0;
    finish_half_made_entries();
}
