/*
 * report.c — race reports (see report.h).
 *
 * Identity inside one process: a race is the unordered pair of its two
 * racing source locations (file:line, or the raw pc without line info), so
 * `counter++` racing through its read and its write is one race. A pair of
 * pcs seen before maps straight to its race without symbolizing again.
 * Every occurrence is counted; a race is printed once.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annotations.h"
#include "interceptor_pc.h"
#include "location.h"
#include "options.h"
#include "report.h"
#include "report_text.h"
#include "sched_fuzz.h"
#include "stack_depot.h"
#include "stack_capture.h"
#include "suppress.h"
#include "sync.h"
#include "symbolize.h"
#include "test_api.h"
#include "thread.h"


static rt_spinlock report_lock;
static int log_fd = -1;      /* -1: not open yet (log_write opens it) */
static bool seed_noted;      /* the sched seed line went out (log_write) */
static int events_fd = -1;
static unsigned long races_reported;    /* unique races printed; the last race id */
/* Races this process printed: its "Found N" and exit status. A fork child
 * starts again from 0, and forgets which races its parent printed (ids up
 * to own_ids_after), so it reports, counts and exits for its own races. Ids
 * go on from the parent's, so the child's events never reuse an id its
 * parent used before the fork. */
static unsigned long races_found;
static unsigned long own_ids_after;
/* Reports of the other kinds (report_text.h) this process made, like
 * races_found. */
static unsigned long kinds_found[REPORT_KINDS];
/* Races and reports of the other kinds that suppressions kept quiet, each
 * counted once per identity (first_suppression), for the "suppressed"
 * line at exit. */
static unsigned long races_suppressed;
static unsigned long kinds_suppressed[REPORT_KINDS];

static void halt_if_asked(void);

/* pc pair -> race id, open addressing, under report_lock. */
#define PAIR_SLOTS 4096
static struct { uptr a, b; unsigned id; } pairs[PAIR_SLOTS];
#define SUPPRESSED (~0u)   /* pair id of a suppressed race */
/* race id -> location key and last test execution it was counted in. */
#define MAX_RACES 1024
static struct { char key[600]; u64 last_test_seq; } races[MAX_RACES + 1];

/* Hashes of the keys of suppressed reports (a race's pair of source
 * locations, another kind's table key), under report_lock: the
 * "suppressed" line counts reports as "Found N" does, by identity, not by
 * pair of instructions. */
#define SUPPRESSED_KEYS 1024
static u64 suppressed_keys[SUPPRESSED_KEYS];
static unsigned suppressed_key_count;

static bool first_suppression(const char *key)
{
    u64 h = 14695981039346656037ull;   /* FNV-1a */
    for (const char *c = key; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ull;
    for (unsigned i = 0; i < suppressed_key_count; i++)
        if (suppressed_keys[i] == h)
            return false;
    if (suppressed_key_count < SUPPRESSED_KEYS)
        suppressed_keys[suppressed_key_count++] = h;
    return true;
}

/* log_path: stderr, stdout, or PATH.PID (PID of this process), opened at
 * the first write: a process with nothing to report creates no file. */
static void open_log(void)
{
    const char *lp = rt_opts.log_path;
    log_fd = 2;
    if (!strcmp(lp, "stdout"))
        log_fd = 1;
    else if (strcmp(lp, "stderr") && lp[0]) {
        char path[300];
        snprintf(path, sizeof path, "%s.%d", lp, (int)getpid());
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
            fprintf(stderr, "racetest: cannot open log_path %s; reporting to stderr\n", path);
        else
            log_fd = fd;
    }
}

void report_init(void)
{
    const char *ev = rt_getenv("RACETEST_EVENTS_FD");
    if (ev && *ev) {
        char *end;
        long fd = strtol(ev, &end, 10);
        if (*end || fd < 0 || fcntl((int)fd, F_GETFD) < 0)
            fprintf(stderr, "racetest: RACETEST_EVENTS_FD=%s is not an open descriptor\n", ev);
        else
            events_fd = (int)fd;
    }
}

static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n <= 0)
            return;
        buf += n;
        len -= n;
    }
}

/* Everything the runtime says goes through here: the first thing said
 * is preceded by the drawn sched seed, which is what reproduces it. */
static void log_write(const char *p, size_t n)
{
    if (log_fd < 0)
        open_log();
    if (!seed_noted) {
        seed_noted = true;
        char note[64];
        unsigned k = sched_seed_note(note, sizeof note);
        if (k)
            write_all(log_fd, note, k);
    }
    write_all(log_fd, p, n);
}

void report_write(const char *text, size_t len)
{
    log_write(text, len);
}

void report_set_log(const char *path, int fd)
{
    rt_spin_lock(&report_lock);
    if (log_fd > 2)
        close(log_fd);
    log_fd = fd;
    if (path)
        snprintf(rt_opts.log_path, sizeof rt_opts.log_path, "%s", path);
    rt_spin_unlock(&report_lock);
}

int __racetest_event_write(const char *line, size_t len)
{
    if (events_fd < 0)
        return -1;
    struct rt_thread *t = cur_thread();
    rt_enter(t);
    rt_spin_lock(&report_lock);
    ssize_t n = write(events_fd, line, len);
    rt_spin_unlock(&report_lock);
    rt_leave(t);
    return n == (ssize_t)len ? 0 : -1;
}

void bprintf(struct buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && b->len + n < b->cap) {
            b->len += n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *p = rt_alloc(cap);
        if (b->p) {
            memcpy(p, b->p, b->len);
            rt_free(b->p);
        }
        b->p = p;
        b->cap = cap;
    }
}

void json_string(struct buf *b, const char *s)
{
    bprintf(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            bprintf(b, "\\%c", c);
        else if (c == '\n')
            bprintf(b, "\\n");
        else if (c < 0x20)
            bprintf(b, "\\u%04x", c);
        else
            bprintf(b, "%c", c);
    }
    bprintf(b, "\"");
}


static bool is_runtime_frame(const struct frame *f)
{
    return !strncmp(f->func, "rt_", 3) || !strncmp(f->func, "__tsan_", 7) ||
           !strncmp(f->func, "__racetest_", 11) || !strncmp(f->func, "__interceptor_", 14);
}

static bool is_libc_frame(const struct frame *f)
{
    return !strncmp(f->module, "libc.so", 7) || !strncmp(f->module, "ld-linux", 8);
}

static bool is_elided(const struct frame *f) { return !strcmp(f->func, "..."); }

/* Adds a frame; the last room left holds "..." for what does not fit. */
static void add_frame(struct stack *s, const struct frame *f)
{
    if (s->n < STACK_FRAMES_MAX - 1)
        s->f[s->n++] = *f;
    else if (s->n == STACK_FRAMES_MAX - 1)
        s->f[s->n++] = (struct frame){.func = "..."};
}

/* pcs[0] is the access (or call) site, the rest are return addresses. */
void symbolize_stack(const uptr *pcs, unsigned npcs, struct stack *s)
{
    s->n = 0;
    /* STACK_ELIDED marks frames left out (stack_capture.h). A list longer
     * than MAX_FRAMES is cut the same way: its innermost pcs, "...", and
     * its outermost STACK_KEEP_OUTER, so the thread's entry function stays. */
    bool cut = npcs > MAX_FRAMES;
    unsigned inner_end = cut ? MAX_FRAMES - STACK_KEEP_OUTER - 1 : npcs;
    for (unsigned i = 0; i < npcs; i++) {
        if (i == inner_end) {
            add_frame(s, &(struct frame){.func = "..."});
            i = npcs - STACK_KEEP_OUTER;
        }
        if (pcs[i] == STACK_ELIDED) {
            add_frame(s, &(struct frame){.func = "..."});
            continue;
        }
        struct frame tmp[8];
        unsigned k = symbolize(pcs[i], true, tmp, 8);
        for (unsigned j = 0; j < k; j++)
            if (!is_runtime_frame(&tmp[j]))
                add_frame(s, &tmp[j]);
    }
    /* The outermost frames of libc's process or thread start, or without
     * source, say nothing to the user. */
    while (s->n > 1 && !is_elided(&s->f[s->n - 1]) &&
           (!s->f[s->n - 1].line || is_libc_frame(&s->f[s->n - 1])))
        s->n--;
}

void print_stack(struct buf *b, const struct stack *s)
{
    for (unsigned i = 0; i < s->n; i++) {
        const struct frame *f = &s->f[i];
        if (is_elided(f)) {
            bprintf(b, "  ...\n");
            continue;
        }
        bprintf(b, "  %s()\n", f->func[0] ? f->func : "??");
        if (f->line)
            bprintf(b, "      %s:%d +0x%lx\n", f->file, f->line, (unsigned long)f->offset);
        else
            bprintf(b, "      %s+0x%lx\n", f->module[0] ? f->module : "??",
                    (unsigned long)f->module_offset);
    }
}

/* An access's stack: the libc function that made the access for its
 * caller, if any (interceptor_pc.h), then the symbolized frames. */
static void print_access_stack(struct buf *b, enum interceptor_id via, const struct stack *s)
{
    if (via != INTERCEPTOR_NONE)
        bprintf(b, "  %s()\n", interceptor_name(via));
    print_stack(b, s);
}

void json_stack(struct buf *b, const struct stack *s)
{
    bprintf(b, "[");
    for (unsigned i = 0; i < s->n; i++) {
        bprintf(b, "%s{\"func\":", i ? "," : "");
        json_string(b, s->f[i].func);
        bprintf(b, ",\"file\":");
        json_string(b, s->f[i].file);
        bprintf(b, ",\"line\":%d}", s->f[i].line);
    }
    bprintf(b, "]");
}

void thread_name(char *out, size_t cap, u64 uid)
{
    if (uid == 0)
        snprintf(out, cap, "main thread");
    else
        snprintf(out, cap, "thread T%llu", (unsigned long long)uid);
}

static const char *access_kind(shadow_t c, bool capital)
{
    bool r = c & CELL_READ, a = c & CELL_ATOMIC;
    if (a)
        return r ? (capital ? "Atomic read" : "atomic read") : (capital ? "Atomic write" : "atomic write");
    return r ? (capital ? "Read" : "read") : (capital ? "Write" : "write");
}

void report_location_key(char *out, size_t cap, const struct stack *s, uptr pc)
{
    if (s->n && s->f[0].line)
        snprintf(out, cap, "%s:%d", s->f[0].file, s->f[0].line);
    else
        snprintf(out, cap, "pc:%lx", (unsigned long)pc);
}

/* Finds or adds the race of this pc pair; returns its id, 0 when full. */
static unsigned pair_lookup(uptr a, uptr b, bool *found)
{
    if (a > b) {
        uptr t = a;
        a = b;
        b = t;
    }
    unsigned h = (unsigned)(((a * 31) ^ b) * 0x9E3779B1u) % PAIR_SLOTS;
    for (unsigned n = 0; n < PAIR_SLOTS; n++, h = (h + 1) % PAIR_SLOTS) {
        if (pairs[h].id && pairs[h].a == a && pairs[h].b == b) {
            *found = true;
            return h;
        }
        if (!pairs[h].id) {
            pairs[h].a = a;
            pairs[h].b = b;
            *found = false;
            return h;
        }
    }
    *found = false;
    return PAIR_SLOTS;
}

/* Counts an occurrence of race `id` and tells the event stream once per
 * test execution. */
static void count_again(unsigned id)
{
    test_api_count_race();
    u64 seq = test_api_seq();
    if (events_fd < 0 || !seq || races[id].last_test_seq == seq)
        return;
    races[id].last_test_seq = seq;
    struct buf b = {0};
    bprintf(&b, "{\"event\":\"race\",\"id\":%u,\"first\":false,\"test\":", id);
    json_string(&b, test_api_name());
    bprintf(&b, ",\"run\":%u}\n", test_api_run());
    write_all(events_fd, b.p, b.len);
    rt_free(b.p);
}

/* " (mutexes: write M1, read M2):\n", or ":\n" when none are held. */
static void print_mutex_set(struct buf *b, const struct held_lock *held, unsigned n,
                            struct mutex_list *mentioned)
{
    for (unsigned i = 0; i < n; i++) {
        struct sync_var *v = sync_get(held[i].addr, false);
        bprintf(b, "%s%s M%u", i ? ", " : " (mutexes: ", held[i].write ? "write" : "read",
                v ? v->id : 0);
        unsigned k = 0;
        while (k < mentioned->n && mentioned->addr[k] != held[i].addr)
            k++;
        if (k == mentioned->n && k < 2 * MAX_HELD)
            mentioned->addr[mentioned->n++] = held[i].addr;
    }
    bprintf(b, n ? "):\n" : ":\n");
}

void describe_mutexes(struct buf *b, const struct mutex_list *m)
{
    for (unsigned i = 0; i < m->n; i++) {
        struct sync_var *v = sync_get(m->addr[i], false);
        if (!v || !LOAD(&v->create_stack))
            continue;   /* never locked: no creation stack */
        bprintf(b, "Mutex M%u (0x%012lx) created at:\n", v->id, (unsigned long)v->addr);
        const uptr *pcs;
        unsigned n = stack_depot_get(LOAD(&v->create_stack), &pcs);
        struct stack *s = rt_alloc(sizeof *s);
        symbolize_stack(pcs, n, s);
        print_stack(b, s);
        rt_free(s);
    }
}

const char *thread_creator(const struct thread_record *r)
{
    return r->fiber ? "__tsan_create_fiber" : r->creator ? r->creator : "pthread_create";
}

void describe_thread(struct buf *b, u64 uid)
{
    struct thread_record r;
    if (uid == 0 || !thread_record_by_uid(uid, &r))
        return;
    bprintf(b, "Thread T%llu%s%s%s (%s) created at:\n", (unsigned long long)uid,
            r.name[0] ? " '" : "", r.name, r.name[0] ? "'" : "", r.finished ? "finished" : "running");
    bprintf(b, "  %s()\n", thread_creator(&r));
    struct stack *s = rt_alloc(sizeof *s);
    symbolize_stack(r.create_stack, r.create_depth, s);
    print_stack(b, s);
    rt_free(s);
}

void report_race(struct rt_thread *t, uptr addr, unsigned size, shadow_t cur, shadow_t old,
                 uptr pc)
{
    rt_enter(t);
    rt_spin_lock(&report_lock);

    /* The previous access's stack, from its thread's history. */
    static uptr old_pcs[MAX_FRAMES];
    struct held_lock old_held[MAX_HELD];
    unsigned old_nheld = 0;
    unsigned old_n = trace_restore(cell_sid(old), cell_epoch(old), old_pcs, MAX_FRAMES, old_held,
                                   &old_nheld);
    uptr old_pc = old_n ? old_pcs[0] : 0;
    enum interceptor_id cur_via = interceptor_of(pc), old_via = interceptor_of(old_pc);

    bool found;
    unsigned slot = pair_lookup(pc, old_pc, &found);
    if (found) {
        if (pairs[slot].id != SUPPRESSED)
            count_again(pairs[slot].id);
        goto out;
    }

    static uptr cur_pcs[MAX_FRAMES];
    unsigned cur_n = stack_capture(t, interceptor_caller(pc), cur_pcs, MAX_FRAMES);

    if (old_n)
        old_pcs[0] = interceptor_caller(old_pc);
    struct stack *cs = rt_alloc(sizeof *cs), *ps = rt_alloc(sizeof *ps);
    symbolize_stack(cur_pcs, cur_n, cs);
    symbolize_stack(old_pcs, old_n, ps);
    if (!old_n)
        ps->n = 0;

    /* The race's identity: its pair of source locations. */
    char k1[300], k2[300], key[600];
    report_location_key(k1, sizeof k1, cs, pc);
    if (old_n)
        report_location_key(k2, sizeof k2, ps, old_pc);
    else
        snprintf(k2, sizeof k2, "?");
    if (strcmp(k1, k2) > 0)
        snprintf(key, sizeof key, "%s|%s", k2, k1);
    else
        snprintf(key, sizeof key, "%s|%s", k1, k2);

    /* A benign race (AnnotateBenignRace) is no suppression to count. */
    const struct stack *both[2] = {cs, ps};
    bool benign = annotations_benign_race(addr, size);
    if (benign || suppress_race(addr, both, 2)) {
        if (slot < PAIR_SLOTS)
            pairs[slot].id = SUPPRESSED;
        if (!benign && first_suppression(key))
            races_suppressed++;
        goto free_out;
    }

    /* Same pair of source locations as a race already reported? */
    unsigned id = 0;
    for (unsigned i = own_ids_after + 1; i <= races_reported && i <= MAX_RACES; i++)
        if (!strcmp(races[i].key, key))
            id = i;
    if (id) {
        if (slot < PAIR_SLOTS)
            pairs[slot].id = id;
        count_again(id);
        goto free_out;
    }

    id = ++races_reported;
    races_found++;
    if (id <= MAX_RACES) {
        snprintf(races[id].key, sizeof races[id].key, "%s", key);
        races[id].last_test_seq = test_api_seq();
    }
    if (slot < PAIR_SLOTS)
        pairs[slot].id = id;
    test_api_count_race();

    struct thread_record old_thr;
    bool old_known = thread_lookup(cell_sid(old), cell_epoch(old), &old_thr);
    char cur_name[64], old_name[64];
    thread_name(cur_name, sizeof cur_name, t->uid);
    if (old_known)
        thread_name(old_name, sizeof old_name, old_thr.uid);
    else
        snprintf(old_name, sizeof old_name, "an unknown thread");

    /* Both lines show the racing byte: the first byte both accesses
     * touch. A range (memcpy, a struct copy) is checked a granule at a
     * time, so addr may be the start of its granule, not the byte that
     * races. */
    unsigned common = cell_mask(cur) & cell_mask(old);
    uptr racing = common ? (addr & ~(uptr)7) + __builtin_ctz(common) : addr;
    struct buf b = {0};
    bprintf(&b, "==================\nWARNING: DATA RACE\n");
    struct mutex_list mentioned = {0};
    bprintf(&b, "%s at 0x%012lx by %s", access_kind(cur, true), (unsigned long)racing, cur_name);
    print_mutex_set(&b, t->held, t->nheld, &mentioned);
    print_access_stack(&b, cur_via, cs);
    bprintf(&b, "Previous %s at 0x%012lx by %s", access_kind(old, false),
            (unsigned long)racing, old_name);
    print_mutex_set(&b, old_held, old_n ? old_nheld : 0, &mentioned);
    if (ps->n)
        print_access_stack(&b, old_via, ps);
    else
        bprintf(&b, "  [failed to restore the stack]\n");
    struct location where;
    location_describe(racing, &where);
    bprintf(&b, "%s", where.text);
    if (where.alloc_stack) {
        const uptr *pcs;
        unsigned n = stack_depot_get(where.alloc_stack, &pcs);
        struct stack *as = rt_alloc(sizeof *as);
        symbolize_stack(pcs, n, as);
        print_stack(&b, as);
        rt_free(as);
    }
    describe_mutexes(&b, &mentioned);
    describe_thread(&b, t->uid);
    if (old_known && old_thr.uid != t->uid)
        describe_thread(&b, old_thr.uid);
    bprintf(&b, "==================\n");
    log_write(b.p, b.len);

    if (events_fd >= 0) {
        struct buf e = {0};
        bprintf(&e, "{\"event\":\"race\",\"id\":%u,\"first\":true,\"test\":", id);
        json_string(&e, test_api_name());
        bprintf(&e, ",\"run\":%u,\"report\":", test_api_run());
        json_string(&e, b.p);
        bprintf(&e, ",\"accesses\":[{\"kind\":\"%s\",\"thread\":", access_kind(cur, false));
        json_string(&e, cur_name);
        bprintf(&e, ",\"stack\":");
        json_stack(&e, cs);
        bprintf(&e, "},{\"kind\":\"%s\",\"thread\":", access_kind(old, false));
        json_string(&e, old_name);
        bprintf(&e, ",\"stack\":");
        json_stack(&e, ps);
        bprintf(&e, "}]}\n");
        write_all(events_fd, e.p, e.len);
        rt_free(e.p);
    }
    rt_free(b.p);

    halt_if_asked();
free_out:
    rt_free(cs);
    rt_free(ps);
out:
    rt_spin_unlock(&report_lock);
    rt_leave(t);
}

/* ---- reports of the other kinds (report_text.h) ---------------------- */

/* Each kind's names, and the suppression type that covers it (TSan's). */
static const struct {
    const char *id, *title, *noun;
    supp_type supp;
} kinds[REPORT_KINDS] = {
    [REPORT_LOCK_ORDER_INVERSION] = {"lock-order-inversion", "LOCK-ORDER INVERSION (potential deadlock)",
                                     "lock-order inversion", SUPP_DEADLOCK},
    [REPORT_MUTEX_DESTROY_LOCKED] = {"mutex-destroy-locked", "DESTROY OF A LOCKED MUTEX",
                                     "destroy of a locked mutex", SUPP_MUTEX},
    [REPORT_MUTEX_DOUBLE_LOCK] = {"mutex-double-lock", "DOUBLE LOCK OF A MUTEX", "double lock",
                                  SUPP_MUTEX},
    [REPORT_MUTEX_BAD_UNLOCK] = {"mutex-bad-unlock",
                                 "UNLOCK OF AN UNLOCKED MUTEX (OR BY A WRONG THREAD)", "bad unlock",
                                 SUPP_MUTEX},
    [REPORT_THREAD_LEAK] = {"thread-leak", "THREAD LEAK", "thread leak", SUPP_THREAD},
    [REPORT_SIGNAL_UNSAFE] = {"signal-unsafe-call", "SIGNAL-UNSAFE CALL INSIDE OF A SIGNAL",
                              "signal-unsafe call", SUPP_SIGNAL},
};


void report_enter(struct rt_thread *t)
{
    rt_enter(t);
    rt_spin_lock(&report_lock);
}

void report_leave(struct rt_thread *t)
{
    rt_spin_unlock(&report_lock);
    rt_leave(t);
}

/* Kinds and races share the id space and the key table, so the runner's
 * repeat events work alike; a kind's table key is "KIND|KEY", which no
 * race key ("file:line|file:line") can equal. */
static void kind_table_key(char *out, size_t cap, enum report_kind k, const char *key)
{
    snprintf(out, cap, "%s|%s", kinds[k].id, key);
}

bool report_seen(enum report_kind k, const char *key)
{
    char full[sizeof races[0].key];
    kind_table_key(full, sizeof full, k, key);
    for (unsigned i = own_ids_after + 1; i <= races_reported && i <= MAX_RACES; i++)
        if (!strcmp(races[i].key, full)) {
            count_again(i);
            return true;
        }
    return false;
}

bool report_suppressed(enum report_kind k, const char *key, const struct stack *const *stacks,
                       unsigned nstacks, uptr global)
{
    if (!suppress_match(kinds[k].supp, stacks, nstacks, global))
        return false;
    char full[sizeof races[0].key];
    kind_table_key(full, sizeof full, k, key);
    if (first_suppression(full))
        kinds_suppressed[k]++;
    return true;
}

void json_access(struct buf *j, bool first, const char *kind, const char *thread,
                 const struct stack *s)
{
    bprintf(j, "%s{\"kind\":", first ? "" : ",");
    json_string(j, kind);
    bprintf(j, ",\"thread\":");
    json_string(j, thread);
    bprintf(j, ",\"stack\":");
    json_stack(j, s);
    bprintf(j, "}");
}

void report_open(struct buf *text, enum report_kind k)
{
    bprintf(text, "==================\nWARNING: %s\n", kinds[k].title);
}

void report_emit(enum report_kind k, const char *key, struct buf *textb, struct buf *accesses)
{
    bprintf(textb, "==================\n");
    const char *text = textb->p;
    unsigned id = ++races_reported;
    kinds_found[k]++;
    if (id <= MAX_RACES) {
        kind_table_key(races[id].key, sizeof races[id].key, k, key);
        races[id].last_test_seq = test_api_seq();
    }
    test_api_count_race();
    log_write(text, strlen(text));
    if (events_fd >= 0) {
        struct buf e = {0};
        bprintf(&e, "{\"event\":\"race\",\"id\":%u,\"first\":true,\"kind\":\"%s\",\"key\":", id,
                kinds[k].id);
        json_string(&e, key);
        bprintf(&e, ",\"test\":");
        json_string(&e, test_api_name());
        bprintf(&e, ",\"run\":%u,\"report\":", test_api_run());
        json_string(&e, text);
        bprintf(&e, ",\"accesses\":[%s]}\n", accesses->p ? accesses->p : "");
        write_all(events_fd, e.p, e.len);
        rt_free(e.p);
    }
    rt_free(textb->p);
    rt_free(accesses->p);
    halt_if_asked();
}

/* "Found N data race(s)" and a line per other kind reported, into b. */
static bool found_lines(struct buf *b)
{
    if (races_found)
        bprintf(b, "Found %lu data race(s)\n", races_found);
    bool any = races_found > 0;
    for (unsigned k = 0; k < REPORT_KINDS; k++)
        if (kinds_found[k]) {
            bprintf(b, "Found %lu %s(s)\n", kinds_found[k], kinds[k].noun);
            any = true;
        }
    return any;
}

/* "racetest: suppressed 1 data race(s), 2 thread leak(s) (2 suppression(s)
 * matched)" when suppressions kept anything quiet, into b. */
static void suppressed_line(struct buf *b)
{
    if (races_suppressed)
        bprintf(b, "racetest: suppressed %lu data race(s)", races_suppressed);
    unsigned parts = races_suppressed > 0;
    for (unsigned k = 0; k < REPORT_KINDS; k++)
        if (kinds_suppressed[k])
            bprintf(b, "%s%lu %s(s)", parts++ ? ", " : "racetest: suppressed ", kinds_suppressed[k],
                    kinds[k].noun);
    if (parts)
        bprintf(b, " (%lu suppression(s) matched)\n", suppress_entries_matched());
}

/* halt_on_error: the first report ends the process (report lock held). */
static void halt_if_asked(void)
{
    if (!rt_opts.halt_on_error)
        return;
    struct buf b = {0};
    found_lines(&b);
    log_write(b.p, b.len);
    _exit(rt_opts.exitcode);
}

int report_finish(void)
{
    rt_spin_lock(&report_lock);
    struct buf b = {0};
    suppressed_line(&b);
    bool any = found_lines(&b);
    if (b.len)
        log_write(b.p, b.len);
    rt_free(b.p);
    rt_spin_unlock(&report_lock);
    return any ? rt_opts.exitcode : -1;
}

void report_crash(int sig, uptr addr, const uptr *pcs, unsigned n)
{
    struct rt_thread *t = cur_thread();
    char name[64];
    thread_name(name, sizeof name, t->uid);
    struct buf b = {0};
    bprintf(&b, "==================\nracetest: %s (signal %d)", strsignal(sig), sig);
    if (addr != (uptr)-1)
        bprintf(&b, " on address 0x%012lx", (unsigned long)addr);
    bprintf(&b, " in %s%s:\n", t->ignore ? "the runtime, " : "", name);
    if (n) {
        rt_enter(t);
        struct stack *s = rt_alloc(sizeof *s);
        symbolize_stack(pcs, n, s);
        print_stack(&b, s);
        rt_free(s);
        rt_leave(t);
    }
    bprintf(&b, "==================\n");
    log_write(b.p, b.len);
}

/* fork (interceptors_fork.c): no report may be half-written across it. */
void report_fork_prepare(void) { rt_spin_lock(&report_lock); }
void report_fork_parent(void) { rt_spin_unlock(&report_lock); }

/* The child is a program of its own: its log is log_path.CHILDPID, and its
 * report state is fresh (see races_found). */
void report_fork_child(void)
{
    report_lock.locked = 0;
    races_found = 0;
    memset(kinds_found, 0, sizeof kinds_found);
    seed_noted = false;
    own_ids_after = races_reported;
    for (unsigned h = 0; h < PAIR_SLOTS; h++)
        if (pairs[h].id)   /* written only where set: no needless page copies */
            pairs[h].id = 0;
    if (log_fd > 2)
        close(log_fd);
    if (log_fd > 2 || log_fd < 0)
        log_fd = -1; /* log_path=PATH: the child's own PATH.CHILDPID, when it has something to say */
}
