/*
 * suite/supervisor.c — see suite/supervisor.h.
 *
 * Output attribution: the glue stamps each test_start/test_end with the
 * offset of the process's output file. cmocka prints a failure's messages
 * after the test has been left (they are buffered until the [ FAILED ] line),
 * so an execution's output is [its test_start offset, the next test_start
 * offset or the end of the file). Its result is therefore held back
 * ("pending") until the next execution starts or the process ends.
 */
#include "runner/suite/supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "filters/duration.h"
#include "scheduler_fuzz/prng.h"
#include "runner/report/json.h"
#include "runner/report/output.h"
#include "runner/report/utf8.h"
#include "runner/suite/event_lines.h"
#include "runner/suite/proc.h"

struct unit_entry {
    size_t test;
    unsigned first, count;
    unsigned done; /* results received; the next run is first + done */
};

struct unit {
    size_t file;
    bool plain;
    struct unit_entry *e;
    size_t n;
    uint64_t shuffle_seed;
    uint64_t sched_seed;    /* of its process (issue 6) */

    /* while running */
    pid_t pid;
    long long start_ms;
    long long phase_ms;     /* start of the current run, or of the time between runs:
                               what -timeout limits (one run of one test, as Go's) */
    char *out_path, *events_path;
    int out_fd, events_fd, events_rd;
    struct event_lines events; /* the events file, cut into lines */
    bool in_flight;         /* an execution started and has no result yet */
    size_t cur_entry;
    unsigned cur_run;
    long cur_out;           /* output offset at its start (-1: unknown) */
    unsigned long cur_races; /* race events attributed to it */
    bool pending;           /* a result waiting for its output's end */
    struct exec_result pend;
    char pend_phase[32];
    long pend_out;
    size_t *race_map;       /* process race id -> unique race index (+1; 0: unknown) */
    size_t race_map_n;
    bool timed_out, killed; /* killed: by failfast, interrupt or deadline */
    const char *kill_why;   /* why it was killed: the detail of the run it interrupted */
};

struct sup {
    struct sup_cfg *c;
    struct unit **queue;
    size_t nqueue, qcap, next;
    struct unit **running;
    size_t nrunning;
    unsigned long seq;      /* names of files in workdir */
    bool stop_new;          /* failfast or interrupt: start nothing more */
    const char *stop_why;   /* why: said of the runs never started */
};

/* What one run of a test of this unit's file may last: the file's own limit
 * (a CTest TIMEOUT) or -timeout; 0: none. */
static int64_t unit_timeout_ns(const struct sup *s, const struct unit *u)
{
    int64_t own = s->c->m->files[u->file].timeout_ns;
    return own > 0 ? own : s->c->o->timeout_ns;
}

static uint64_t splitmix(uint64_t *s)
{
    struct prng r = {*s};
    uint64_t z = prng_next(&r);
    *s = r.state;
    return z;
}

uint64_t sup_process_seed(const struct test_opts *o, uint64_t base, unsigned run)
{
    return o->run_seed_set ? o->run_seed : prng_run_seed(base, run);
}

static struct unit *unit_new(size_t file, bool plain)
{
    struct unit *u = xcalloc(1, sizeof *u);
    u->file = file;
    u->plain = plain;
    u->out_fd = u->events_fd = u->events_rd = -1;
    u->cur_out = -1;
    return u;
}

static void unit_add(struct unit *u, size_t test, unsigned first, unsigned count)
{
    u->e = xrealloc2(u->e, u->n + 1, sizeof *u->e);
    u->e[u->n++] = (struct unit_entry){.test = test, .first = first, .count = count, .done = 0};
}

static void unit_free(struct unit *u)
{
    if (u->out_fd >= 0)
        close(u->out_fd);
    if (u->events_fd >= 0)
        close(u->events_fd);
    if (u->events_rd >= 0)
        close(u->events_rd);
    if (u->out_path)
        unlink(u->out_path);
    if (u->events_path)
        unlink(u->events_path);
    free(u->out_path);
    free(u->events_path);
    event_lines_free(&u->events);
    free(u->race_map);
    free(u->e);
    free(u);
}

static void queue_insert(struct sup *s, size_t at, struct unit *u)
{
    if (s->nqueue == s->qcap) {
        s->qcap = s->qcap ? s->qcap * 2 : 64;
        s->queue = xrealloc2(s->queue, s->qcap, sizeof *s->queue);
    }
    memmove(&s->queue[at + 1], &s->queue[at], (s->nqueue - at) * sizeof *s->queue);
    s->queue[at] = u;
    s->nqueue++;
}

/* n planned runs of test will not happen; why says so in the summary. */
static void not_run(struct sup *s, size_t test, unsigned n, const char *why)
{
    struct rt_test *t = &s->c->m->tests[test];
    if (n == 0)
        return;
    t->not_run += n;
    if (!t->not_run_why)
        t->not_run_why = why;
}

/* ---- planning --------------------------------------------------------- */

/* Runs of test t in this batch, and the base of its run numbers (its run r
 * is base + r + 1). */
static unsigned test_runs(const struct sup *s, size_t t)
{
    if (s->c->test_count)
        return s->c->test_count[t];
    return s->c->count ? s->c->count : s->c->o->count;
}

static unsigned test_base(const struct sup *s, size_t t)
{
    unsigned first = s->c->test_first ? s->c->test_first[t] : s->c->first_run;
    return (first ? first - 1 : 0) + s->c->run_base;
}

static void plan(struct sup *s)
{
    struct rt_model *m = s->c->m;
    const struct test_opts *o = s->c->o;
    unsigned count = 0; /* the most runs of any test */
    for (size_t t = 0; t < m->ntests; t++)
        if (m->tests[t].selected && test_runs(s, t) > count)
            count = test_runs(s, t);
    size_t active = 0;
    for (size_t i = 0; i < m->nfiles; i++) {
        const struct rt_file *f = &m->files[i];
        bool any = false;
        for (size_t t = f->first_test; t < f->first_test + f->ntests; t++)
            any |= m->tests[t].selected;
        if (f->binary && any)
            active++;
    }
    if (active == 0)
        return;
    /* In-process chunks per file: enough units for every worker. */
    unsigned chunks = (unsigned)((2 * s->c->parallel + active - 1) / active);
    if (chunks < 1)
        chunks = 1;
    if (chunks > count)
        chunks = count;
    unsigned long total = 0;
    for (size_t i = 0; i < m->nfiles; i++) {
        const struct rt_file *f = &m->files[i];
        if (!f->binary)
            continue;
        for (size_t t = f->first_test; t < f->first_test + f->ntests; t++)
            if (m->tests[t].selected) {
                m->tests[t].planned += test_runs(s, t);
                total += test_runs(s, t);
            }
    }
    s->c->agg->runs_total += total; /* batches add up */

    /* Round-robin over files, so that parallel workers start on different
     * files: round r is run r+1 of the one-process-per-run units and chunk r
     * of the others (chunks <= count). */
    for (unsigned r = 0; r < count; r++) {
        for (size_t i = 0; i < m->nfiles; i++) {
            const struct rt_file *f = &m->files[i];
            if (!f->binary)
                continue;
            if (!f->is_cmocka || o->isolate) {
                /* One process per execution: each run r of each test. */
                for (size_t t = f->first_test; t < f->first_test + f->ntests; t++) {
                    if (!m->tests[t].selected || r >= test_runs(s, t))
                        continue;
                    struct unit *u = unit_new(i, !f->is_cmocka);
                    unit_add(u, t, test_base(s, t) + r + 1, 1);
                    queue_insert(s, s->nqueue, u);
                }
                continue;
            }
            if (r >= chunks)
                continue;
            struct unit *u = unit_new(i, false);
            for (size_t t = f->first_test; t < f->first_test + f->ntests; t++) {
                unsigned n = test_runs(s, t);
                unsigned lo = (unsigned)((unsigned long long)n * r / chunks);
                unsigned hi = (unsigned)((unsigned long long)n * (r + 1) / chunks);
                if (m->tests[t].selected && hi > lo)
                    unit_add(u, t, test_base(s, t) + lo + 1, hi - lo);
            }
            if (u->n)
                queue_insert(s, s->nqueue, u);
            else
                unit_free(u);
        }
    }
    if (o->shuffle == SHUFFLE_ON) {
        uint64_t seed = s->c->shuffle_seed;
        for (size_t j = s->nqueue; j > 1; j--) {
            size_t x = (size_t)(splitmix(&seed) % j);
            struct unit *t = s->queue[j - 1];
            s->queue[j - 1] = s->queue[x];
            s->queue[x] = t;
        }
        for (size_t j = 0; j < s->nqueue; j++)
            s->queue[j]->shuffle_seed = splitmix(&seed) >> 1;
    }
}

/* ---- starting a unit ---------------------------------------------------- */

static int open_new(const char *path)
{
    return open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
}

static bool start_unit(struct sup *s, struct unit *u)
{
    struct rt_model *m = s->c->m;
    const struct rt_file *f = &m->files[u->file];
    unsigned long id = s->seq++;
    u->out_path = xasprintf("%s/u%lu.out", s->c->workdir, id);
    u->events_path = xasprintf("%s/u%lu.events", s->c->workdir, id);
    u->out_fd = open_new(u->out_path);
    u->events_fd = open_new(u->events_path);
    u->events_rd = open(u->events_path, O_RDONLY | O_CLOEXEC);
    if (u->out_fd < 0 || u->events_fd < 0 || u->events_rd < 0) {
        char *msg = xasprintf("cannot create files in %s: %s", s->c->workdir, strerror(errno));
        agg_file_error(s->c->agg, u->file, msg, "");
        free(msg);
        return false;
    }
    event_lines_init(&u->events);

    struct strv env = {0};
    for (size_t k = 0; k < f->env.n; k++)
        strv_push(&env, f->env.v[k]);
    char *v = xasprintf("RACETEST_EVENTS_FD=%d", u->events_fd);
    strv_push(&env, v);
    free(v);
    /* Inherited by whatever the test starts: how the next racetest finds
     * it if this one is killed (suite/workdir.h). */
    v = xasprintf("RACETEST_WORKDIR=%s", s->c->workdir);
    strv_push(&env, v);
    free(v);
    u->sched_seed = sup_process_seed(s->c->o, s->c->sched_seed, u->e[0].first + u->e[0].done);
    {
        struct jbuf o;
        jbuf_init(&o);
        jbuf_printf(&o, "RACETEST_OPTIONS=%s", s->c->rt_options ? s->c->rt_options : "");
        if (s->c->add_seed)
            jbuf_printf(&o, "%ssched_seed=0x%016llx", o.len > 17 ? " " : "", (unsigned long long)u->sched_seed);
        /* The runtime gives each later run of the process the seed a
         * process starting at that run would get (sup_process_seed). */
        if (s->c->add_seed && !s->c->o->run_seed_set)
            jbuf_printf(&o, " sched_base=0x%016llx", (unsigned long long)s->c->sched_seed);
        if (s->c->add_cpus && s->c->cpus)
            jbuf_printf(&o, "%ssched_cpus=%u", o.len > 17 ? " " : "", s->c->cpus);
        if (o.len > 17)
            strv_push(&env, o.s);
        jbuf_free(&o);
    }
    /* -cpu N also sizes OpenMP teams (N threads on N CPUs), unless the
     * user chose OMP_NUM_THREADS. */
    if (s->c->add_cpus && s->c->cpus && !getenv("OMP_NUM_THREADS")) {
        v = xasprintf("OMP_NUM_THREADS=%u", s->c->cpus);
        strv_push(&env, v);
        free(v);
    }
    if (!u->plain) {
        struct jbuf spec;
        jbuf_init(&spec);
        jbuf_puts(&spec, "RACETEST_RUN=");
        for (size_t i = 0; i < u->n; i++) {
            const struct rt_test *t = &m->tests[u->e[i].test];
            jbuf_printf(&spec, "%s\t%s\t%u\t%u\n", t->group, t->name, u->e[i].first + u->e[i].done,
                        u->e[i].count - u->e[i].done);
        }
        strv_push(&env, spec.s);
        jbuf_free(&spec);
        if (s->c->o->failfast)
            strv_push(&env, "RACETEST_FAILFAST=1");
        if (s->c->o->shuffle == SHUFFLE_ON) {
            v = xasprintf("RACETEST_SHUFFLE=%llu", (unsigned long long)u->shuffle_seed);
            strv_push(&env, v);
            free(v);
        }
    }
    struct strv argv = {0};
    strv_push(&argv, f->binary);
    for (size_t k = 0; k < f->args.n; k++)
        strv_push(&argv, f->args.v[k]);
    struct proc_spec spec = {
        .argv = argv.v, .env = (const char *const *)env.v, .cwd = f->dir, .out_fd = u->out_fd, .events_fd = u->events_fd};
    char err[512];
    u->pid = test_proc_spawn(&spec, err, sizeof err);
    strv_free(&env);
    strv_free(&argv);
    if (u->pid < 0) {
        agg_file_error(s->c->agg, u->file, err, "");
        return false;
    }
    u->start_ms = u->phase_ms = test_proc_now_ms();
    if (!m->files[u->file].started_ms)
        m->files[u->file].started_ms = u->start_ms;
    if (u->plain) {
        u->in_flight = true;
        u->cur_entry = 0;
        u->cur_run = u->e[0].first;
        u->cur_out = 0;
        agg_exec_started(s->c->agg, u->e[0].test, u->cur_run);
    }
    return true;
}

/* ---- results ---------------------------------------------------------- */

static char *read_range(int fd, long from, long to, size_t *len)
{
    struct stat st;
    if (from < 0)
        from = 0;
    if (fstat(fd, &st) < 0) {
        *len = 0;
        return xstrdup("");
    }
    if (to < 0 || to > (long)st.st_size)
        to = (long)st.st_size;
    if (to < from)
        to = from;
    size_t n = (size_t)(to - from);
    char *buf = xcalloc(n + 1, 1);
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, buf + got, n - got, from + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    buf[got] = '\0';
    *len = got;
    if (!memchr(buf, '\0', got))
        return buf;
    /* Outputs travel as C strings: a NUL byte (a test printing a buffer
     * whole) becomes U+FFFD, as the JSON reader does with \u0000, instead
     * of cutting off the rest, e.g. cmocka's assertion message. */
    size_t nuls = 0;
    for (size_t i = 0; i < got; i++)
        nuls += buf[i] == '\0';
    char *clean = xcalloc(got + 2 * nuls + 1, 1);
    size_t k = 0;
    for (size_t i = 0; i < got; i++) {
        if (buf[i] == '\0') {
            memcpy(clean + k, UTF8_REPLACEMENT, 3);
            k += 3;
        } else {
            clean[k++] = buf[i];
        }
    }
    free(buf);
    *len = k;
    return clean;
}

/* Hands a result to the aggregator with the output [from, to). */
static void deliver(struct sup *s, struct unit *u, struct exec_result *r, long from, long to)
{
    /* Output is read only when someone will see it: a passing run's output
     * is printed under -v and in JSON only. */
    const struct test_opts *o = s->c->o;
    bool needed = o->verbose || o->json || r->status != EX_PASS || r->races > 0;
    int rd = needed ? open(u->out_path, O_RDONLY | O_CLOEXEC) : -1;
    size_t len = 0;
    char *out = rd >= 0 ? read_range(rd, from, to, &len) : xstrdup("");
    if (rd >= 0)
        close(rd);
    r->seed = r->run ? sup_process_seed(s->c->o, s->c->sched_seed, r->run) : u->sched_seed;
    r->cpus = s->c->cpus;
    agg_exec_result(s->c->agg, r, out, len);
    free(out);
    if (s->c->o->failfast && s->c->agg->failure_seen) {
        s->stop_new = true;
        if (!s->stop_why)
            s->stop_why = "-failfast, after a failure";
    }
}

static void flush_pending(struct sup *s, struct unit *u, long out_end)
{
    if (!u->pending)
        return;
    u->pending = false;
    deliver(s, u, &u->pend, u->pend_out, out_end);
}

static size_t entry_of(struct sup *s, struct unit *u, const char *group, const char *name)
{
    struct rt_model *m = s->c->m;
    for (size_t i = 0; i < u->n; i++) {
        const struct rt_test *t = &m->tests[u->e[i].test];
        if (strcmp(t->name, name) == 0 && (!group || strcmp(t->group, group) == 0))
            return i;
    }
    return SIZE_MAX;
}

static enum exec_status parse_status(const char *st)
{
    if (strcmp(st, "pass") == 0)
        return EX_PASS;
    if (strcmp(st, "skip") == 0)
        return EX_SKIP;
    return EX_FAIL;
}

/* The run number of an event about entry e, if it is one of the entry's
 * runs; else 0 (not the glue's: a damaged or hostile line, whose number
 * must not size the per-run bitsets). */
static unsigned run_of(const struct unit *u, size_t e, const struct jval *ev)
{
    unsigned run = (unsigned)json_get_uint(ev, "run", UINT_MAX, 0);
    return run >= u->e[e].first && run - u->e[e].first < u->e[e].count ? run : 0;
}

/* Race ids are numbered from 1 in each process (detector/report.c), so a
 * new one is at most one past those seen; an id far beyond is not the
 * runtime's, and is not remembered (the map would grow to its size). */
#define RACE_ID_WINDOW 1024

static void on_race(struct sup *s, struct unit *u, const struct jval *ev)
{
    struct agg *a = s->c->agg;
    size_t id = (size_t)json_get_uint(ev, "id", u->race_map_n + RACE_ID_WINDOW, 0);
    size_t race;
    bool is_new = false;
    if (json_get_bool(ev, "first", 1) || id == 0 || id >= u->race_map_n || u->race_map[id] == 0) {
        race = agg_race_first(a, ev, &is_new);
        if (id > 0) {
            if (id >= u->race_map_n) {
                size_t n = id + 16;
                u->race_map = xrealloc2(u->race_map, n, sizeof *u->race_map);
                memset(u->race_map + u->race_map_n, 0, (n - u->race_map_n) * sizeof *u->race_map);
                u->race_map_n = n;
            }
            u->race_map[id] = race + 1;
        }
    } else {
        race = u->race_map[id] - 1;
    }
    /* Attribution: the test the runtime names, else the one running. */
    const char *tname = json_get_str(ev, "test", "");
    unsigned run = 0;
    size_t test = SIZE_MAX;
    if (*tname) {
        size_t e = entry_of(s, u, NULL, tname);
        if (e != SIZE_MAX && (run = run_of(u, e, ev)) != 0)
            test = u->e[e].test;
    }
    if (test == SIZE_MAX && u->in_flight) {
        test = u->e[u->cur_entry].test;
        run = u->cur_run;
    }
    if (test == SIZE_MAX)
        run = 0;
    else if (u->in_flight && test == u->e[u->cur_entry].test && run == u->cur_run)
        u->cur_races++;
    a->cur_seed = run ? sup_process_seed(s->c->o, s->c->sched_seed, run) : u->sched_seed;
    a->cur_cpus = s->c->cpus;
    agg_race_seen(a, race, test, u->file, run, is_new);
}

static void on_event(struct sup *s, struct unit *u, const char *line, size_t len)
{
    struct json_doc *doc;
    const struct jval *ev = json_parse(line, len, &doc, NULL, 0);
    if (!ev)
        return; /* not ours (or torn by a kill): ignore */
    const char *kind = json_get_str(ev, "event", "");
    if (strcmp(kind, "race") == 0) {
        on_race(s, u, ev);
    } else if (strcmp(kind, "test_start") == 0 && !u->plain) {
        long out = (long)json_get_uint(ev, "out", LONG_MAX, (unsigned long long)-1);
        u->phase_ms = test_proc_now_ms();
        flush_pending(s, u, out);
        size_t e = entry_of(s, u, json_get_str(ev, "group", NULL), json_get_str(ev, "test", ""));
        if (e != SIZE_MAX && run_of(u, e, ev)) {
            u->in_flight = true;
            u->cur_entry = e;
            u->cur_run = run_of(u, e, ev);
            u->cur_out = out;
            u->cur_races = 0;
            agg_exec_started(s->c->agg, u->e[e].test, u->cur_run);
        }
    } else if (strcmp(kind, "test_end") == 0 && !u->plain) {
        size_t e = entry_of(s, u, json_get_str(ev, "group", NULL), json_get_str(ev, "test", ""));
        if (e != SIZE_MAX && run_of(u, e, ev)) {
            flush_pending(s, u, (long)json_get_uint(ev, "out", LONG_MAX, (unsigned long long)-1));
            u->phase_ms = test_proc_now_ms();
            u->in_flight = false;
            u->e[e].done++;
            memset(&u->pend, 0, sizeof u->pend);
            u->pend.test = u->e[e].test;
            u->pend.run = run_of(u, e, ev);
            u->pend.status = parse_status(json_get_str(ev, "status", "fail"));
            u->pend.elapsed = json_get_num(ev, "elapsed", 0);
            u->pend.races = (unsigned long)json_get_uint(ev, "races", ULONG_MAX, 0);
            /* Events the runtime's count missed (a race reported outside
             * begin/end) still fail the execution they happened in. */
            if (u->pend.races < u->cur_races)
                u->pend.races = u->cur_races;
            snprintf(u->pend_phase, sizeof u->pend_phase, "%s", json_get_str(ev, "phase", ""));
            u->pend.phase = u->pend_phase[0] ? u->pend_phase : NULL;
            u->pend_out = u->cur_out;
            u->pending = true;
        }
    }
    json_free(doc);
}

struct event_ctx {
    struct sup *s;
    struct unit *u;
};

static void on_event_line(void *ctx, const char *line, size_t len)
{
    struct event_ctx *c = ctx;
    on_event(c->s, c->u, line, len);
}

static void read_events(struct sup *s, struct unit *u)
{
    char buf[65536];
    for (;;) {
        ssize_t n = read(u->events_rd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        struct event_ctx ctx = {s, u};
        event_lines_feed(&u->events, buf, (size_t)n, on_event_line, &ctx);
    }
}

/* Runs still owed by the unit; builds the continuation (or NULL). */
static struct unit *continuation(struct sup *s, struct unit *u, size_t skip_test)
{
    struct unit *c = NULL;
    for (size_t i = 0; i < u->n; i++) {
        struct unit_entry *e = &u->e[i];
        if (e->done >= e->count)
            continue;
        if (e->test == skip_test) {
            not_run(s, e->test, e->count - e->done, "a run timed out (each later run would likely hang again)");
            continue;
        }
        if (!c) {
            c = unit_new(u->file, u->plain);
            c->shuffle_seed = u->shuffle_seed + 1;
        }
        unit_add(c, e->test, e->first + e->done, e->count - e->done);
    }
    return c;
}

static void abandon_rest(struct sup *s, struct unit *u, const char *why)
{
    for (size_t i = 0; i < u->n; i++)
        not_run(s, u->e[i].test, u->e[i].count - u->e[i].done, why);
}

static unsigned remaining(const struct unit *u)
{
    unsigned r = 0;
    for (size_t i = 0; i < u->n; i++)
        r += u->e[i].count - u->e[i].done;
    return r;
}

/* The unit's process ended with `status`. */
static void finish_unit(struct sup *s, struct unit *u, int status)
{
    read_events(s, u);
    struct event_ctx ctx = {s, u};
    event_lines_finish(&u->events, on_event_line, &ctx); /* a last line without its newline */
    flush_pending(s, u, -1);
    char how[160];
    test_proc_describe(status, how, sizeof how);
    long long now = test_proc_now_ms();
    double elapsed = (double)(now - u->phase_ms) / 1000.0;
    struct rt_file *f = &s->c->m->files[u->file];
    f->ended_ms = now;
    f->elapsed = (double)(f->ended_ms - f->started_ms) / 1000.0;

    if (u->killed) {
        /* The run in flight is named, never counted as passed. */
        if (u->in_flight) {
            struct unit_entry *e = &u->e[u->cur_entry];
            struct exec_result r = {.test = e->test, .run = u->cur_run, .elapsed = elapsed,
                                    .status = EX_INTERRUPTED, .races = u->cur_races, .detail = u->kill_why};
            e->done++;
            u->in_flight = false;
            deliver(s, u, &r, u->cur_out, -1);
        }
        abandon_rest(s, u, s->stop_why ? s->stop_why : u->kill_why);
        return;
    }
    size_t skip_test = SIZE_MAX;
    bool progressed = false;
    if (u->in_flight) {
        struct unit_entry *e = &u->e[u->cur_entry];
        struct exec_result r = {.test = e->test, .run = u->cur_run, .elapsed = elapsed};
        char detail[256];
        if (u->timed_out) {
            char d[32];
            duration_format(unit_timeout_ns(s, u), d, sizeof d);
            r.status = EX_TIMEOUT;
            snprintf(detail, sizeof detail, "test timed out after %s (process killed)", d);
            skip_test = e->test;
        } else if (WIFSIGNALED(status)) {
            r.status = EX_CRASH;
            snprintf(detail, sizeof detail, "test crashed: %s", how);
        } else if (u->plain) {
            int code = WEXITSTATUS(status);
            r.status = code == 0 ? EX_PASS : code == f->skip_exit ? EX_SKIP : EX_FAIL;
            snprintf(detail, sizeof detail, "%s", how);
        } else {
            r.status = EX_FAIL;
            snprintf(detail, sizeof detail, "test process exited during the test: %s", how);
        }
        r.races = u->cur_races; /* a plain main's races come only as events */
        /* A plain main that passed, or failed only because of its races
         * (exit status 66): the aggregator words it. */
        if (u->plain && !WIFSIGNALED(status) && !u->timed_out && (r.status == EX_PASS || r.races > 0))
            detail[0] = '\0';
        r.detail = detail[0] ? detail : NULL;
        e->done++;
        u->in_flight = false;
        progressed = true;
        deliver(s, u, &r, u->cur_out, -1);
    }
    unsigned left = remaining(u);
    if (left == 0) {
        if (WIFSIGNALED(status) && !progressed && !u->timed_out) {
            int rd = open(u->out_path, O_RDONLY | O_CLOEXEC);
            size_t len = 0;
            char *out = rd >= 0 ? read_range(rd, 0, -1, &len) : xstrdup("");
            if (rd >= 0)
                close(rd);
            char *msg = xasprintf("the test process died after its tests: %s", how);
            agg_file_error(s->c->agg, u->file, msg, out);
            free(msg);
            free(out);
        }
        return;
    }
    if (s->stop_new) {
        abandon_rest(s, u, s->stop_why);
        return;
    }
    if (progressed) {
        struct unit *c = continuation(s, u, skip_test);
        if (c)
            queue_insert(s, s->next, c); /* next in line: same position */
        return;
    }
    /* Runs are missing, and not because a test was running: group setup
     * failed, main() returned early, or the process died between tests. */
    int rd = open(u->out_path, O_RDONLY | O_CLOEXEC);
    size_t len = 0;
    char *out = rd >= 0 ? read_range(rd, 0, -1, &len) : xstrdup("");
    if (rd >= 0)
        close(rd);
    char *msg;
    if (u->timed_out) {
        char d[32];
        duration_format(unit_timeout_ns(s, u), d, sizeof d);
        msg = xasprintf("the test process timed out after %s outside any test; %u runs did not happen", d, left);
    } else {
        msg = xasprintf("%u runs did not happen: the test process ended (%s) before running them", left, how);
    }
    agg_file_error(s->c->agg, u->file, msg, out);
    free(msg);
    free(out);
    abandon_rest(s, u, "the test process ended before them");
}

/* ---- main loop -------------------------------------------------------- */

/* Stops everything: nothing new starts, every running process is killed.
 * in_flight is said of the runs it stops, not_started of those never
 * started. */
static void stop_all(struct sup *s, const char *in_flight, const char *not_started)
{
    s->stop_new = true;
    if (!s->stop_why)
        s->stop_why = not_started;
    for (size_t i = 0; i < s->nrunning; i++)
        if (!s->running[i]->killed && !s->running[i]->timed_out) {
            s->running[i]->killed = true;
            s->running[i]->kill_why = in_flight;
            test_proc_kill_group(s->running[i]->pid);
        }
}

static void stop_interrupted(struct sup *s)
{
    switch (test_proc_signal) {
    case SIGTERM: stop_all(s, "interrupted by SIGTERM: the run did not finish", "interrupted by SIGTERM"); break;
    case SIGHUP: stop_all(s, "interrupted by SIGHUP: the run did not finish", "interrupted by SIGHUP"); break;
    default:
        stop_all(s, "interrupted by SIGINT (Ctrl-C): the run did not finish", "interrupted by SIGINT (Ctrl-C)");
    }
}

/* Runs of a and b must not overlap: one is serial, or they share a
 * resource lock (CTest RUN_SERIAL, RESOURCE_LOCK; Meson is_parallel). */
static bool exclusive(const struct rt_file *a, const struct rt_file *b)
{
    if (a->serial || b->serial)
        return true;
    for (size_t i = 0; i < a->resource_locks.n; i++)
        for (size_t j = 0; j < b->resource_locks.n; j++)
            if (strcmp(a->resource_locks.v[i], b->resource_locks.v[j]) == 0)
                return true;
    return false;
}

/* The next unit may start beside those running. The queue's order is
 * kept: a unit that must wait holds back those behind it. */
static bool may_start(const struct sup *s, const struct unit *u)
{
    const struct rt_file *f = &s->c->m->files[u->file];
    for (size_t i = 0; i < s->nrunning; i++)
        if (exclusive(f, &s->c->m->files[s->running[i]->file]))
            return false;
    return true;
}

bool test_supervise(struct sup_cfg *c)
{
    struct sup s;
    memset(&s, 0, sizeof s);
    s.c = c;
    plan(&s);
    unsigned parallel = c->parallel ? c->parallel : 1;
    s.running = xcalloc(parallel, sizeof *s.running);
    bool interrupted = false;
    long long last_progress = 0, runs_start = test_proc_now_ms();

    while (s.next < s.nqueue || s.nrunning > 0) {
        while (!s.stop_new && s.nrunning < parallel && s.next < s.nqueue && may_start(&s, s.queue[s.next])) {
            struct unit *u = s.queue[s.next++];
            if (start_unit(&s, u))
                s.running[s.nrunning++] = u;
            else {
                abandon_rest(&s, u, "their test process could not start");
                unit_free(u);
            }
        }
        if (s.nrunning == 0)
            break;
        int status;
        pid_t pid = test_proc_wait(50, &status);
        for (size_t i = 0; i < s.nrunning; i++)
            read_events(&s, s.running[i]);
        if (pid > 0) {
            for (size_t i = 0; i < s.nrunning; i++) {
                struct unit *u = s.running[i];
                if (u->pid != pid)
                    continue;
                s.running[i] = s.running[--s.nrunning];
                finish_unit(&s, u, status);
                unit_free(u);
                break;
            }
        }
        if (test_proc_interrupted && !interrupted) {
            interrupted = true;
            stop_interrupted(&s);
        }
        if (s.stop_new && c->o->failfast && !interrupted)
            stop_all(&s, "stopped by -failfast after a failure: the run did not finish", "-failfast, after a failure");
        long long now = test_proc_now_ms();
        if (c->deadline_ms > 0 && now >= c->deadline_ms && !s.stop_new) {
            /* The -duration budget is spent: stop, keeping every execution
             * that finished; those in flight are named as interrupted. */
            stop_all(&s, "stopped at the -duration deadline: the run did not finish", "the -duration budget was spent");
        }
        for (size_t i = 0; i < s.nrunning; i++) {
            struct unit *u = s.running[i];
            int64_t limit_ms = (unit_timeout_ns(&s, u) + 999999) / 1000000; /* rounded up, as -timeout */
            if (limit_ms > 0 && !u->timed_out && !u->killed && now - u->phase_ms > limit_ms) {
                u->timed_out = true;
                test_proc_kill_group(u->pid);
            }
        }
        if (now - last_progress >= 200) {
            last_progress = now;
            test_progress_update(c->agg->runs_done, c->agg->runs_total, c->m->nraces,
                                 (double)(now - c->agg->start_ms) / 1000.0, (double)(now - runs_start) / 1000.0);
        }
    }
    /* Whatever was never started. */
    for (size_t i = s.next; i < s.nqueue; i++) {
        abandon_rest(&s, s.queue[i], s.stop_why ? s.stop_why : "not started");
        unit_free(s.queue[i]);
    }
    free(s.queue);
    free(s.running);
    test_progress_clear();
    return !interrupted;
}
