/*
 * suite/model.c — allocation helpers of suite/model.h. Allocation failure ends
 * the process with a message: the runner has nothing useful to do without
 * memory, and every caller stays free of error paths for it.
 */
#include "runner/suite/model.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void oom(void)
{
    fprintf(stderr, "racetest: out of memory\n");
    exit(2);
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *xrealloc2(void *p, size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size)
        oom();
    size_t bytes = n * size;
    void *q = realloc(p, bytes ? bytes : 1);
    if (!q)
        oom();
    return q;
}

char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        oom();
    return d;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom();
    return s;
}

void strv_push(struct strv *s, const char *str)
{
    if (s->n + 1 >= s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->v = xrealloc2(s->v, s->cap, sizeof *s->v);
    }
    s->v[s->n++] = xstrdup(str);
    s->v[s->n] = NULL;
}

void strv_free(struct strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

struct rt_file *model_add_file(struct rt_model *m)
{
    if (m->nfiles == m->files_cap) {
        m->files_cap = m->files_cap ? m->files_cap * 2 : 16;
        m->files = xrealloc2(m->files, m->files_cap, sizeof *m->files);
    }
    struct rt_file *f = &m->files[m->nfiles++];
    memset(f, 0, sizeof *f);
    return f;
}

struct rt_test *model_add_test(struct rt_model *m, size_t file, const char *group, const char *name)
{
    if (m->ntests == m->tests_cap) {
        m->tests_cap = m->tests_cap ? m->tests_cap * 2 : 64;
        m->tests = xrealloc2(m->tests, m->tests_cap, sizeof *m->tests);
    }
    struct rt_test *t = &m->tests[m->ntests++];
    memset(t, 0, sizeof *t);
    t->file = file;
    t->group = xstrdup(group);
    t->name = xstrdup(name);
    t->id = xasprintf("%s/%s", m->files[file].rel, name);
    t->selected = true;
    return t;
}

struct rt_race *model_add_race(struct rt_model *m)
{
    if (m->nraces == m->races_cap) {
        m->races_cap = m->races_cap ? m->races_cap * 2 : 16;
        m->races = xrealloc2(m->races, m->races_cap, sizeof *m->races);
    }
    struct rt_race *r = &m->races[m->nraces++];
    memset(r, 0, sizeof *r);
    return r;
}

bool race_seen_add(struct rt_race *r, size_t test, size_t file, unsigned run)
{
    struct race_seen *s = NULL;
    for (size_t i = 0; i < r->nseen; i++)
        if (r->seen[i].test == test && (test != SIZE_MAX || r->seen[i].file == file))
            s = &r->seen[i];
    if (!s) {
        r->seen = xrealloc2(r->seen, r->nseen + 1, sizeof *r->seen);
        s = &r->seen[r->nseen++];
        memset(s, 0, sizeof *s);
        s->test = test;
        s->file = file;
        s->first_run = run;
    }
    if (run >= s->runs_cap) {
        size_t cap = s->runs_cap ? s->runs_cap : 64;
        while (cap <= run)
            cap *= 2;
        s->runs = xrealloc2(s->runs, cap / 8, 1);
        memset(s->runs + s->runs_cap / 8, 0, (cap - s->runs_cap) / 8);
        s->runs_cap = cap;
    }
    if (s->runs[run / 8] & (1u << (run % 8)))
        return false;
    s->runs[run / 8] |= (uint8_t)(1u << (run % 8));
    s->nruns++;
    if (run < s->first_run)
        s->first_run = run;
    return true;
}

void model_free(struct rt_model *m)
{
    for (size_t i = 0; i < m->nfiles; i++) {
        struct rt_file *f = &m->files[i];
        free(f->path);
        free(f->rel);
        free(f->dir);
        free(f->reason);
        strv_free(&f->cflags);
        strv_free(&f->ldflags);
        strv_free(&f->sources);
        free(f->binary);
        strv_free(&f->args);
        strv_free(&f->env);
        strv_free(&f->labels);
        strv_free(&f->resource_locks);
        strv_free(&f->fixtures_setup);
        strv_free(&f->fixtures_cleanup);
        strv_free(&f->fixtures_required);
        free(f->build_output);
    }
    for (size_t i = 0; i < m->ntests; i++) {
        free(m->tests[i].group);
        free(m->tests[i].name);
        free(m->tests[i].id);
    }
    for (size_t i = 0; i < m->nraces; i++) {
        struct rt_race *r = &m->races[i];
        free(r->key);
        free(r->report);
        free(r->accesses_json);
        free(r->kind);
        for (size_t k = 0; k < r->nseen; k++)
            free(r->seen[k].runs);
        free(r->seen);
    }
    free(m->files);
    free(m->tests);
    free(m->races);
    memset(m, 0, sizeof *m);
}

char *read_file_all(const char *path, size_t *lenp)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = xcalloc(cap, 1);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = xrealloc2(buf, cap, 1);
        }
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    buf[len] = '\0';
    if (lenp)
        *lenp = len;
    return buf;
}
