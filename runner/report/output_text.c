/*
 * report/output_text.c — the human rendering of report/output.h, modeled on
 * go test: "--- FAIL: FILE/TEST (0.01s)" with the test's output indented
 * under it, "=== RUN" lines under -v, one "ok"/"FAIL" line per test file,
 * then each unique race once with where it was seen, and the summary, whose
 * last line is the plain "N passed, N failed, N skipped" that CI greps.
 *
 * Build diagnostics go to stderr (as go test does); everything else to
 * stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/report/output.h"

static void indent(FILE *out, const char *text, const char *prefix)
{
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(out, "%s%.*s\n", prefix, (int)n, p);
        p = nl ? nl + 1 : p + n;
    }
}

static void run_suffix(const struct test_opts *o, unsigned run, double elapsed, char *buf, size_t len)
{
    if (o->count > 1 || o->isolate)
        snprintf(buf, len, "run %u, %.2fs", run, elapsed);
    else
        snprintf(buf, len, "%.2fs", elapsed);
}

/* The command that reruns one execution of test t with the scheduler
 * seed of its process (issue 6). */
static void print_rerun(const struct test_opts *o, const struct rt_model *m, const struct rt_test *t, uint64_t seed,
                        unsigned cpus, const char *indent_)
{
    char *cmd = test_rerun_command(o, m, t, seed, cpus);
    printf("%srerun: %s\n", indent_, cmd);
    free(cmd);
}

static void file_skipped(const struct test_opts *o, const struct rt_file *f)
{
    if (!o->verbose)
        return;
    test_progress_clear();
    printf("--- SKIP: %s (%s)\n", f->rel, f->reason ? f->reason : "excluded");
    fflush(stdout);
}

static void build_failed(const struct test_opts *o, const struct rt_file *f)
{
    (void)o;
    test_progress_clear();
    fflush(stdout);
    fprintf(stderr, "# %s\n%s", f->rel, f->build_output ? f->build_output : "");
    if (f->build_output && *f->build_output && f->build_output[strlen(f->build_output) - 1] != '\n')
        fputc('\n', stderr);
    fflush(stderr);
    printf("FAIL\t%s [%s failed]\n", f->rel, f->list_failed ? "listing" : "build");
    fflush(stdout);
}

static void exec_result(const struct test_opts *o, const struct rt_model *m, const struct exec_result *r,
                        const char *output, bool show)
{
    if (!show)
        return;
    const struct rt_test *t = &m->tests[r->test];
    char suffix[64];
    run_suffix(o, r->run, r->elapsed, suffix, sizeof suffix);
    test_progress_clear();
    if (o->verbose) {
        if (o->count > 1 || o->isolate)
            printf("=== RUN   %s (run %u)\n", t->id, r->run);
        else
            printf("=== RUN   %s\n", t->id);
    }
    bool failed = r->status != EX_PASS && r->status != EX_SKIP;
    if (o->verbose && !failed)
        indent(stdout, output, "    ");
    printf("--- %s: %s (%s)\n", status_word(r->status), t->id, suffix);
    if (failed) {
        if (r->detail)
            printf("    %s\n", r->detail);
        if (r->phase && strcmp(r->phase, "test") != 0)
            printf("    failed in %s\n", r->phase);
        indent(stdout, output, "    ");
        printf("    seed 0x%016llx\n", (unsigned long long)r->seed);
        print_rerun(o, m, t, r->seed, r->cpus, "    ");
    }
    fflush(stdout);
}

static void exec_started(const struct test_opts *o, const struct rt_model *m, size_t test, unsigned run)
{
    /* "=== RUN" is printed with the result, so that parallel processes
     * never interleave one execution's lines with another's. */
    (void)o, (void)m, (void)test, (void)run;
}

static void race_new(const struct test_opts *o, const struct rt_model *m, size_t race, size_t test, size_t file,
                     unsigned run)
{
    /* Races are printed once, with their counts, at the end. */
    (void)o, (void)m, (void)race, (void)test, (void)file, (void)run;
}

static void file_error(const struct test_opts *o, const struct rt_model *m, size_t file, const char *msg,
                       const char *output)
{
    (void)o;
    test_progress_clear();
    printf("--- FAIL: %s\n    %s\n", m->files[file].rel, msg);
    indent(stdout, output, "    ");
    fflush(stdout);
}

static void print_race(const struct test_opts *o, const struct rt_model *m, const struct rt_race *r)
{
    printf("%s", r->report);
    if (*r->report && r->report[strlen(r->report) - 1] != '\n')
        putchar('\n');
    for (size_t k = 0; k < r->nseen; k++) {
        const struct race_seen *s = &r->seen[k];
        if (s->test == SIZE_MAX) {
            printf("seen in %u test process%s of %s, outside any test\n", s->nruns ? s->nruns : 1,
                   s->nruns > 1 ? "es" : "", m->files[s->file].rel);
            continue;
        }
        const struct rt_test *t = &m->tests[s->test];
        printf("seen in %u of %u runs of %s (first: run %u, seed 0x%016llx)\n", s->nruns, t->done, t->id,
               s->first_run, (unsigned long long)s->seed);
        print_rerun(o, m, t, s->seed, s->cpus, "");
    }
    if (r->nseen > 1) {
        printf("in %zu tests:", r->nseen);
        for (size_t k = 0; k < r->nseen; k++) {
            const struct race_seen *s = &r->seen[k];
            printf("%s %s", k ? "," : "", s->test == SIZE_MAX ? m->files[s->file].rel : m->tests[s->test].id);
        }
        putchar('\n');
    }
    putchar('\n');
}

static void finish(const struct test_opts *o, const struct rt_model *m, const struct summary *s)
{
    test_progress_clear();
    if (m->nraces > 0)
        putchar('\n');
    for (size_t i = 0; i < m->nraces; i++)
        print_race(o, m, &m->races[i]);

    if (s->tests_passed + s->tests_failed + s->tests_skipped + s->tests_not_run + s->tests_interrupted == 0 &&
        m->ntests > 0)
        printf("testing: warning: no tests to run\n"); /* as Go's, when -run/-skip select nothing */
    for (size_t i = 0; i < m->nfiles; i++) {
        const struct rt_file *f = &m->files[i];
        if (f->excluded) {
            if (o->verbose)
                printf("?   \t%s\t[excluded by build constraint]\n", f->rel);
            continue;
        }
        if (f->build_failed || f->list_failed) {
            printf("FAIL\t%s\t[%s failed]\n", f->rel, f->list_failed ? "listing" : "build");
            continue;
        }
        size_t selected = 0, failed = 0, ran = 0, interrupted = 0;
        unsigned long runs = 0, races = 0, not_run = 0;
        for (size_t t = f->first_test; t < f->first_test + f->ntests; t++) {
            const struct rt_test *x = &m->tests[t];
            if (!x->selected)
                continue;
            selected++;
            runs += x->done;
            races += x->raced;
            ran += x->done > x->interrupted;
            not_run += x->not_run;
            interrupted += x->interrupted;
            failed += x->failed + x->crashed + x->timed_out > 0 || (x->interrupted && x->interrupted == x->done);
        }
        if (selected == 0) {
            printf("?   \t%s\t[%s]\n", f->rel, rt_file_is_fixture(f) ? "fixture: not stressed" : "no tests to run");
            continue;
        }
        if (ran == 0 && failed == 0) {
            printf("?   \t%s\t[not run]\n", f->rel);
            continue;
        }
        /* "ok" only when every selected test finished a run: -failfast
         * must not say "ok" of tests that never ran. */
        const char *word = failed ? "FAIL" : ran < selected ? "?   " : "ok  ";
        printf("%s\t%s\t%.3fs\t(%zu test%s, %lu run%s", word, f->rel, f->elapsed, selected, selected == 1 ? "" : "s",
               runs, runs == 1 ? "" : "s");
        if (failed)
            printf(", %zu failed", failed);
        if (races)
            printf(", races in %lu run%s", races, races == 1 ? "" : "s");
        if (interrupted)
            printf(", %zu interrupted", interrupted);
        if (not_run)
            printf(", %lu not run", not_run);
        printf(")\n");
    }

    if (!o->verbose) {
        size_t hidden = 0;
        for (size_t i = 0; i < m->ntests; i++) {
            const struct rt_test *t = &m->tests[i];
            unsigned failures = t->failed + t->crashed + t->timed_out + t->interrupted;
            hidden += failures > t->failures_shown ? failures - t->failures_shown : 0;
        }
        if (hidden)
            printf("(%zu more failed run%s not shown: the first run of each kind of failure of each test is "
                   "printed; -v prints all)\n",
                   hidden, hidden == 1 ? "" : "s");
    }
    /* Every planned run is accounted for: those that never started say why. */
    size_t listed = 0, more = 0;
    for (size_t i = 0; i < m->ntests; i++) {
        const struct rt_test *t = &m->tests[i];
        if (!t->selected || t->not_run == 0)
            continue;
        if (listed++ < 10)
            printf("racetest: %u of %u runs of %s not run: %s\n", t->not_run, t->done + t->not_run, t->id,
                   t->not_run_why ? t->not_run_why : "not started");
        else
            more++;
    }
    if (more)
        printf("racetest: and %zu more tests with runs not run\n", more);
    putchar('\n');
    if (s->interrupted)
        printf("racetest: interrupted: the results above are those of the runs that finished\n");
    size_t others = 0;
    for (size_t i = 0; i < m->nraces; i++)
        others += m->races[i].kind != NULL;
    if (s->unique_races > others)
        printf("racetest: %zu unique data race%s found\n", s->unique_races - others,
               s->unique_races - others == 1 ? "" : "s");
    if (others)
        printf("racetest: %zu unique report%s of other kinds found (lock-order inversion, mutex misuse, "
               "thread leak, signal-unsafe call)\n", others, others == 1 ? "" : "s");
    /* One summary: the runs here, the test counts on the last line (which
     * CI greps). */
    printf("racetest: %lu run%s in %.1fs", s->runs, s->runs == 1 ? "" : "s", s->seconds);
    if (s->runs_interrupted)
        printf(", %lu interrupted", s->runs_interrupted);
    if (s->runs_not_run)
        printf(", %lu not run", s->runs_not_run);
    if (s->tests_raced)
        printf("; %zu test%s with data races", s->tests_raced, s->tests_raced == 1 ? "" : "s");
    if (s->tests_interrupted)
        printf("; %zu test%s interrupted in every run", s->tests_interrupted, s->tests_interrupted == 1 ? "" : "s");
    if (s->tests_not_run)
        printf("; %zu test%s not run", s->tests_not_run, s->tests_not_run == 1 ? "" : "s");
    if (s->build_failures)
        printf("; %zu build failure%s", s->build_failures, s->build_failures == 1 ? "" : "s");
    putchar('\n');
    printf("%zu passed, %zu failed, %zu skipped\n", s->tests_passed, s->tests_failed,
           s->tests_skipped + s->files_skipped);
    fflush(stdout);
}

const struct test_output test_output_text = {
    .file_skipped = file_skipped,
    .build_failed = build_failed,
    .exec_started = exec_started,
    .exec_result = exec_result,
    .race_new = race_new,
    .file_error = file_error,
    .finish = finish,
};
