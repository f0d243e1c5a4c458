/*
 * report/sarif.c — see report/sarif.h.
 */
#include "runner/report/sarif.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "filters/race_key.h"
#include "runner/report/collect.h"
#include "runner/report/race.h"
#include "runner/report/output.h"
#include "runner/report/quote.h"
#include "runner/version.h"

#define SCHEMA "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"

/* ---- strings ----------------------------------------------------------- */

/* A JSON string of s (jbuf_str replaces invalid UTF-8 by U+FFFD). */
static void str(struct jbuf *b, const char *s)
{
    jbuf_str(b, s ? s : "");
}

static void text_obj(struct jbuf *b, const char *key, const char *text)
{
    jbuf_printf(b, "\"%s\":{\"text\":", key);
    str(b, text);
    jbuf_puts(b, "}");
}

/* ---- paths ------------------------------------------------------------- */

static void percent_encode(struct jbuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~' || c == '/')
            jbuf_putn(b, (const char *)p, 1);
        else
            jbuf_printf(b, "%%%02X", c);
    }
}

char *sarif_uri(const char *file, const char *cwd, const char *repo_prefix)
{
    if (!file || !*file)
        return NULL;
    struct jbuf b;
    jbuf_init(&b);
    size_t cl = cwd ? strlen(cwd) : 0;
    if (file[0] == '/' && cl > 1 && strncmp(file, cwd, cl) == 0 && file[cl] == '/')
        file += cl + 1; /* inside the working directory after all */
    /* Inside the repository but outside the working directory (racetest
     * run from a subfolder): relative to the repository root. */
    size_t pl = repo_prefix ? strlen(repo_prefix) : 0;
    if (file[0] == '/' && pl > 0 && cl > pl + 1 && strcmp(cwd + cl - pl, repo_prefix) == 0 && cwd[cl - pl - 1] == '/') {
        size_t rl = cl - pl - 1; /* the root's length */
        if (strncmp(file, cwd, rl) == 0 && file[rl] == '/') {
            percent_encode(&b, file + rl + 1);
            char *s = xstrdup(b.s);
            jbuf_free(&b);
            return s;
        }
    }
    if (file[0] == '/') {
        jbuf_puts(&b, "file://");
        percent_encode(&b, file);
    } else {
        while (file[0] == '.' && file[1] == '/')
            file += 2;
        if (repo_prefix && *repo_prefix) {
            percent_encode(&b, repo_prefix);
            jbuf_puts(&b, "/");
        }
        percent_encode(&b, file);
    }
    char *s = xstrdup(b.s);
    jbuf_free(&b);
    return s;
}

char *sarif_repo_prefix(const char *cwd)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", cwd);
    size_t len = strlen(dir);
    while (len > 0) {
        char probe[PATH_MAX + 8];
        snprintf(probe, sizeof probe, "%s/.git", dir);
        struct stat st;
        if (stat(probe, &st) == 0) {
            size_t root = strlen(dir);
            const char *rest = cwd + root;
            while (*rest == '/')
                rest++;
            return xstrdup(rest);
        }
        char *slash = strrchr(dir, '/');
        if (!slash)
            break;
        *slash = '\0';
        len = strlen(dir);
    }
    return xstrdup("");
}

/* ---- results ----------------------------------------------------------- */

static void physical(struct jbuf *b, const struct race_frame *f, const struct sarif_info *info)
{
    char *uri = sarif_uri(f->file, info->cwd, info->repo_prefix);
    jbuf_puts(b, "\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
    str(b, uri);
    jbuf_puts(b, "}");
    if (f->line)
        jbuf_printf(b, ",\"region\":{\"startLine\":%u}", f->line);
    jbuf_puts(b, "}");
    free(uri);
}

/* A location object for frame f (a message only when it has no file). */
static void location(struct jbuf *b, const struct race_frame *f, const char *message,
                     const struct sarif_info *info)
{
    jbuf_puts(b, "{");
    bool comma = false;
    if (*f->file) {
        physical(b, f, info);
        comma = true;
    }
    if (message) {
        if (comma)
            jbuf_puts(b, ",");
        text_obj(b, "message", message);
    }
    jbuf_puts(b, "}");
}

static void thread_flow(struct jbuf *b, const struct race_access *a, bool previous, const struct sarif_info *info)
{
    unsigned max = info->max_frames ? info->max_frames : 64;
    char *msg = xasprintf("%s%s by %s", previous ? "previous " : "", a->kind, a->thread);
    jbuf_puts(b, "{");
    text_obj(b, "message", msg);
    free(msg);
    jbuf_puts(b, ",\"locations\":[");
    /* Outermost call first, the racing access last; the innermost frames
     * are kept when the stack is cut. */
    size_t n = a->nframes < max ? a->nframes : max;
    for (size_t k = 0; k < n; k++) {
        size_t i = n - 1 - k; /* frame index: innermost is 0 */
        const struct race_frame *f = &a->frames[i];
        char *fm = *f->func ? xasprintf("%s%s", f->func, i == 0 ? " (racing access)" : "")
                            : xstrdup(i == 0 ? "racing access" : "?");
        jbuf_printf(b, "%s{\"location\":", k ? "," : "");
        location(b, f, fm, info);
        jbuf_printf(b, ",\"nestingLevel\":%zu}", k);
        free(fm);
    }
    if (n == 0) {
        struct race_frame none = {.func = "", .file = "", .line = 0};
        jbuf_puts(b, "{\"location\":");
        location(b, &none, "[the stack could not be restored]", info);
        jbuf_puts(b, "}");
    }
    jbuf_puts(b, "]}");
}

static char *access_text(const struct race_access *a, bool previous)
{
    if (a->nframes == 0)
        return xasprintf("%s%s by %s (stack unknown)", previous ? "previous " : "", a->kind, a->thread);
    char *where = race_frame_text(&a->frames[0]);
    char *s = xasprintf("%s%s by %s at %s", previous ? "previous " : "", a->kind, a->thread, where);
    free(where);
    return s;
}

static char *result_message(const struct rt_model *m, const struct rt_race *r, const struct race_info *ri,
                            const struct test_opts *opts)
{
    struct jbuf t;
    jbuf_init(&t);
    jbuf_puts(&t, "Data race");
    if (ri->location)
        jbuf_printf(&t, " on %s", ri->location);
    if (ri->nacc >= 1) {
        char *a = access_text(&ri->acc[0], false);
        jbuf_printf(&t, ": %s", a);
        free(a);
    }
    if (ri->nacc >= 2) {
        char *a = access_text(&ri->acc[1], true);
        jbuf_printf(&t, "; %s", a);
        free(a);
    }
    jbuf_puts(&t, ".");
    const struct race_seen *first_test = NULL;
    for (size_t k = 0; k < r->nseen; k++) {
        const struct race_seen *s = &r->seen[k];
        if (s->test == SIZE_MAX) {
            jbuf_printf(&t, " Seen in %u test process%s of %s, outside any test.", s->nruns ? s->nruns : 1,
                        s->nruns > 1 ? "es" : "", m->files[s->file].rel);
            continue;
        }
        const struct rt_test *x = &m->tests[s->test];
        jbuf_printf(&t, " Seen in %u of %u runs of %s (first: run %u).", s->nruns, x->done, x->id, s->first_run);
        if (!first_test)
            first_test = s;
    }
    if (first_test) {
        const struct rt_test *x = &m->tests[first_test->test];
        const struct rt_file *f = &m->files[x->file];
        if (opts) {
            char *cmd = test_rerun_command(opts, m, x, first_test->seed, first_test->cpus);
            jbuf_printf(&t, " Rerun: %s", cmd);
            free(cmd);
        } else {
            jbuf_puts(&t, " Rerun: racetest -run ");
            struct jbuf re;
            jbuf_init(&re);
            jbuf_puts(&re, "^");
            quote_regex(&re, x->name);
            jbuf_puts(&re, "$");
            quote_shell(&t, re.s);
            jbuf_free(&re);
            jbuf_printf(&t, " -count=%u ", x->done > 0 ? x->done : 1);
            quote_shell(&t, f->rel);
        }
    }
    char *s = xstrdup(t.s);
    jbuf_free(&t);
    return s;
}

/* One rule per report kind: data races, then the runtime's other kinds
 * (detector/report_text.h) under the same ids. */
static const struct {
    const char *id, *name, *short_desc, *full, *help;
} rules[] = {
    {"data-race", "DataRace", "Data race",
     "Two threads access the same memory without synchronization, at least one of the accesses writes, "
     "and they are not both atomic: the program's behavior depends on the thread schedule (undefined "
     "behavior in C11).",
     "racetest saw two accesses to the same memory with no happens-before order between them: no lock, "
     "join, atomic release/acquire or other synchronization orders the one after the other. The result "
     "shows both stacks (one thread flow each). Fix it by adding the synchronization the two stacks are "
     "missing (a mutex around both accesses, an atomic, a join before the read), then rerun the command "
     "in the message: a race is reported whatever the schedule was, so a race seen once is a real bug."},
    {"lock-order-inversion", "LockOrderInversion", "Lock-order inversion (potential deadlock)",
     "Threads took the same locks in different orders: each waited for a lock while holding another, and "
     "the orders form a cycle, so a schedule exists in which they wait for each other forever.",
     "The thread flows show, for each edge of the cycle, where a lock was taken while another was held, "
     "and where that one was taken. Fix it by taking the locks in one global order everywhere (or under "
     "one common lock). Reported whether or not this run deadlocked."},
    {"mutex-destroy-locked", "MutexDestroyLocked", "Destroy of a locked mutex",
     "A mutex was destroyed while a thread held it: undefined behavior.",
     "Unlock the mutex (and make sure no thread uses it any more) before destroying it."},
    {"mutex-double-lock", "MutexDoubleLock", "Double lock of a mutex",
     "A thread locked a non-recursive mutex that it already held: it waits for itself forever.",
     "Unlock before locking again, or use a recursive mutex if re-entry is intended."},
    {"mutex-bad-unlock", "MutexBadUnlock", "Unlock of an unlocked mutex (or by a wrong thread)",
     "A thread unlocked a mutex it did not hold: undefined behavior for a normal mutex.",
     "Unlock a mutex only in the thread that locked it, once per lock."},
    {"thread-leak", "ThreadLeak", "Thread leak",
     "A thread finished but was never joined nor detached: its stack and result stay allocated until the "
     "process exits.",
     "Join the thread (pthread_join) or detach it (pthread_detach, or a detached attribute) if nobody "
     "waits for it. Switch the check off with RACETEST_OPTIONS=report_thread_leaks=0."},
    {"signal-unsafe-call", "SignalUnsafeCall", "Signal-unsafe call inside of a signal handler",
     "An asynchronous signal handler called a function that is not async-signal-safe (the allocator): "
     "if the signal interrupts the same function, the program deadlocks or corrupts its heap.",
     "Call only async-signal-safe functions from a handler: set a volatile sig_atomic_t flag or write to "
     "a pipe, and do the work outside the handler."},
};

static size_t rule_index(const char *id)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].id, id) == 0)
            return i;
    return 0;
}

static void result(struct jbuf *b, const struct rt_model *m, size_t i, const struct sarif_info *info)
{
    const struct rt_race *r = &m->races[i];
    struct race_info ri;
    race_info_get(r, &ri);
    char *msg = result_message(m, r, &ri, info->opts);
    jbuf_puts(b, i ? ",\n    {" : "\n    {");
    jbuf_printf(b, "\"ruleId\":\"%s\",\"ruleIndex\":%zu,\"level\":\"error\",", rules[rule_index(ri.rule)].id,
                rule_index(ri.rule));
    text_obj(b, "message", msg);
    free(msg);

    /* The two racing locations: the top frame of each stack that has one. */
    jbuf_puts(b, ",\"locations\":[");
    bool any = false;
    for (size_t a = 0; a < ri.nacc; a++) {
        if (ri.acc[a].nframes == 0 || !*ri.acc[a].frames[0].file)
            continue;
        char *t = access_text(&ri.acc[a], a == 1);
        jbuf_puts(b, any ? "," : "");
        location(b, &ri.acc[a].frames[0], t, info);
        free(t);
        any = true;
    }
    jbuf_puts(b, "]");

    if (ri.nacc > 0) {
        jbuf_puts(b, ",\"codeFlows\":[{");
        text_obj(b, "message", ri.title);
        jbuf_puts(b, ",\"threadFlows\":[");
        for (size_t a = 0; a < ri.nacc; a++) {
            jbuf_puts(b, a ? "," : "");
            thread_flow(b, &ri.acc[a], a == 1, info);
        }
        jbuf_puts(b, "]}]");
    }
    /* No fingerprint built on a lost stack ("A|?", "?|?"): an alert keyed
     * on it would change identity once the pair is seen. */
    if (!race_key_partial(r->key) && strcmp(r->key, "?|?") != 0)
        jbuf_printf(b,
                    ",\"partialFingerprints\":{\"racetest/v1\":\"%016llx\",\"primaryLocationLineHash\":\"%016llx:1\"}",
                    (unsigned long long)r->hash, (unsigned long long)r->hash);
    jbuf_puts(b, ",\"properties\":{\"key\":");
    str(b, r->key);
    jbuf_printf(b, ",\"occurrences\":%lu,\"seen\":[", r->occurrences);
    for (size_t k = 0; k < r->nseen; k++) {
        const struct race_seen *s = &r->seen[k];
        jbuf_puts(b, k ? ",{" : "{");
        if (s->test == SIZE_MAX) {
            jbuf_puts(b, "\"file\":");
            str(b, m->files[s->file].rel);
            jbuf_printf(b, ",\"processes\":%u}", s->nruns);
        } else {
            jbuf_puts(b, "\"test\":");
            str(b, m->tests[s->test].id);
            jbuf_printf(b, ",\"runs\":%u,\"of\":%u,\"firstRun\":%u,\"seed\":\"0x%016llx\"", s->nruns,
                        m->tests[s->test].done, s->first_run, (unsigned long long)s->seed);
            if (info->opts) {
                char *cmd = test_rerun_command(info->opts, m, &m->tests[s->test], s->seed, s->cpus);
                jbuf_puts(b, ",\"rerun\":");
                str(b, cmd);
                free(cmd);
            }
            jbuf_puts(b, "}");
        }
    }
    jbuf_puts(b, "]}}");
    race_info_free(&ri);
}

int sarif_write(const char *path, const struct rt_model *m, const struct test_opts *opts, const char *cwd, char *err,
                size_t errlen)
{
    char *prefix = sarif_repo_prefix(cwd);
    struct sarif_info si = {.cwd = cwd, .repo_prefix = prefix, .opts = opts};
    struct jbuf b;
    jbuf_init(&b);
    sarif_render(&b, m, &si);
    int rc = report_write_file(path, b.s, b.len, err, errlen);
    jbuf_free(&b);
    free(prefix);
    return rc;
}

void sarif_render(struct jbuf *b, const struct rt_model *m, const struct sarif_info *info)
{
    jbuf_puts(b, "{\"$schema\":\"" SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{\n");
    jbuf_puts(b, "  \"tool\":{\"driver\":{\"name\":\"racetest\",\"version\":\"" RACETEST_VERSION
                 "\",\"semanticVersion\":\"" RACETEST_VERSION "\",\"informationUri\":\"" RACETEST_INFORMATION_URI "\",\"rules\":[");
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        jbuf_printf(b, "%s{\"id\":\"%s\",\"name\":\"%s\",", i ? "," : "", rules[i].id, rules[i].name);
        text_obj(b, "shortDescription", rules[i].short_desc);
        jbuf_puts(b, ",");
        text_obj(b, "fullDescription", rules[i].full);
        jbuf_puts(b, ",");
        text_obj(b, "help", rules[i].help);
        jbuf_puts(b, ",\"defaultConfiguration\":{\"level\":\"error\"},"
                     "\"properties\":{\"tags\":[\"concurrency\",\"reliability\"],\"precision\":\"high\","
                     "\"problem.severity\":\"error\"}}");
    }
    jbuf_puts(b, "]}},\n");
    jbuf_puts(b, "  \"automationDetails\":{\"id\":\"racetest/\"},\n");
    jbuf_puts(b, "  \"results\":[");
    for (size_t i = 0; i < m->nraces; i++)
        result(b, m, i, info);
    jbuf_puts(b, m->nraces ? "\n  ]\n}]}\n" : "]\n}]}\n");
}
