/*
 * suite/build.c — see suite/build.h. Jobs (builds, listings) run through one
 * small scheduler: at most `parallel` children, each with its output in a
 * private file under workdir, each killed (process group) when it outlives
 * the timeout, Ctrl-C killing all of them.
 */
#include "runner/suite/build.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner/program/build_cache.h"
#include "runner/cc/args.h"
#include "runner/cc/driver.h"
#include "runner/cc/layout.h"
#include "runner/cc/make_deps.h"
#include "runner/report/output.h"
#include "filters/duration.h"
#include "runner/report/json.h"
#include "runner/suite/proc.h"

struct job {
    struct strv argv;
    struct strv env;
    const char *cwd;
    char *out_path;
    char *events_path;
    int out_fd, events_fd;
    pid_t pid;
    int status;
    bool started, done, timed_out, spawn_failed;
    char spawn_err[256];
    long long start_ms;
};

static int open_new(const char *path)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
}

static void job_free(struct job *j)
{
    strv_free(&j->argv);
    strv_free(&j->env);
    free(j->out_path);
    free(j->events_path);
    if (j->out_fd >= 0)
        close(j->out_fd);
    if (j->events_fd >= 0)
        close(j->events_fd);
}

/* Runs the jobs, at most `parallel` at once, showing "<what> k/n" on the
 * progress line. Returns false when interrupted. */
static bool run_jobs(struct job *jobs, size_t n, unsigned parallel, long long timeout_ms, const char *what)
{
    size_t next = 0, running = 0, finished = 0;
    char line[128];
    if (n > 0) {
        snprintf(line, sizeof line, "%s 0/%zu test files", what, n);
        test_progress_message(line);
    }
    while (next < n || running > 0) {
        while (next < n && running < parallel && !test_proc_interrupted) {
            struct job *j = &jobs[next++];
            struct proc_spec s = {.argv = j->argv.v,
                                  .env = (const char *const *)j->env.v,
                                  .cwd = j->cwd,
                                  .out_fd = j->out_fd,
                                  .events_fd = j->events_fd};
            j->pid = test_proc_spawn(&s, j->spawn_err, sizeof j->spawn_err);
            j->started = true;
            if (j->pid < 0) {
                j->spawn_failed = j->done = true;
                continue;
            }
            j->start_ms = test_proc_now_ms();
            running++;
        }
        if (running == 0)
            break;
        int status;
        pid_t pid = test_proc_wait(100, &status);
        if (pid > 0) {
            for (size_t i = 0; i < n; i++)
                if (jobs[i].started && !jobs[i].done && jobs[i].pid == pid) {
                    jobs[i].done = true;
                    jobs[i].status = status;
                    running--;
                    snprintf(line, sizeof line, "%s %zu/%zu test files", what, ++finished, n);
                    test_progress_message(line);
                }
        }
        long long now = test_proc_now_ms();
        for (size_t i = 0; i < n; i++) {
            struct job *j = &jobs[i];
            if (!j->started || j->done || j->pid <= 0)
                continue;
            if (test_proc_interrupted || (timeout_ms > 0 && now - j->start_ms > timeout_ms)) {
                if (!test_proc_interrupted)
                    j->timed_out = true;
                test_proc_kill_group(j->pid);
            }
        }
    }
    return !test_proc_interrupted;
}

/* mkdir -p for the directory part of path. */
static int mkdir_parents(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) < 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return 0;
}

static char *binary_path(const struct rt_file *f, size_t idx, const struct build_env *e)
{
    char *rel = xstrdup(f->rel);
    size_t len = strlen(rel);
    if (len > 2 && strcmp(rel + len - 2, ".c") == 0)
        rel[len - 2] = '\0';
    char *p;
    if (e->opts->outdir) {
        /* Mirror the relative path, minus "../" and leading "/" parts. */
        const char *r = rel;
        while (*r == '/' || strncmp(r, "../", 3) == 0)
            r += *r == '/' ? 1 : 3;
        char abs_out[PATH_MAX];
        if (e->opts->outdir[0] == '/' || !getcwd(abs_out, sizeof abs_out))
            p = xasprintf("%s/%s", e->opts->outdir, r);
        else
            p = xasprintf("%s/%s/%s", abs_out, e->opts->outdir, r);
    } else {
        const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
        p = xasprintf("%s/bin/%zu-%s", e->workdir, idx, base);
    }
    free(rel);
    return p;
}

static void push_compiler(struct strv *argv, const struct build_env *e)
{
    if (e->opts->race) {
        strv_push(argv, e->self_exe);
        strv_push(argv, "build");
        return;
    }
    const char *cc = getenv("RACETEST_CC");
    size_t n = 0;
    char **words = cc_split_response_text(cc && *cc ? cc : "cc", &n);
    if (!words || n == 0) {
        strv_push(argv, "cc");
    } else {
        for (size_t i = 0; i < n; i++)
            strv_push(argv, words[i]);
    }
    if (words)
        cc_argv_free(words);
}

/* The arguments after the compiler and "-o OUT": what is hashed into the
 * cache key (inputs marked). */
static void build_args(const struct rt_file *f, const struct build_env *e, struct strv *args, struct strv *inputs)
{
    if (!e->opts->race) {
        strv_push(args, "-g");
        if (e->includedir) {
            char *inc = xasprintf("-I%s", e->includedir);
            strv_push(args, inc);
            free(inc);
        }
    }
    /* __FILE__ (cmocka's failure messages) relative to the current
     * directory, like test ids; debug info keeps absolute paths. */
    if (e->cwd) {
        char *map = xasprintf("-fmacro-prefix-map=%s/=", strcmp(e->cwd, "/") == 0 ? "" : e->cwd);
        strv_push(args, map);
        free(map);
    }
    for (size_t k = 0; k < f->cflags.n; k++)
        strv_push(args, f->cflags.v[k]);
    strv_push(args, f->path);
    strv_push(inputs, f->path);
    for (size_t k = 0; k < f->sources.n; k++) {
        strv_push(args, f->sources.v[k]);
        strv_push(inputs, f->sources.v[k]);
    }
    strv_push(args, "-Wl,--wrap=_cmocka_run_group_tests");
    strv_push(args, "-Wl,--wrap=_skip");
    char *glue = xasprintf("%s/libracetest_cmocka.a", e->libdir);
    strv_push(args, glue);
    strv_push(inputs, glue);
    free(glue);
    if (!e->opts->race) {
        char *noop = xasprintf("%s/libracetest_rt_noop.a", e->libdir);
        strv_push(args, noop);
        strv_push(inputs, noop);
        free(noop);
    }
    strv_push(args, "-lcmocka");
    if (!e->opts->race)
        strv_push(args, "-lpthread");
    for (size_t k = 0; k < f->ldflags.n; k++)
        strv_push(args, f->ldflags.v[k]);
}

/* The build cache (program/build_cache.h, shared with `racetest run`): a test binary
 * is reused while racetest, the runtime, the compiler, the arguments and the
 * content of every source and header it was built from are unchanged. */
struct cache {
    bool on;
    char dir[PATH_MAX];
    struct cc_layout layout;
    bool have_layout;
    char **words; /* the compiler words, for the key */
    size_t nwords;
};

static void cache_open(struct cache *c, const struct build_env *e)
{
    memset(c, 0, sizeof *c);
    const char *off = getenv("RACETEST_NOCACHE");
    if (e->opts->outdir || (off && *off && strcmp(off, "0") != 0))
        return;
    char err[512];
    if (cc_layout_find(&c->layout, err, sizeof err) != 0)
        return;
    c->have_layout = true;
    if (cc_layout_flags(&c->layout) != 0 || build_cache_dir(c->dir, sizeof c->dir, err, sizeof err) != 0)
        return;
    if (e->opts->race) {
        c->words = cc_driver_compiler_words(&c->nwords);
    } else {
        const char *cc = getenv("RACETEST_CC");
        c->words = cc_split_response_text(cc && *cc ? cc : "cc", &c->nwords);
    }
    c->on = c->words && c->nwords > 0;
}

static void cache_close(struct cache *c)
{
    if (c->words)
        cc_argv_free(c->words);
    if (c->have_layout)
        cc_layout_free(&c->layout);
}

/* The cache entry for f, or NULL when it cannot be keyed. */
static char *cache_entry(struct cache *c, const struct rt_file *f, const struct build_env *e, const struct strv *args,
                         const struct strv *inputs)
{
    if (!c->on)
        return NULL;
    size_t n = args->n + 1;
    char **v = xcalloc(n + 1, sizeof *v);
    unsigned char *is_input = xcalloc(n, 1);
    v[0] = e->opts->race ? "racetest-test:race" : "racetest-test:plain";
    for (size_t i = 0; i < args->n; i++) {
        v[i + 1] = args->v[i];
        for (size_t k = 0; k < inputs->n; k++)
            if (strcmp(inputs->v[k], args->v[i]) == 0)
                is_input[i + 1] = 1;
    }
    char key[33], err[512];
    char *entry = NULL;
    if (build_cache_key(c->words, c->nwords, v, is_input, n, &c->layout, key, err, sizeof err) == 0) {
        const char *base = strrchr(f->path, '/') ? strrchr(f->path, '/') + 1 : f->path;
        entry = xasprintf("%s/%s-%.*s%s", c->dir, key, (int)(strlen(base) - 2), base, e->opts->race ? "" : "-norace");
    }
    free(v);
    free(is_input);
    return entry;
}

/* Runs argv in dir with its output in out_path; returns its wait status, or
 * -1 when it could not be started. Only used while no other child runs. */
static int run_sync(char **argv, const char *dir, const char *out_path)
{
    int fd = open_new(out_path);
    if (fd < 0)
        return -1;
    int st = test_proc_run_sync(argv, dir, fd);
    close(fd);
    return st;
}

/* Records the headers and sources the binary was built from (cc -MM), so
 * that an edited header makes the entry stale. Failure only costs a rebuild
 * next time. */
static void cache_manifest(struct cache *c, const struct rt_file *f, const struct build_env *e, const char *entry,
                           const struct strv *args, const char *workdir)
{
    struct strv argv = {0};
    if (e->opts->race) {
        strv_push(&argv, e->self_exe);
        strv_push(&argv, "cc");
    } else {
        for (size_t i = 0; i < c->nwords; i++)
            strv_push(&argv, c->words[i]);
    }
    strv_push(&argv, "-MM");
    size_t n_flags = 0;
    char **flags = cc_compile_only_args((int)args->n, args->v, &n_flags);
    for (size_t i = 0; flags && i < n_flags; i++)
        strv_push(&argv, flags[i]);
    if (flags)
        cc_argv_free(flags);
    strv_push(&argv, f->path);
    for (size_t k = 0; k < f->sources.n; k++)
        if (cc_is_source_name(f->sources.v[k]))
            strv_push(&argv, f->sources.v[k]);
    char *out_path = xasprintf("%s/deps-%d.out", workdir, (int)getpid());
    int st = run_sync(argv.v, f->dir, out_path);
    char *text = st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? read_file_all(out_path, NULL) : NULL;
    unlink(out_path);
    free(out_path);
    strv_free(&argv);
    if (!text)
        return;
    size_t n = 0;
    char **deps = make_deps_parse(text, &n);
    free(text);
    if (!deps)
        return;
    /* cc ran in the file's directory: make its relative names absolute. */
    struct strv abs = {0};
    for (size_t i = 0; i < n; i++) {
        if (deps[i][0] == '/') {
            strv_push(&abs, deps[i]);
        } else {
            char *p = xasprintf("%s/%s", f->dir, deps[i]);
            strv_push(&abs, p);
            free(p);
        }
    }
    cc_argv_free(deps);
    build_cache_write_manifest(entry, abs.v, abs.n);
    strv_free(&abs);
}

size_t test_build_all(struct rt_model *m, const struct build_env *e)
{
    struct job *jobs = xcalloc(m->nfiles, sizeof *jobs);
    size_t *file_of = xcalloc(m->nfiles, sizeof *file_of);
    char **entries = xcalloc(m->nfiles, sizeof *entries);
    struct strv *argsv = xcalloc(m->nfiles, sizeof *argsv);
    size_t n = 0, failures = 0;
    char *bindir = xasprintf("%s/bin/", e->workdir);
    mkdir_parents(bindir);
    free(bindir);
    struct cache cache;
    cache_open(&cache, e);

    for (size_t i = 0; i < m->nfiles; i++) {
        struct rt_file *f = &m->files[i];
        if (f->excluded || f->build_failed)
            continue;
        struct strv args = {0}, inputs = {0};
        build_args(f, e, &args, &inputs);
        char *entry = cache_entry(&cache, f, e, &args, &inputs);
        strv_free(&inputs);
        if (entry && build_cache_valid(entry)) {
            f->binary = entry; /* built before, nothing changed */
            f->is_cmocka = test_binary_has_glue(entry);
            strv_free(&args);
            continue;
        }
        struct job *j = &jobs[n];
        j->out_fd = j->events_fd = -1;
        file_of[n] = i;
        entries[n] = entry;
        /* A cache entry appears only by rename of a complete program. */
        f->binary = entry ? xasprintf("%s.tmp-%d-%zu", entry, (int)getpid(), i) : binary_path(f, i, e);
        if (mkdir_parents(f->binary) < 0) {
            f->build_failed = true;
            f->build_output = xasprintf("racetest: cannot create the directory of %s: %s\n", f->binary,
                                        strerror(errno));
            free(f->binary);
            f->binary = NULL;
            free(entry);
            entries[n] = NULL;
            strv_free(&args);
            failures++;
            continue;
        }
        push_compiler(&j->argv, e);
        strv_push(&j->argv, "-o");
        strv_push(&j->argv, f->binary);
        for (size_t k = 0; k < args.n; k++)
            strv_push(&j->argv, args.v[k]);
        argsv[n] = args;
        j->cwd = f->dir;
        j->out_path = xasprintf("%s/build-%zu.out", e->workdir, i);
        j->out_fd = open_new(j->out_path);
        if (j->out_fd < 0) {
            f->build_failed = true;
            f->build_output = xasprintf("racetest: cannot create %s: %s\n", j->out_path, strerror(errno));
            failures++;
            job_free(j);
            memset(j, 0, sizeof *j);
            strv_free(&argsv[n]);
            free(entries[n]);
            entries[n] = NULL;
            continue;
        }
        n++;
    }

    run_jobs(jobs, n, e->parallel ? e->parallel : 1, 0, "building");

    for (size_t k = 0; k < n; k++) {
        struct job *j = &jobs[k];
        struct rt_file *f = &m->files[file_of[k]];
        char *out = read_file_all(j->out_path, NULL);
        bool ok = j->done && !j->spawn_failed && WIFEXITED(j->status) && WEXITSTATUS(j->status) == 0;
        if (!ok) {
            f->build_failed = true;
            char how[128];
            if (!j->started)
                snprintf(how, sizeof how, "not started (interrupted)");
            else if (j->spawn_failed)
                snprintf(how, sizeof how, "%s", j->spawn_err);
            else
                test_proc_describe(j->status, how, sizeof how);
            f->build_output = xasprintf("%s%s$ %s ... (%s)\n", out ? out : "",
                                        out && *out && out[strlen(out) - 1] != '\n' ? "\n" : "", j->argv.v[0], how);
            unlink(f->binary);
            free(f->binary);
            f->binary = NULL;
            failures++;
        } else if (entries[k]) {
            if (rename(f->binary, entries[k]) == 0) {
                free(f->binary);
                f->binary = xstrdup(entries[k]);
                cache_manifest(&cache, f, e, entries[k], &argsv[k], e->workdir);
            }
        }
        if (f->binary)
            f->is_cmocka = test_binary_has_glue(f->binary);
        free(out);
        unlink(j->out_path);
        job_free(j);
        free(entries[k]);
        strv_free(&argsv[k]);
    }
    cache_close(&cache);
    free(entries);
    free(argsv);
    free(jobs);
    free(file_of);
    return failures;
}

bool test_binary_has_glue(const char *path)
{
    static const char marker[] = "racetest-cmocka-glue-v1";
    size_t len;
    char *data = read_file_all(path, &len);
    if (!data)
        return false;
    bool found = memmem(data, len, marker, sizeof marker - 1) != NULL;
    free(data);
    return found;
}

/* The test name of a plain-main file: its base name without ".c". */
static char *plain_test_name(const struct rt_file *f)
{
    const char *base = strrchr(f->rel, '/') ? strrchr(f->rel, '/') + 1 : f->rel;
    char *name = xstrdup(base);
    size_t len = strlen(name);
    if (len > 2 && strcmp(name + len - 2, ".c") == 0)
        name[len - 2] = '\0';
    return name;
}

size_t test_list_all(struct rt_model *m, const struct build_env *e)
{
    struct job *jobs = xcalloc(m->nfiles, sizeof *jobs);
    size_t *file_of = xcalloc(m->nfiles, sizeof *file_of);
    size_t n = 0, failures = 0;
    for (size_t i = 0; i < m->nfiles; i++) {
        struct rt_file *f = &m->files[i];
        if (!f->binary || !f->is_cmocka)
            continue;
        struct job *j = &jobs[n];
        j->out_fd = j->events_fd = -1;
        strv_push(&j->argv, f->binary);
        for (size_t k = 0; k < f->args.n; k++)
            strv_push(&j->argv, f->args.v[k]);
        j->cwd = f->dir;
        j->out_path = xasprintf("%s/list-%zu.out", e->workdir, i);
        j->events_path = xasprintf("%s/list-%zu.events", e->workdir, i);
        j->out_fd = open_new(j->out_path);
        j->events_fd = open_new(j->events_path);
        if (j->out_fd < 0 || j->events_fd < 0) {
            f->list_failed = true;
            f->build_output = xasprintf("racetest: cannot create files in %s: %s\n", e->workdir, strerror(errno));
            failures++;
            job_free(j);
            memset(j, 0, sizeof *j);
            continue;
        }
        for (size_t k = 0; k < f->env.n; k++)
            strv_push(&j->env, f->env.v[k]);
        strv_push(&j->env, "RACETEST_LIST=1");
        char *fdvar = xasprintf("RACETEST_EVENTS_FD=%d", j->events_fd);
        strv_push(&j->env, fdvar);
        free(fdvar);
        /* A listing runs no test: no need to report anything at exit. */
        file_of[n++] = i;
    }

    run_jobs(jobs, n, e->parallel ? e->parallel : 1, e->opts->timeout_ms, "listing the tests of");

    for (size_t k = 0; k < n; k++) {
        struct job *j = &jobs[k];
        size_t fi = file_of[k];
        struct rt_file *f = &m->files[fi];
        size_t len = 0;
        char *ev = read_file_all(j->events_path, &len);
        f->first_test = m->ntests;
        for (char *line = ev; line && *line;) {
            char *eol = strchr(line, '\n');
            if (!eol)
                break; /* incomplete last line */
            struct json_doc *doc;
            const struct jval *v = json_parse(line, (size_t)(eol - line), &doc, NULL, 0);
            if (v && strcmp(json_get_str(v, "event", ""), "list") == 0) {
                const char *name = json_get_str(v, "test", NULL);
                if (name && *name)
                    model_add_test(m, fi, json_get_str(v, "group", ""), name);
            }
            json_free(doc);
            line = eol + 1;
        }
        f = &m->files[fi]; /* model_add_test never moves files, but be explicit */
        f->ntests = m->ntests - f->first_test;
        bool died = !j->done || j->spawn_failed || j->timed_out || !WIFEXITED(j->status);
        if (died) {
            char how[256];
            if (j->spawn_failed)
                snprintf(how, sizeof how, "%s", j->spawn_err);
            else if (j->timed_out)
            {
                char d[32];
                duration_format(e->opts->timeout_ns, d, sizeof d);
                snprintf(how, sizeof how, "timed out after %s", d);
            }
            else if (!j->done)
                snprintf(how, sizeof how, "interrupted");
            else
                test_proc_describe(j->status, how, sizeof how);
            char *out = read_file_all(j->out_path, NULL);
            f->list_failed = true;
            f->build_output = xasprintf("%sracetest: listing the tests of %s failed: %s\n", out ? out : "", f->rel, how);
            free(out);
            failures++;
        }
        free(ev);
        unlink(j->out_path);
        unlink(j->events_path);
        job_free(j);
    }
    /* Plain-main files: one test each. */
    for (size_t i = 0; i < m->nfiles; i++) {
        struct rt_file *f = &m->files[i];
        if (!f->binary || f->is_cmocka)
            continue;
        f->first_test = m->ntests;
        char *name = plain_test_name(f);
        model_add_test(m, i, "", name);
        free(name);
        f->ntests = 1;
    }
    free(jobs);
    free(file_of);
    return failures;
}
