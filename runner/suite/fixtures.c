/*
 * suite/fixtures.c — see suite/fixtures.h.
 */
#include "runner/suite/fixtures.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "filters/duration.h"
#include "runner/report/json.h"
#include "runner/suite/proc.h"

static bool has(const struct strv *s, const char *x)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return true;
    return false;
}

static bool meets(const struct strv *a, const struct strv *b)
{
    for (size_t i = 0; i < a->n; i++)
        if (has(b, a->v[i]))
            return true;
    return false;
}

/* Adds what `from` names and `to` lacks; true when something was added. */
static bool add_missing(struct strv *to, const struct strv *from)
{
    bool added = false;
    for (size_t i = 0; i < from->n; i++)
        if (!has(to, from->v[i])) {
            strv_push(to, from->v[i]);
            added = true;
        }
    return added;
}

void fixtures_deselect(struct rt_model *m)
{
    for (size_t i = 0; i < m->ntests; i++)
        if (rt_file_is_fixture(&m->files[m->tests[i].file]))
            m->tests[i].selected = false;
}

/* a's setup must come before b's: b requires a fixture a sets up. */
static bool setup_before(const struct rt_file *a, const struct rt_file *b)
{
    return meets(&a->fixtures_setup, &b->fixtures_required);
}

/* a's cleanup must come before b's: a requires a fixture b cleans up. */
static bool cleanup_before(const struct rt_file *a, const struct rt_file *b)
{
    return meets(&a->fixtures_required, &b->fixtures_cleanup);
}

/* The files that set up (or clean up) one of the needed fixtures, each
 * placed after those that must come before it (in model order otherwise; a cycle, which
 * ctest refuses, is broken at the first file of it). */
static size_t *ordered(const struct rt_model *m, const struct strv *needed, bool cleanup,
                       bool (*before)(const struct rt_file *, const struct rt_file *), size_t *n)
{
    size_t *cand = xcalloc(m->nfiles + 1, sizeof *cand), ncand = 0;
    for (size_t i = 0; i < m->nfiles; i++)
        if (meets(cleanup ? &m->files[i].fixtures_cleanup : &m->files[i].fixtures_setup, needed))
            cand[ncand++] = i;
    size_t *out = xcalloc(ncand + 1, sizeof *out);
    bool *placed = xcalloc(ncand + 1, sizeof *placed);
    for (*n = 0; *n < ncand; (*n)++) {
        size_t pick = SIZE_MAX, first = SIZE_MAX;
        for (size_t c = 0; c < ncand && pick == SIZE_MAX; c++) {
            if (placed[c])
                continue;
            if (first == SIZE_MAX)
                first = c;
            bool blocked = false;
            for (size_t d = 0; d < ncand && !blocked; d++)
                blocked = d != c && !placed[d] && before(&m->files[cand[d]], &m->files[cand[c]]);
            if (!blocked)
                pick = c;
        }
        if (pick == SIZE_MAX)
            pick = first;
        placed[pick] = true;
        out[*n] = cand[pick];
    }
    free(cand);
    free(placed);
    return out;
}

void fixtures_plan(const struct rt_model *m, struct fixtures *fx)
{
    memset(fx, 0, sizeof *fx);
    for (size_t i = 0; i < m->ntests; i++)
        if (m->tests[i].selected)
            add_missing(&fx->needed, &m->files[m->tests[i].file].fixtures_required);
    /* The fixtures that the fixture tests themselves require. */
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t i = 0; i < m->nfiles; i++) {
            const struct rt_file *f = &m->files[i];
            if (meets(&f->fixtures_setup, &fx->needed) || meets(&f->fixtures_cleanup, &fx->needed))
                grew |= add_missing(&fx->needed, &f->fixtures_required);
        }
    }
    fx->setup = ordered(m, &fx->needed, false, setup_before, &fx->nsetup);
    fx->cleanup = ordered(m, &fx->needed, true, cleanup_before, &fx->ncleanup);
}

/* Runs fixture file i once. Returns NULL when it succeeded, else a
 * malloc'd description of the failure with its output in *output. */
static char *run_one(struct rt_model *m, size_t i, const char *workdir, int64_t default_timeout_ns, char **output)
{
    const struct rt_file *f = &m->files[i];
    *output = NULL;
    char *path = xasprintf("%s/fixture%zu.out", workdir, i);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        char *why = xasprintf("cannot create %s: %s", path, strerror(errno));
        free(path);
        return why;
    }
    free(path);
    struct strv argv = {0}, env = {0};
    strv_push(&argv, f->binary);
    for (size_t k = 0; k < f->args.n; k++)
        strv_push(&argv, f->args.v[k]);
    for (size_t k = 0; k < f->env.n; k++)
        strv_push(&env, f->env.v[k]);
    struct proc_spec spec = {
        .argv = argv.v, .env = (const char *const *)env.v, .cwd = f->dir, .out_fd = fd, .events_fd = -1};
    int64_t timeout_ns = f->timeout_ns ? f->timeout_ns : default_timeout_ns;
    bool timed_out = false;
    char err[512], how[160];
    int st = test_proc_run_timed(&spec, timeout_ns > 0 ? (timeout_ns + 999999) / 1000000 : -1, &timed_out, err,
                                 sizeof err);
    strv_free(&argv);
    strv_free(&env);
    char *why = NULL;
    if (st < 0) {
        why = xstrdup(err);
    } else if (timed_out) {
        char d[32];
        duration_format(timeout_ns, d, sizeof d);
        why = xasprintf("timed out after %s (process killed)", d);
    } else if (!WIFEXITED(st) || (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != f->skip_exit)) {
        test_proc_describe(st, how, sizeof how);
        why = xstrdup(how);
    }
    if (why) {
        off_t size = lseek(fd, 0, SEEK_END);
        size_t len = size > 0 ? (size_t)size : 0, got = 0;
        *output = xcalloc(len + 1, 1);
        while (got < len) {
            ssize_t r = pread(fd, *output + got, len - got, (off_t)got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        (*output)[got] = '\0';
    }
    close(fd);
    return why;
}

void fixtures_set_up(const struct fixtures *fx, struct rt_model *m, struct agg *agg, const char *workdir,
                     int64_t default_timeout_ns)
{
    struct strv failed = {0};
    size_t *bad = xcalloc(fx->nsetup + 1, sizeof *bad), nbad = 0;
    char **whys = xcalloc(fx->nsetup + 1, sizeof *whys), **outputs = xcalloc(fx->nsetup + 1, sizeof *outputs);
    for (size_t k = 0; k < fx->nsetup && !test_proc_interrupted; k++) {
        const struct rt_file *f = &m->files[fx->setup[k]];
        if (meets(&f->fixtures_required, &failed)) { /* its own fixture is not there */
            add_missing(&failed, &f->fixtures_setup);
            continue;
        }
        char *why = run_one(m, fx->setup[k], workdir, default_timeout_ns, &outputs[nbad]);
        if (why) {
            add_missing(&failed, &f->fixtures_setup);
            whys[nbad] = why;
            bad[nbad++] = fx->setup[k];
        }
    }
    /* The tests that cannot run, named in each failure. */
    struct jbuf names;
    jbuf_init(&names);
    for (size_t i = 0; i < m->ntests; i++) {
        struct rt_test *t = &m->tests[i];
        if (t->selected && meets(&m->files[t->file].fixtures_required, &failed)) {
            t->selected = false;
            jbuf_printf(&names, "%s%s", names.len ? ", " : "", t->id);
        }
    }
    for (size_t k = 0; k < nbad; k++) {
        char *msg = xasprintf("fixture setup failed: %s%s%s", whys[k], names.len ? "; not run: " : "",
                              names.len ? names.s : "");
        agg_file_error(agg, bad[k], msg, outputs[k]);
        free(msg);
        free(whys[k]);
        free(outputs[k]);
    }
    jbuf_free(&names);
    free(whys);
    free(outputs);
    free(bad);
    strv_free(&failed);
}

void fixtures_clean_up(const struct fixtures *fx, struct rt_model *m, struct agg *agg, const char *workdir,
                       int64_t default_timeout_ns)
{
    for (size_t k = 0; k < fx->ncleanup; k++) {
        char *output = NULL;
        char *why = run_one(m, fx->cleanup[k], workdir, default_timeout_ns, &output);
        if (why) {
            char *msg = xasprintf("fixture cleanup failed: %s", why);
            agg_file_error(agg, fx->cleanup[k], msg, output);
            free(msg);
        }
        free(why);
        free(output);
    }
}

void fixtures_free(struct fixtures *fx)
{
    strv_free(&fx->needed);
    free(fx->setup);
    free(fx->cleanup);
    memset(fx, 0, sizeof fx[0]);
}
