/*
 * report/output_json.c — the machine rendering of report/output.h: one JSON
 * object per line on stdout, written (and flushed) as things happen, in the
 * style of `go test -json` (test2json): Time (RFC 3339), Action, Package (the
 * test file), Test, Elapsed, Output. racetest adds:
 *   "Run": the run number of an execution (1..count);
 *   "Detail", "Phase": on a failed execution's event, why (also printed as
 *     its last "output" lines) and where ("setup", "teardown");
 *   "RaceIds": on an execution's pass/fail event, the Ids of the unique
 *     races seen in that run (so that `racetest merge` can rebuild which
 *     test saw which race from any prefix of the stream);
 *   {"Action":"file-error","Package","Output"}  a test process failed
 *     outside any test (after its output as "output" events);
 *   "Seed", "Rerun": on a failed or racy execution's event, the schedule
 *     seed of its process ("0x" and 16 hex digits) and the racetest command
 *     that reruns that execution alone with it, as the text output prints;
 *   {"Action":"race", "Package", "Test", "Run", "Seed", "Rerun", "Race":{"Id",
 *     "Key","Report","Accesses"}}   a unique race, when first seen (both stacks);
 *   {"Action":"race-summary","Race":{"Id","Key","Occurrences","Seen":[
 *     {"Package","Test","Runs","Of","FirstRun","Seed","Rerun"}]}}   at the end,
 *     per race (Seed and Rerun: of the first run that saw it);
 *   {"Action":"build-output"/"build-fail","ImportPath":FILE,...} as Go 1.24;
 *   {"Action":"summary","Passed","Failed","Skipped","NotRun","Runs",
 *     "RunsInterrupted","RunsNotRun","UniqueRaces","Elapsed","ExitStatus"}
 *     the last line (runs: ended, of which interrupted; planned but never
 *     started).
 * Output is attributed per process and execution (from the event stream),
 * never by position, so a race report cannot land on the wrong test.
 *
 * Go's framing lines are "output" events too, as test2json writes them, so
 * that tools rebuilding results from Output (gotestsum, go-junit-report)
 * work: "=== RUN   TEST" after each "run", "--- PASS: TEST (0.00s)" (FAIL,
 * SKIP) before each result, and per file "PASS"/"FAIL" and
 * "ok  \tFILE\t0.123s" / "FAIL\tFILE\t0.123s" before its package event
 * (report/output.h: test_output_is_framing tells them apart). Keys inside
 * "Race" are Go-style too ("Accesses":[{"Kind","Thread","Stack":[{"Func",
 * "File","Line"}]}]).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "runner/report/json.h"
#include "runner/report/output.h"

static void begin(struct jbuf *b, const char *action)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    char ts[64], zone[8];
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%z", &tm); /* +0100 -> +01:00 */
    char z[8];
    if (strlen(zone) == 5)
        snprintf(z, sizeof z, "%.3s:%.2s", zone, zone + 3);
    else
        snprintf(z, sizeof z, "Z");
    jbuf_init(b);
    jbuf_printf(b, "{\"Time\":\"%s.%06ld%s\",\"Action\":", ts, (long)tv.tv_usec, z);
    jbuf_str(b, action);
}

static FILE *json_stream; /* NULL: stdout */

void test_output_json_set_stream(FILE *f)
{
    json_stream = f;
}

/* One event: a single fwrite of the whole line, flushed at once, so a job
 * killed at any moment leaves complete lines (and at most a torn last one). */
static void end(struct jbuf *b)
{
    jbuf_puts(b, "}\n");
    FILE *f = json_stream ? json_stream : stdout;
    if (f == stdout)
        test_progress_clear();
    fwrite(b->s, 1, b->len, f);
    fflush(f);
    jbuf_free(b);
}

static void kv_str(struct jbuf *b, const char *key, const char *val)
{
    jbuf_printf(b, ",\"%s\":", key);
    jbuf_str(b, val);
}

/* One "output" event per line of text. */
static void output_lines(const char *pkg, const char *test, const unsigned *run, const char *text,
                         const char *prefix)
{
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
        struct jbuf b, line;
        begin(&b, "output");
        kv_str(&b, "Package", pkg);
        if (test)
            kv_str(&b, "Test", test);
        if (run)
            jbuf_printf(&b, ",\"Run\":%u", *run);
        jbuf_init(&line);
        jbuf_puts(&line, prefix);
        jbuf_putn(&line, p, n);
        if (!nl)
            jbuf_puts(&line, "\n");
        jbuf_puts(&b, ",\"Output\":");
        jbuf_str(&b, line.s);
        jbuf_free(&line);
        end(&b);
        p += n;
    }
}

static void file_skipped(const struct test_opts *o, const struct rt_file *f)
{
    (void)o;
    struct jbuf b;
    begin(&b, "skip");
    kv_str(&b, "Package", f->rel);
    kv_str(&b, "Reason", f->reason ? f->reason : "excluded");
    end(&b);
}

static void build_failed(const struct test_opts *o, const struct rt_file *f)
{
    (void)o;
    for (const char *p = f->build_output; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
        struct jbuf b;
        begin(&b, "build-output");
        kv_str(&b, "ImportPath", f->rel);
        jbuf_puts(&b, ",\"Output\":");
        jbuf_strn(&b, p, n);
        end(&b);
        p += n;
    }
    struct jbuf b;
    begin(&b, "build-fail");
    kv_str(&b, "ImportPath", f->rel);
    end(&b);
}

/* ,"Seed":"0x...","Rerun":"racetest ..." of one execution of test t. */
static void kv_seed_rerun(struct jbuf *b, const struct test_opts *o, const struct rt_model *m,
                          const struct rt_test *t, uint64_t seed, unsigned cpus)
{
    jbuf_printf(b, ",\"Seed\":\"0x%016llx\"", (unsigned long long)seed);
    char *cmd = test_rerun_command(o, m, t, seed, cpus);
    kv_str(b, "Rerun", cmd);
    free(cmd);
}

static void exec_result(const struct test_opts *o, const struct rt_model *m, const struct exec_result *r,
                        const char *output, bool show)
{
    (void)show;
    const struct rt_test *t = &m->tests[r->test];
    const char *pkg = m->files[t->file].rel;
    struct jbuf b;
    output_lines(pkg, t->name, &r->run, output, "");
    if (r->detail)
        output_lines(pkg, t->name, &r->run, r->detail, "    ");
    char *frame = xasprintf("--- %s: %s (%.2fs)\n", status_word(r->status), t->name, r->elapsed);
    output_lines(pkg, t->name, &r->run, frame, "");
    free(frame);
    const char *action = r->status == EX_PASS ? "pass" : r->status == EX_SKIP ? "skip" : "fail";
    begin(&b, action);
    kv_str(&b, "Package", pkg);
    kv_str(&b, "Test", t->name);
    jbuf_printf(&b, ",\"Run\":%u,\"Elapsed\":%.3f", r->run, r->elapsed);
    if (r->races) {
        jbuf_printf(&b, ",\"Races\":%lu,\"RaceIds\":[", r->races);
        bool any = false;
        for (size_t i = 0; i < m->nraces; i++)
            for (size_t k = 0; k < m->races[i].nseen; k++) {
                const struct race_seen *x = &m->races[i].seen[k];
                if (x->test == r->test && r->run < x->runs_cap && (x->runs[r->run / 8] & (1u << (r->run % 8)))) {
                    jbuf_printf(&b, "%s%zu", any ? "," : "", i + 1);
                    any = true;
                }
            }
        jbuf_puts(&b, "]");
    }
    if (r->status == EX_CRASH)
        kv_str(&b, "Reason", "crash");
    else if (r->status == EX_TIMEOUT)
        kv_str(&b, "Reason", "timeout");
    else if (r->status == EX_INTERRUPTED)
        kv_str(&b, "Reason", "interrupted");
    else if (r->races)
        kv_str(&b, "Reason", "race");
    /* Also in the output above; here so that `racetest merge` can tell them apart. */
    if (r->detail)
        kv_str(&b, "Detail", r->detail);
    if (r->phase && strcmp(r->phase, "test") != 0)
        kv_str(&b, "Phase", r->phase);
    if (r->status == EX_FAIL || r->status == EX_CRASH || r->status == EX_TIMEOUT || r->status == EX_INTERRUPTED ||
        r->races)
        kv_seed_rerun(&b, o, m, t, r->seed, r->cpus);
    end(&b);
}

static void exec_started(const struct test_opts *o, const struct rt_model *m, size_t test, unsigned run)
{
    (void)o;
    const struct rt_test *t = &m->tests[test];
    struct jbuf b;
    begin(&b, "run");
    kv_str(&b, "Package", m->files[t->file].rel);
    kv_str(&b, "Test", t->name);
    jbuf_printf(&b, ",\"Run\":%u", run);
    end(&b);
    char *frame = xasprintf("=== RUN   %s\n", t->name);
    output_lines(m->files[t->file].rel, t->name, &run, frame, "");
    free(frame);
}

static void race_new(const struct test_opts *o, const struct rt_model *m, size_t race, size_t test, size_t file,
                     unsigned run)
{
    const struct rt_race *r = &m->races[race];
    struct jbuf b;
    begin(&b, "race");
    kv_str(&b, "Package", m->files[test == SIZE_MAX ? file : m->tests[test].file].rel);
    if (test != SIZE_MAX)
        kv_str(&b, "Test", m->tests[test].name);
    jbuf_printf(&b, ",\"Run\":%u", run);
    for (size_t k = 0; test != SIZE_MAX && k < r->nseen; k++)
        if (r->seen[k].test == test) {
            kv_seed_rerun(&b, o, m, &m->tests[test], r->seen[k].seed, r->seen[k].cpus);
            break;
        }
    jbuf_printf(&b, ",\"Race\":{\"Id\":%zu", race + 1);
    kv_str(&b, "Key", r->key);
    if (r->kind)
        kv_str(&b, "Kind", r->kind);
    kv_str(&b, "Report", r->report);
    jbuf_puts(&b, ",\"Accesses\":");
    struct json_doc *doc = NULL;
    const struct jval *acc =
        r->accesses_json ? json_parse(r->accesses_json, strlen(r->accesses_json), &doc, NULL, 0) : NULL;
    if (acc)
        json_write_value_keys(&b, acc, true);
    else
        jbuf_puts(&b, "[]");
    json_free(doc);
    jbuf_puts(&b, "}");
    end(&b);
}

static void file_error(const struct test_opts *o, const struct rt_model *m, size_t file, const char *msg,
                       const char *output)
{
    (void)o;
    const char *pkg = m->files[file].rel;
    output_lines(pkg, NULL, NULL, output, "");
    output_lines(pkg, NULL, NULL, msg, "");
    struct jbuf b;
    begin(&b, "file-error");
    kv_str(&b, "Package", pkg);
    kv_str(&b, "Output", msg);
    end(&b);
}

static void finish(const struct test_opts *o, const struct rt_model *m, const struct summary *s)
{
    for (size_t i = 0; i < m->nraces; i++) {
        const struct rt_race *r = &m->races[i];
        struct jbuf b;
        begin(&b, "race-summary");
        jbuf_printf(&b, ",\"Race\":{\"Id\":%zu", i + 1);
        kv_str(&b, "Key", r->key);
        jbuf_printf(&b, ",\"Occurrences\":%lu,\"Seen\":[", r->occurrences);
        for (size_t k = 0; k < r->nseen; k++) {
            const struct race_seen *x = &r->seen[k];
            jbuf_puts(&b, k ? ",{" : "{");
            if (x->test == SIZE_MAX) {
                jbuf_puts(&b, "\"Package\":");
                jbuf_str(&b, m->files[x->file].rel);
                jbuf_printf(&b, ",\"Processes\":%u}", x->nruns);
                continue;
            }
            const struct rt_test *t = &m->tests[x->test];
            jbuf_puts(&b, "\"Package\":");
            jbuf_str(&b, m->files[t->file].rel);
            kv_str(&b, "Test", t->name);
            jbuf_printf(&b, ",\"Runs\":%u,\"Of\":%u,\"FirstRun\":%u", x->nruns, t->done, x->first_run);
            kv_seed_rerun(&b, o, m, t, x->seed, x->cpus);
            jbuf_puts(&b, "}");
        }
        jbuf_puts(&b, "]}");
        end(&b);
    }
    for (size_t i = 0; i < m->nfiles; i++) {
        const struct rt_file *f = &m->files[i];
        if (f->excluded)
            continue;
        bool failed = f->build_failed || f->list_failed;
        unsigned long ran = 0, selected = 0;
        for (size_t t = f->first_test; t < f->first_test + f->ntests; t++) {
            const struct rt_test *x = &m->tests[t];
            if (!x->selected)
                continue;
            selected++;
            ran += x->done;
            failed |= x->failed + x->crashed + x->timed_out > 0 || (x->interrupted && x->interrupted == x->done);
        }
        char *frame;
        if (f->build_failed || f->list_failed)
            frame = xasprintf("FAIL\t%s [%s failed]\n", f->rel, f->list_failed ? "listing" : "build");
        else if (!ran)
            frame = xasprintf("%s?   \t%s\t[no tests to run]\n",
                              selected ? "" : "testing: warning: no tests to run\n", f->rel);
        else
            frame = xasprintf("%s\n%s\t%s\t%.3fs\n", failed ? "FAIL" : "PASS", failed ? "FAIL" : "ok  ", f->rel,
                              f->elapsed);
        output_lines(f->rel, NULL, NULL, frame, "");
        free(frame);
        struct jbuf b;
        begin(&b, failed ? "fail" : ran ? "pass" : "skip");
        kv_str(&b, "Package", f->rel);
        jbuf_printf(&b, ",\"Elapsed\":%.3f", f->elapsed);
        if (f->build_failed || f->list_failed)
            kv_str(&b, "FailedBuild", f->rel);
        end(&b);
    }
    struct jbuf b;
    begin(&b, "summary");
    jbuf_printf(&b,
                ",\"Passed\":%zu,\"Failed\":%zu,\"Skipped\":%zu,\"NotRun\":%zu,\"BuildFailures\":%zu,"
                "\"Runs\":%lu,\"RunsInterrupted\":%lu,\"RunsNotRun\":%lu,\"UniqueRaces\":%zu,\"Elapsed\":%.3f,"
                "\"Interrupted\":%s,\"ExitStatus\":%d",
                s->tests_passed, s->tests_failed, s->tests_skipped + s->files_skipped, s->tests_not_run,
                s->build_failures, s->runs, s->runs_interrupted, s->runs_not_run, s->unique_races, s->seconds,
                s->interrupted ? "true" : "false", s->exit_status);
    end(&b);
}

const struct test_output test_output_json = {
    .file_skipped = file_skipped,
    .build_failed = build_failed,
    .exec_started = exec_started,
    .exec_result = exec_result,
    .race_new = race_new,
    .file_error = file_error,
    .finish = finish,
};
