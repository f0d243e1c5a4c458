/*
 * report/collect.c — see report/collect.h.
 */
#include "runner/report/collect.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct {
    const struct test_output *primary;
    FILE *json_file;
    struct report_test *tests;
    size_t ntests;
    struct report_file *files;
    size_t nfiles;
} rc;

static const struct report_test empty_test;
static const struct report_file empty_file;

void report_collect_init(const struct test_output *primary, FILE *json_file)
{
    report_collect_free();
    rc.primary = primary;
    rc.json_file = json_file;
}

static void exec_free(struct report_exec *e)
{
    free(e->detail);
    free(e->phase);
    free(e->output);
    memset(e, 0, sizeof *e);
}

void report_collect_free(void)
{
    for (size_t i = 0; i < rc.ntests; i++) {
        exec_free(&rc.tests[i].failure);
        exec_free(&rc.tests[i].crash);
        exec_free(&rc.tests[i].timeout);
    }
    for (size_t i = 0; i < rc.nfiles; i++) {
        for (size_t k = 0; k < rc.files[i].nerrors; k++) {
            free(rc.files[i].errors[k].msg);
            free(rc.files[i].errors[k].output);
        }
        free(rc.files[i].errors);
    }
    free(rc.tests);
    free(rc.files);
    memset(&rc, 0, sizeof rc);
}

const struct report_test *report_collect_test(size_t test)
{
    return test < rc.ntests ? &rc.tests[test] : &empty_test;
}

const struct report_file *report_collect_file(size_t file)
{
    return file < rc.nfiles ? &rc.files[file] : &empty_file;
}

/* A copy of at most REPORT_OUTPUT_MAX bytes of text, with a note when cut. */
static char *bounded(const char *text)
{
    size_t len = text ? strlen(text) : 0;
    if (len <= REPORT_OUTPUT_MAX)
        return xstrdup(text ? text : "");
    return xasprintf("%.*s\n[... %zu more bytes of output not kept]\n", (int)REPORT_OUTPUT_MAX, text,
                     len - REPORT_OUTPUT_MAX);
}

static struct report_test *test_rec(size_t test)
{
    if (test >= rc.ntests) {
        size_t n = test + 16;
        rc.tests = xrealloc2(rc.tests, n, sizeof *rc.tests);
        memset(rc.tests + rc.ntests, 0, (n - rc.ntests) * sizeof *rc.tests);
        rc.ntests = n;
    }
    return &rc.tests[test];
}

static struct report_file *file_rec(size_t file)
{
    if (file >= rc.nfiles) {
        size_t n = file + 8;
        rc.files = xrealloc2(rc.files, n, sizeof *rc.files);
        memset(rc.files + rc.nfiles, 0, (n - rc.nfiles) * sizeof *rc.files);
        rc.nfiles = n;
    }
    return &rc.files[file];
}

/* Calls the JSON renderer on the -jsonfile stream. */
#define TO_JSON_FILE(call)                                                                                         \
    do {                                                                                                           \
        if (rc.json_file) {                                                                                        \
            test_output_json_set_stream(rc.json_file);                                                             \
            test_output_json.call;                                                                                 \
            test_output_json_set_stream(NULL);                                                                     \
        }                                                                                                          \
    } while (0)

static void file_skipped(const struct test_opts *o, const struct rt_file *f)
{
    rc.primary->file_skipped(o, f);
    TO_JSON_FILE(file_skipped(o, f));
}

static void build_failed(const struct test_opts *o, const struct rt_file *f)
{
    rc.primary->build_failed(o, f);
    TO_JSON_FILE(build_failed(o, f));
}

static void exec_started(const struct test_opts *o, const struct rt_model *m, size_t test, unsigned run)
{
    rc.primary->exec_started(o, m, test, run);
    TO_JSON_FILE(exec_started(o, m, test, run));
}

static void capture(struct report_exec *e, const struct exec_result *r, const char *output)
{
    if (e->set)
        return;
    e->set = true;
    e->run = r->run;
    e->seed = r->seed;
    e->cpus = r->cpus;
    e->detail = r->detail ? xstrdup(r->detail) : NULL;
    e->phase = r->phase && strcmp(r->phase, "test") != 0 ? xstrdup(r->phase) : NULL;
    e->output = bounded(output);
}

static void exec_result(const struct test_opts *o, const struct rt_model *m, const struct exec_result *r,
                        const char *output, bool show)
{
    struct report_test *t = test_rec(r->test);
    if (r->status == EX_CRASH)
        capture(&t->crash, r, output);
    else if (r->status == EX_TIMEOUT)
        capture(&t->timeout, r, output);
    else if (r->status == EX_FAIL && r->races == 0)
        capture(&t->failure, r, output);

    if (rc.primary == &test_output_text) {
        /* What the aggregator does for the text rendering when o->json is
         * off: each race report is printed once, with the unique races. */
        if (show && r->races > 0 && m->nraces > 0) {
            char *stripped = test_output_strip_races(output);
            rc.primary->exec_result(o, m, r, stripped, show);
            free(stripped);
        } else {
            rc.primary->exec_result(o, m, r, output, show);
        }
    } else {
        rc.primary->exec_result(o, m, r, output, show);
    }
    TO_JSON_FILE(exec_result(o, m, r, output, show));
}

static void race_new(const struct test_opts *o, const struct rt_model *m, size_t race, size_t test, size_t file,
                     unsigned run)
{
    rc.primary->race_new(o, m, race, test, file, run);
    TO_JSON_FILE(race_new(o, m, race, test, file, run));
}

static void file_error(const struct test_opts *o, const struct rt_model *m, size_t file, const char *msg,
                       const char *output)
{
    struct report_file *f = file_rec(file);
    f->errors = xrealloc2(f->errors, f->nerrors + 1, sizeof *f->errors);
    f->errors[f->nerrors].msg = xstrdup(msg);
    f->errors[f->nerrors].output = bounded(output);
    f->nerrors++;
    rc.primary->file_error(o, m, file, msg, output);
    TO_JSON_FILE(file_error(o, m, file, msg, output));
}

static void finish(const struct test_opts *o, const struct rt_model *m, const struct summary *s)
{
    rc.primary->finish(o, m, s);
    TO_JSON_FILE(finish(o, m, s));
}

const struct test_output report_collect_output = {
    .file_skipped = file_skipped,
    .build_failed = build_failed,
    .exec_started = exec_started,
    .exec_result = exec_result,
    .race_new = race_new,
    .file_error = file_error,
    .finish = finish,
};

/* ---- report files ------------------------------------------------------ */

static void dir_of(const char *path, char *dir, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, len, ".");
    else if (slash == path)
        snprintf(dir, len, "/");
    else
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

int report_check_path(const char *flag, const char *path, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    if (!*path) {
        snprintf(err, errlen, "%s: an empty file name", flag);
        return -1;
    }
    dir_of(path, dir, sizeof dir);
    if (access(dir, W_OK) != 0) {
        snprintf(err, errlen, "%s %s: cannot write in %s: %s", flag, path, dir, strerror(errno));
        return -1;
    }
    return 0;
}

int report_write_file(const char *path, const char *text, size_t len, char *err, size_t errlen)
{
    char dir[PATH_MAX], tmp[PATH_MAX + 32];
    dir_of(path, dir, sizeof dir);
    snprintf(tmp, sizeof tmp, "%s/.racetest-report-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create a file in %s: %s", path, dir, strerror(errno));
        return -1;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(err, errlen, "%s: %s", path, strerror(n < 0 ? errno : EIO));
            close(fd);
            unlink(tmp);
            return -1;
        }
        done += (size_t)n;
    }
    /* mkstemp makes 0600; a report is an ordinary file for CI uploaders. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}
