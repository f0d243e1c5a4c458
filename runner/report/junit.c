/*
 * report/junit.c — see report/junit.h.
 */
#include "runner/report/junit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runner/report/collect.h"
#include "runner/report/race.h"
#include "runner/report/utf8.h"

/* ---- escaping ---------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (at most n bytes) that XML 1.0
 * allows, or 0. */
static size_t valid_char(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return c >= 0x20 || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
    size_t len = utf8_seq_len(s, n);
    if (len == 3 && c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
        return 0; /* U+FFFE, U+FFFF */
    return len;
}

void xml_escape(struct jbuf *b, const char *s, size_t len, bool attr)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0; /* bytes copied verbatim, flushed in one go */
    for (size_t i = 0; i < len;) {
        const char *rep = NULL;
        size_t n = valid_char(p + i, len - i);
        switch (n == 1 ? p[i] : 0) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break; /* also keeps "]]>" out of the text */
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\'': rep = attr ? "&apos;" : NULL; break;
        case '\t': rep = attr ? "&#9;" : NULL; break;
        case '\n': rep = attr ? "&#10;" : NULL; break;
        case '\r': rep = "&#13;"; break; /* a raw CR would be read back as a newline */
        }
        if (n == 0)
            rep = UTF8_REPLACEMENT;
        if (!rep) {
            run += n;
            i += n;
            continue;
        }
        jbuf_putn(b, s + i - run, run);
        run = 0;
        jbuf_puts(b, rep);
        i += n ? n : 1;
    }
    jbuf_putn(b, s + len - run, run);
}

static void esc(struct jbuf *b, const char *s, bool attr)
{
    xml_escape(b, s ? s : "", s ? strlen(s) : 0, attr);
}

static void attr(struct jbuf *b, const char *name, const char *value)
{
    jbuf_printf(b, " %s=\"", name);
    esc(b, value, true);
    jbuf_puts(b, "\"");
}

/* ---- one test ---------------------------------------------------------- */

enum verdict { V_PASS, V_RACE, V_ERROR, V_FAILURE, V_SKIPPED };

static enum verdict verdict_of(const struct rt_test *t)
{
    if (t->done == 0)
        return V_SKIPPED;
    if (t->raced > 0)
        return V_RACE;
    if (t->crashed + t->timed_out > 0)
        return V_ERROR;
    if (t->failed > 0)
        return V_FAILURE;
    if (t->interrupted == t->done)
        return V_ERROR; /* no run finished: never a pass */
    if (t->skipped == t->done)
        return V_SKIPPED;
    return V_PASS;
}

static void property(struct jbuf *b, const char *name, const char *value)
{
    jbuf_puts(b, "        <property");
    attr(b, "name", name);
    attr(b, "value", value);
    jbuf_puts(b, "/>\n");
}

static void property_u(struct jbuf *b, const char *name, unsigned long v)
{
    char num[32];
    snprintf(num, sizeof num, "%lu", v);
    property(b, name, num);
}

/* The first non-blank line of text, for a message attribute. */
static char *first_line(const char *text)
{
    for (const char *p = text; p && *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, "\n");
        if (n)
            return xasprintf("%.*s", (int)(n > 200 ? 200 : n), p);
        p += n + (p[n] == '\n');
    }
    return NULL;
}

/* "seed 0x...", and the command that reruns that execution of t alone. */
static void seed_rerun(struct jbuf *text, const struct rt_model *m, const struct rt_test *t, uint64_t seed,
                       unsigned cpus, const struct junit_info *info)
{
    jbuf_printf(text, "seed 0x%016llx\n", (unsigned long long)seed);
    if (info->opts) {
        char *cmd = test_rerun_command(info->opts, m, t, seed, cpus);
        jbuf_printf(text, "rerun: %s\n", cmd);
        free(cmd);
    }
}

/* A captured execution of test t as a section of an element's text. */
static void exec_section(struct jbuf *text, const char *what, const struct report_exec *e, const struct rt_model *m,
                         const struct rt_test *t, const struct junit_info *info)
{
    jbuf_printf(text, "--- %s (run %u)", what, e->run);
    if (e->phase)
        jbuf_printf(text, " in %s", e->phase);
    jbuf_puts(text, "\n");
    if (e->detail)
        jbuf_printf(text, "%s\n", e->detail);
    jbuf_puts(text, e->output);
    if (*e->output && e->output[strlen(e->output) - 1] != '\n')
        jbuf_puts(text, "\n");
    seed_rerun(text, m, t, e->seed, e->cpus, info);
}

static char *exec_message(const struct report_exec *e, const char *dflt)
{
    if (e->detail)
        return xstrdup(e->detail);
    char *l = first_line(e->output);
    return l ? l : xstrdup(dflt);
}

static void testcase(struct jbuf *b, const struct rt_model *m, size_t ti, const struct junit_info *info)
{
    const struct rt_test *t = &m->tests[ti];
    const struct rt_file *f = &m->files[t->file];
    const struct report_test *cap = report_collect_test(ti);
    enum verdict v = verdict_of(t);
    jbuf_puts(b, "    <testcase");
    attr(b, "name", t->name);
    attr(b, "classname", f->rel);
    jbuf_printf(b, " time=\"%.3f\"", t->elapsed);
    attr(b, "file", f->rel);
    jbuf_puts(b, ">\n      <properties>\n");
    property_u(b, "runs", t->done);
    property_u(b, "races", t->raced);
    property_u(b, "failed_runs", (unsigned long)t->failed + t->crashed + t->timed_out);
    if (info->seed)
        property(b, "seed", info->seed);
    if (info->shuffle)
        property(b, "shuffle", info->shuffle);
    jbuf_puts(b, "      </properties>\n");

    const char *elem = NULL, *type = NULL;
    char *message = NULL;
    struct jbuf text;
    jbuf_init(&text);
    switch (v) {
    case V_PASS:
        break;
    case V_SKIPPED:
        jbuf_puts(b, "      <skipped");
        if (t->done == 0)
            attr(b, "message", "not run (stopped before its turn: -failfast, interrupted, or out of time)");
        else {
            char *msg = xasprintf("skipped in all %u run%s", t->done, t->done == 1 ? "" : "s");
            attr(b, "message", msg);
            free(msg);
        }
        jbuf_puts(b, "/>\n");
        break;
    case V_RACE: {
        elem = "failure";
        type = "DataRace";
        size_t nraces = 0;
        for (size_t i = 0; i < m->nraces; i++) {
            const struct rt_race *r = &m->races[i];
            for (size_t k = 0; k < r->nseen; k++) {
                const struct race_seen *s = &r->seen[k];
                if (s->test != ti)
                    continue;
                struct race_info ri;
                race_info_get(r, &ri);
                if (nraces++ == 0)
                    message = xstrdup(ri.title);
                jbuf_puts(&text, r->report);
                if (*r->report && r->report[strlen(r->report) - 1] != '\n')
                    jbuf_puts(&text, "\n");
                jbuf_printf(&text, "seen in %u of %u runs of %s (first: run %u)\n", s->nruns, t->done, t->id,
                            s->first_run);
                seed_rerun(&text, m, t, s->seed, s->cpus, info);
                jbuf_puts(&text, "\n");
                race_info_free(&ri);
            }
        }
        if (nraces == 0)
            message = xstrdup("data race"); /* counted by the runtime, no event */
        if (nraces > 1) {
            char *m2 = xasprintf("%s (and %zu more data race%s)", message, nraces - 1, nraces > 2 ? "s" : "");
            free(message);
            message = m2;
        }
        if (cap->crash.set)
            exec_section(&text, "also crashed", &cap->crash, m, t, info);
        if (cap->timeout.set)
            exec_section(&text, "also timed out", &cap->timeout, m, t, info);
        if (cap->failure.set)
            exec_section(&text, "also failed", &cap->failure, m, t, info);
        break;
    }
    case V_ERROR: {
        elem = "error";
        const struct report_exec *e = cap->crash.set ? &cap->crash : &cap->timeout;
        type = t->crashed ? "Crash" : t->timed_out ? "Timeout" : "Interrupted";
        const char *what = t->crashed ? "crashed" : t->timed_out ? "timed out" : "interrupted";
        if (e->set) {
            char *dflt = xasprintf("test %s", what);
            message = exec_message(e, dflt);
            free(dflt);
            exec_section(&text, what, e, m, t, info);
        } else {
            message = xasprintf("test %s", what);
        }
        if (cap->crash.set && cap->timeout.set)
            exec_section(&text, "also timed out", &cap->timeout, m, t, info);
        if (cap->failure.set)
            exec_section(&text, "also failed", &cap->failure, m, t, info);
        break;
    }
    case V_FAILURE:
        elem = "failure";
        type = "Failure";
        if (cap->failure.set) {
            message = exec_message(&cap->failure, "test failed");
            exec_section(&text, "failed", &cap->failure, m, t, info);
        } else {
            message = xstrdup("test failed");
        }
        break;
    }
    if (elem) {
        unsigned long bad = (unsigned long)t->failed + t->crashed + t->timed_out;
        jbuf_printf(&text, "(%lu of %u runs failed)\n", bad, t->done);
        jbuf_printf(b, "      <%s", elem);
        attr(b, "type", type);
        attr(b, "message", message);
        jbuf_puts(b, ">");
        xml_escape(b, text.s, text.len, false);
        jbuf_printf(b, "</%s>\n", elem);
    }
    free(message);
    jbuf_free(&text);
    jbuf_puts(b, "    </testcase>\n");
}

/* A testcase for something that is not a test: a skipped file, a failed
 * build, a test process failing outside its tests. */
static void pseudo_case(struct jbuf *b, const struct rt_file *f, const char *name, const char *elem,
                        const char *type, const char *message, const char *text)
{
    jbuf_puts(b, "    <testcase");
    attr(b, "name", name);
    attr(b, "classname", f->rel);
    jbuf_puts(b, " time=\"0.000\"");
    attr(b, "file", f->rel);
    jbuf_printf(b, ">\n      <%s", elem);
    if (type)
        attr(b, "type", type);
    attr(b, "message", message);
    if (text) {
        jbuf_puts(b, ">");
        esc(b, text, false);
        jbuf_printf(b, "</%s>\n", elem);
    } else {
        jbuf_puts(b, "/>\n");
    }
    jbuf_puts(b, "    </testcase>\n");
}

struct counts {
    unsigned long tests, failures, errors, skipped;
};

/* Renders one file's testsuite into b (nothing when it has nothing to say). */
static void testsuite(struct jbuf *b, const struct rt_model *m, size_t fi, const struct junit_info *info,
                      struct counts *total)
{
    const struct rt_file *f = &m->files[fi];
    const struct report_file *fe = report_collect_file(fi);
    struct counts c = {0};
    struct jbuf cases;
    jbuf_init(&cases);
    if (f->excluded) {
        char *msg = xasprintf("build constraint %s", f->reason ? f->reason : "excludes the file");
        /* The reason may already say "build constraint ...". */
        const char *m2 = f->reason && strstr(f->reason, "build constraint") ? f->reason : msg;
        pseudo_case(&cases, f, f->rel, "skipped", NULL, m2, NULL);
        free(msg);
        c.tests++;
        c.skipped++;
    }
    if (f->build_failed || f->list_failed) {
        pseudo_case(&cases, f, f->list_failed ? "listing" : "build", "error", "BuildFailure",
                    f->list_failed ? "listing the tests failed" : "build failed",
                    f->build_output ? f->build_output : "");
        c.tests++;
        c.errors++;
    }
    double time = 0;
    for (size_t t = f->first_test; t < f->first_test + f->ntests; t++) {
        const struct rt_test *x = &m->tests[t];
        if (!x->selected)
            continue;
        testcase(&cases, m, t, info);
        time += x->elapsed;
        c.tests++;
        switch (verdict_of(x)) {
        case V_PASS: break;
        case V_RACE:
        case V_FAILURE: c.failures++; break;
        case V_ERROR: c.errors++; break;
        case V_SKIPPED: c.skipped++; break;
        }
    }
    if (fe->nerrors) {
        struct jbuf text;
        jbuf_init(&text);
        for (size_t k = 0; k < fe->nerrors; k++) {
            jbuf_printf(&text, "%s\n", fe->errors[k].msg);
            jbuf_puts(&text, fe->errors[k].output);
        }
        pseudo_case(&cases, f, "test process", "error", "ProcessError", fe->errors[0].msg, text.s);
        jbuf_free(&text);
        c.tests++;
        c.errors++;
    }
    if (c.tests > 0) {
        jbuf_puts(b, "  <testsuite");
        attr(b, "name", f->rel);
        jbuf_printf(b, " tests=\"%lu\" failures=\"%lu\" errors=\"%lu\" skipped=\"%lu\" time=\"%.3f\"", c.tests,
                    c.failures, c.errors, c.skipped, time);
        if (info->timestamp)
            attr(b, "timestamp", info->timestamp);
        attr(b, "file", f->rel);
        jbuf_puts(b, ">\n");
        jbuf_putn(b, cases.s, cases.len);
        jbuf_puts(b, "  </testsuite>\n");
    }
    jbuf_free(&cases);
    total->tests += c.tests;
    total->failures += c.failures;
    total->errors += c.errors;
    total->skipped += c.skipped;
}

int junit_write(const char *path, const struct rt_model *m, const struct junit_info *info, char *err,
                size_t errlen)
{
    struct jbuf b;
    jbuf_init(&b);
    junit_render(&b, m, info);
    int rc = report_write_file(path, b.s, b.len, err, errlen);
    jbuf_free(&b);
    return rc;
}

void junit_render(struct jbuf *b, const struct rt_model *m, const struct junit_info *info)
{
    struct counts total = {0};
    struct jbuf suites;
    jbuf_init(&suites);
    for (size_t i = 0; i < m->nfiles; i++)
        testsuite(&suites, m, i, info, &total);
    jbuf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"racetest\"");
    jbuf_printf(b, " tests=\"%lu\" failures=\"%lu\" errors=\"%lu\" skipped=\"%lu\" time=\"%.3f\"", total.tests,
                total.failures, total.errors, total.skipped, info->seconds);
    if (info->timestamp)
        attr(b, "timestamp", info->timestamp);
    jbuf_puts(b, ">\n");
    jbuf_putn(b, suites.s, suites.len);
    jbuf_puts(b, "</testsuites>\n");
    jbuf_free(&suites);
}
