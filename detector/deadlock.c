/*
 * deadlock.c — the lock-order graph and lock-order-inversion reports (see
 * deadlock.h).
 *
 * A node is one lock's life: created the first time the lock takes part in
 * an edge, dropped (marked dead, never freed: edges may still point to it)
 * when the lock is destroyed, re-initialized or freed. Edges are appended
 * under graph_lock and read without it: a node's edge array is published
 * with release order and replaced, never freed, when it grows, and its
 * capacity travels with it, so a reader never reads past the array it
 * loaded. A reader that misses a fresh edge takes the lock and looks again.
 *
 * Gate locks: each edge keeps the locks (up to GATES) that were held, other
 * than its source, every time it was made; an edge made again with fewer of
 * them shrinks the set and is checked again. A cycle is reported only if no
 * lock is common to all its edges: the search walks (node, common gates of
 * the new edge still shared) states, GATES bits of them.
 *
 * One thread alone cannot deadlock with itself: a cycle is reported only
 * when its edges were made by at least two threads.
 */
#include <stdio.h>
#include <string.h>

#include "deadlock.h"
#include "mutex_set.h"
#include "options.h"
#include "report_text.h"
#include "stack_capture.h"
#include "stack_depot.h"
#include "sync.h"
#include "thread.h"

#define GATES 4
#define MAX_CYCLE 16   /* longer cycles are reported with their first edges */

struct dd_node;

struct dd_edge {
    struct dd_node *to;
    u32 held_stack;     /* where the source lock was taken */
    u32 acq_stack;      /* where the target was then waited for */
    u64 uid;            /* the thread that made it first */
    bool multi;         /* another thread made it too */
    unsigned ngate;     /* only shrinks */
    struct dd_node *gate[GATES];
};

struct dd_edges {
    u32 cap;
    struct dd_edge e[];
};

struct dd_node {
    struct sync_var *var;
    uptr addr;
    u32 mutex_id;
    bool dead;
    u32 nedges;                 /* published after the edge, release order */
    struct dd_edges *edges;
    struct dd_node *next_live, **prev_live;
    /* Search state, under graph_lock: which gate masks reached it in
     * search number `visit`, and how (for the report). */
    u64 visit;
    u32 seen_masks;             /* bit m: reached with common-gate mask m */
};

static rt_spinlock graph_lock;
static struct dd_node *live;    /* live nodes, under graph_lock */
static unsigned nlive;          /* read without the lock by deadlock_forget_range */
static u64 search_no;

/* ---- the graph (under graph_lock unless said) ---------------------------- */

static struct dd_node *node_of(struct sync_var *v)
{
    struct dd_node *n = LOAD_ACQ(&v->dd);
    if (n)
        return n;
    n = rt_alloc(sizeof *n);
    n->var = v;
    n->addr = v->addr;
    n->mutex_id = v->id;
    n->next_live = live;
    n->prev_live = &live;
    if (live)
        live->prev_live = &n->next_live;
    live = n;
    STORE(&nlive, nlive + 1);
    STORE_REL(&v->dd, n);
    return n;
}

static void node_kill(struct dd_node *n)
{
    n->dead = true;
    *n->prev_live = n->next_live;
    if (n->next_live)
        n->next_live->prev_live = n->prev_live;
    STORE(&nlive, nlive - 1);
    STORE_REL(&n->var->dd, (struct dd_node *)NULL);
}

/* The edge from -> to, or NULL. Lock-free. */
static struct dd_edge *edge_find(struct dd_node *from, struct dd_node *to)
{
    struct dd_edges *a = LOAD_ACQ(&from->edges);
    u32 n = LOAD_ACQ(&from->nedges);
    if (!a)
        return NULL;
    if (n > a->cap)
        n = a->cap;
    for (u32 i = 0; i < n; i++)
        if (a->e[i].to == to)
            return &a->e[i];
    return NULL;
}

static struct dd_edge *edge_add(struct dd_node *from, const struct dd_edge *e)
{
    struct dd_edges *a = from->edges;
    if (!a || from->nedges == a->cap) {
        u32 cap = a ? 2 * a->cap : 4;
        struct dd_edges *b = rt_alloc(sizeof *b + cap * sizeof b->e[0]);
        b->cap = cap;
        if (a)
            memcpy(b->e, a->e, from->nedges * sizeof a->e[0]);
        STORE_REL(&from->edges, b);   /* the old array stays readable */
        a = b;
    }
    a->e[from->nedges] = *e;
    STORE_REL(&from->nedges, from->nedges + 1);
    return &a->e[from->nedges - 1];
}

/* ---- the current thread's view ------------------------------------------ */

/* The locks t holds exclusively other than `except`, as graph nodes (at
 * most GATES): the gates of an edge made now. */
static unsigned current_gates(struct rt_thread *t, uptr except, struct dd_node **out)
{
    unsigned n = 0;
    for (unsigned i = 0; i < t->nheld && n < GATES; i++) {
        if (!t->held[i].write || t->held[i].addr == except)
            continue;
        struct dd_node *d = LOAD_ACQ(&t->held_at[i].var->dd);
        if (d)
            out[n++] = d;
    }
    return n;
}

static bool gate_in(struct dd_node *g, struct dd_node *const *set, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (set[i] == g)
            return true;
    return false;
}

/* Whether making edge e now (with these gates) would shrink its gate set. */
static bool gates_shrink(const struct dd_edge *e, struct dd_node *const *gates, unsigned ngates)
{
    unsigned n = LOAD(&e->ngate);
    for (unsigned i = 0; i < n && i < GATES; i++)
        if (!gate_in(LOAD(&e->gate[i]), gates, ngates))
            return true;
    return false;
}

static void gates_intersect(struct dd_edge *e, struct dd_node *const *gates, unsigned ngates)
{
    unsigned k = 0;
    for (unsigned i = 0; i < e->ngate; i++)
        if (gate_in(e->gate[i], gates, ngates))
            STORE(&e->gate[k++], e->gate[i]);
    STORE(&e->ngate, k);
}

/* Which of the new edge's gates (bit i: gates[i]) edge e also has. */
static u32 gate_mask(const struct dd_edge *e, struct dd_node *const *gates, unsigned ngates)
{
    u32 m = 0;
    for (unsigned i = 0; i < ngates; i++)
        if (gate_in(gates[i], e->gate, e->ngate))
            m |= 1u << i;
    return m;
}

/* ---- cycle search --------------------------------------------------------- */

struct step {
    struct dd_node *node;
    u32 mask;        /* gates common to every edge so far */
    u32 next_edge;   /* the next of node's edges to try */
    struct dd_edge *via;   /* the edge that led here */
};

/* Searches a path start -> ... -> goal over live edges along which no gate
 * stays common (mask reaches 0 at the goal). Fills path (edges in order)
 * and returns its length, 0 when there is none. */
static unsigned find_path(struct dd_node *start, struct dd_node *goal, u32 mask0,
                          struct dd_node *const *gates, unsigned ngates, struct dd_edge **path)
{
    unsigned cap = (nlive + 1) << ngates;
    struct step *st = rt_alloc(cap * sizeof *st);
    u64 no = ++search_no;
    unsigned sp = 0, found = 0;
    st[sp++] = (struct step){start, mask0, 0, NULL};
    start->visit = no;
    start->seen_masks = 1u << mask0;
    while (sp > 0) {
        struct step *s = &st[sp - 1];
        if (s->node == goal && s->mask == 0) {
            for (unsigned i = 1; i < sp && found < MAX_CYCLE; i++)
                path[found++] = st[i].via;
            break;
        }
        struct dd_edges *a = s->node->edges;
        if (!a || s->next_edge >= s->node->nedges || sp == cap) {
            sp--;
            continue;
        }
        struct dd_edge *e = &a->e[s->next_edge++];
        if (e->to->dead)
            continue;
        u32 m = s->mask & gate_mask(e, gates, ngates);
        if (e->to->visit != no) {
            e->to->visit = no;
            e->to->seen_masks = 0;
        }
        if (e->to->seen_masks & (1u << m))
            continue;
        e->to->seen_masks |= 1u << m;
        st[sp++] = (struct step){e->to, m, 0, e};
    }
    rt_free(st);
    return found;
}

/* ---- the report ------------------------------------------------------------ */

/* One edge of the cycle, copied out of the graph. */
struct cycle_edge {
    uptr from_addr, to_addr;
    u32 from_id, to_id;
    u32 held_stack, acq_stack;
    u64 uid;
};

static void stack_of(u32 id, struct stack *s)
{
    const uptr *pcs;
    unsigned n = stack_depot_get(id, &pcs);
    symbolize_stack(pcs, n, s);
}

/* Few strings: an insertion sort, and no libc call back into us. */
static void sort_strings(char **v, unsigned n)
{
    for (unsigned i = 1; i < n; i++)
        for (unsigned k = i; k > 0 && strcmp(v[k - 1], v[k]) > 0; k--) {
            char *x = v[k];
            v[k] = v[k - 1];
            v[k - 1] = x;
        }
}

static void report_cycle(struct rt_thread *t, const struct cycle_edge *c, unsigned n)
{
    report_enter(t);
    struct stack *held = rt_alloc(n * sizeof *held), *acq = rt_alloc(n * sizeof *acq);
    /* Identity: the pairs of call sites of every edge, in a fixed order. */
    char *pairs[MAX_CYCLE];
    size_t keylen = 1;
    for (unsigned i = 0; i < n; i++) {
        stack_of(c[i].held_stack, &held[i]);
        stack_of(c[i].acq_stack, &acq[i]);
        char a[300], b[300];
        const uptr *pcs;
        report_location_key(a, sizeof a, &held[i], stack_depot_get(c[i].held_stack, &pcs) ? pcs[0] : 0);
        report_location_key(b, sizeof b, &acq[i], stack_depot_get(c[i].acq_stack, &pcs) ? pcs[0] : 0);
        pairs[i] = rt_alloc(strlen(a) + strlen(b) + 3);
        strcpy(pairs[i], a);
        strcat(pairs[i], ">");
        strcat(pairs[i], b);
        keylen += strlen(pairs[i]) + 1;
    }
    sort_strings(pairs, n);
    char *key = rt_alloc(keylen);
    for (unsigned i = 0; i < n; i++) {
        if (i)
            strcat(key, ";");
        strcat(key, pairs[i]);
        rt_free(pairs[i]);
    }

    /* The stacks as the report shows them: per edge, where the second lock
     * was taken, then where the first one had been. */
    const struct stack **shown = rt_alloc(2 * n * sizeof *shown);
    for (unsigned i = 0; i < n; i++) {
        shown[2 * i] = &acq[i];
        shown[2 * i + 1] = &held[i];
    }
    if (!report_seen(REPORT_LOCK_ORDER_INVERSION, key) &&
        !report_suppressed(REPORT_LOCK_ORDER_INVERSION, key, shown, 2 * n, 0)) {
        struct buf b = {0}, j = {0};
        report_open(&b, REPORT_LOCK_ORDER_INVERSION);
        bprintf(&b, "Cycle in lock order graph: ");
        for (unsigned i = 0; i < n; i++)
            bprintf(&b, "M%u (0x%012lx) => ", c[i].from_id, (unsigned long)c[i].from_addr);
        bprintf(&b, "M%u\n\n", c[0].from_id);
        struct mutex_list mentioned = {0};
        u64 uids[MAX_CYCLE];
        unsigned nuids = 0;
        for (unsigned i = 0; i < n; i++) {
            char thr[64], kind[64];
            thread_name(thr, sizeof thr, c[i].uid);
            bprintf(&b, "Mutex M%u acquired here while holding mutex M%u in %s:\n", c[i].to_id,
                    c[i].from_id, thr);
            print_stack(&b, &acq[i]);
            bprintf(&b, "Mutex M%u previously acquired by the same thread here:\n", c[i].from_id);
            print_stack(&b, &held[i]);
            bprintf(&b, "\n");
            snprintf(kind, sizeof kind, "lock of M%u while holding M%u", c[i].to_id, c[i].from_id);
            json_access(&j, i == 0, kind, thr, &acq[i]);
            snprintf(kind, sizeof kind, "lock of M%u", c[i].from_id);
            json_access(&j, false, kind, thr, &held[i]);
            if (mentioned.n < 2 * MAX_HELD)
                mentioned.addr[mentioned.n++] = c[i].from_addr;
            unsigned k = 0;
            while (k < nuids && uids[k] != c[i].uid)
                k++;
            if (k == nuids)
                uids[nuids++] = c[i].uid;
        }
        describe_mutexes(&b, &mentioned);
        for (unsigned i = 0; i < nuids; i++)
            describe_thread(&b, uids[i]);
        report_emit(REPORT_LOCK_ORDER_INVERSION, key, &b, &j);
    }
    rt_free(shown);
    rt_free(key);
    rt_free(held);
    rt_free(acq);
    report_leave(t);
}

/* ---- the hooks ----------------------------------------------------------------- */

void deadlock_before_lock(struct rt_thread *t, struct sync_var *v, uptr pc)
{
    if (!rt_opts.detect_deadlocks || t->nheld == 0)
        return;
    struct dd_node *gates[GATES];
    for (unsigned i = 0; i < t->nheld; i++) {
        if (!t->held[i].write || t->held[i].addr == v->addr)
            continue;
        struct sync_var *hv = t->held_at[i].var;
        struct dd_node *from = LOAD_ACQ(&hv->dd), *to = LOAD_ACQ(&v->dd);
        unsigned ngates = current_gates(t, t->held[i].addr, gates);
        struct dd_edge *e = from && to ? edge_find(from, to) : NULL;
        if (e && !gates_shrink(e, gates, ngates) && (e->uid == t->uid || LOAD(&e->multi)))
            continue;   /* known: no less gated than now, and not by a new thread */

        rt_spin_lock(&graph_lock);
        from = node_of(hv);
        to = node_of(v);
        ngates = current_gates(t, t->held[i].addr, gates);
        e = edge_find(from, to);
        if (e) {
            gates_intersect(e, gates, ngates);
            if (e->uid != t->uid)
                STORE(&e->multi, true);
        } else {
            uptr pcs[MAX_FRAMES];
            struct dd_edge ne = {.to = to, .uid = t->uid, .ngate = ngates};
            memcpy(ne.gate, gates, ngates * sizeof gates[0]);
            ne.held_stack = mutex_set_held_stack(t, i);
            ne.acq_stack = stack_depot_put(pcs, stack_capture(t, pc, pcs, MAX_FRAMES));
            e = edge_add(from, &ne);
        }
        /* A cycle through the new (or less gated) edge: a path back from
         * its target to its source. */
        struct dd_edge *path[MAX_CYCLE];
        struct cycle_edge cyc[MAX_CYCLE];
        unsigned n = find_path(to, from, (1u << e->ngate) - 1, e->gate, e->ngate, path + 1);
        if (n) {
            path[0] = e;
            n = n + 1 < MAX_CYCLE ? n + 1 : MAX_CYCLE;
            bool threads = false;
            for (unsigned k = 0; k < n; k++)
                threads |= path[k]->multi || path[k]->uid != e->uid;
            if (!threads)
                n = 0;
        }
        if (n) {
            struct dd_node *src = from;
            for (unsigned k = 0; k < n; k++) {
                cyc[k] = (struct cycle_edge){src->addr, path[k]->to->addr, src->mutex_id,
                                             path[k]->to->mutex_id, path[k]->held_stack,
                                             path[k]->acq_stack, path[k]->uid};
                src = path[k]->to;
            }
        }
        rt_spin_unlock(&graph_lock);
        if (n)
            report_cycle(t, cyc, n);
    }
}

void deadlock_forget(struct sync_var *v)
{
    if (!LOAD_ACQ(&v->dd))
        return;
    rt_spin_lock(&graph_lock);
    struct dd_node *n = v->dd;
    if (n)
        node_kill(n);
    rt_spin_unlock(&graph_lock);
}

void deadlock_forget_range(uptr addr, uptr size)
{
    if (!LOAD(&nlive))
        return;
    rt_spin_lock(&graph_lock);
    if (nlive < size / 4) {
        for (struct dd_node *n = live, *next; n; n = next) {
            next = n->next_live;
            if (n->addr - addr < size)
                node_kill(n);
        }
    } else {
        /* Few addresses to look at: locks are at least 4-byte aligned. */
        for (uptr a = (addr + 3) & ~(uptr)3; a < addr + size; a += 4) {
            struct sync_var *v = sync_get(a, false);
            if (v && v->dd)
                node_kill(v->dd);
        }
    }
    rt_spin_unlock(&graph_lock);
}

/* fork (interceptors_fork.c): the graph is whole across it. */
void deadlock_fork_prepare(void) { rt_spin_lock(&graph_lock); }
void deadlock_fork_parent(void) { rt_spin_unlock(&graph_lock); }
void deadlock_fork_child(void) { graph_lock.locked = 0; }
