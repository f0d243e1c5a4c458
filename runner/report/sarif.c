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

#include "runner/report/collect.h"
#include "runner/report/race.h"
#include "runner/report/output.h"
#include "runner/version.h"

#define SCHEMA "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"

/* ---- strings ----------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes available), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

/* A JSON string of s with invalid UTF-8 replaced by U+FFFD. */
static void str(struct jbuf *b, const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    struct jbuf clean;
    jbuf_init(&clean);
    for (size_t i = 0; i < len;) {
        size_t n = utf8_len((const unsigned char *)s + i, len - i);
        if (n == 0) {
            jbuf_puts(&clean, "\xEF\xBF\xBD");
            i++;
        } else {
            jbuf_putn(&clean, s + i, n);
            i += n;
        }
    }
    jbuf_strn(b, clean.s, clean.len);
    jbuf_free(&clean);
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

/* "'^name$'" quoted for a POSIX shell (names are C identifiers, but be safe). */
static void shell_quote(struct jbuf *b, const char *s)
{
    jbuf_puts(b, "'");
    for (; *s; s++) {
        if (*s == '\'')
            jbuf_puts(b, "'\\''");
        else
            jbuf_putn(b, s, 1);
    }
    jbuf_puts(b, "'");
}

static char *result_message(const struct rt_model *m, const struct rt_race *r, const struct race_info *ri)
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
        char *re = xasprintf("^%s$", x->name);
        jbuf_puts(&t, " Rerun: racetest -run ");
        shell_quote(&t, re);
        jbuf_printf(&t, " -count=%u ", x->done > 0 ? x->done : 1);
        shell_quote(&t, f->rel);
        free(re);
    }
    char *s = xstrdup(t.s);
    jbuf_free(&t);
    return s;
}

static void result(struct jbuf *b, const struct rt_model *m, size_t i, const struct sarif_info *info)
{
    const struct rt_race *r = &m->races[i];
    struct race_info ri;
    race_info_get(r, &ri);
    char *msg = result_message(m, r, &ri);
    jbuf_puts(b, i ? ",\n    {" : "\n    {");
    jbuf_puts(b, "\"ruleId\":\"data-race\",\"ruleIndex\":0,\"level\":\"error\",");
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
                 "\",\"semanticVersion\":\"" RACETEST_VERSION "\",\"rules\":[{\"id\":\"data-race\",\"name\":\"DataRace\",");
    text_obj(b, "shortDescription", "Data race");
    jbuf_puts(b, ",");
    text_obj(b, "fullDescription",
             "Two threads access the same memory without synchronization, at least one of the accesses writes, "
             "and they are not both atomic: the program's behavior depends on the thread schedule (undefined "
             "behavior in C11).");
    jbuf_puts(b, ",");
    text_obj(b, "help",
             "racetest saw two accesses to the same memory with no happens-before order between them: no lock, "
             "join, atomic release/acquire or other synchronization orders the one after the other. The result "
             "shows both stacks (one thread flow each). Fix it by adding the synchronization the two stacks are "
             "missing (a mutex around both accesses, an atomic, a join before the read), then rerun the command "
             "in the message: a race is reported whatever the schedule was, so a race seen once is a real bug.");
    jbuf_puts(b, ",\"defaultConfiguration\":{\"level\":\"error\"},"
                 "\"properties\":{\"tags\":[\"concurrency\",\"reliability\"],\"precision\":\"high\","
                 "\"problem.severity\":\"error\"}}]}},\n");
    jbuf_puts(b, "  \"automationDetails\":{\"id\":\"racetest/\"},\n");
    jbuf_puts(b, "  \"results\":[");
    for (size_t i = 0; i < m->nraces; i++)
        result(b, m, i, info);
    jbuf_puts(b, m->nraces ? "\n  ]\n}]}\n" : "]\n}]}\n");
}
