/*
 * report/output_common.c — what the renderings of report/output.h (and the
 * reports) share: the live progress line, the removal of cmocka's own status
 * lines from an execution's output, and the rerun command of an execution.
 *
 * The progress line is drawn on stderr only when stderr is a terminal and is
 * erased ("\r\033[K") before anything else is printed, so it never ends up in
 * a log or a pipe.
 */
#include "runner/report/output.h"

#include "runner/report/json.h"
#include "runner/report/quote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *test_rerun_command(const struct test_opts *o, const struct rt_model *m, const struct rt_test *t,
                         uint64_t seed, unsigned cpus)
{
    struct jbuf re, b;
    jbuf_init(&re);
    jbuf_puts(&re, "^");
    const char *registry = o->ctest ? "-ctest" : o->meson ? "-meson" : NULL;
    if (registry) { /* FILE/TEST: the registered test, then its test */
        quote_regex(&re, m->files[t->file].rel);
        jbuf_puts(&re, "$/^");
    }
    quote_regex(&re, t->name);
    jbuf_puts(&re, "$");
    jbuf_init(&b);
    jbuf_puts(&b, "racetest -run ");
    quote_shell(&b, re.s);
    jbuf_printf(&b, " -count=1 -isolate -sched=");
    quote_shell(&b, o->sched);
    jbuf_printf(&b, " -run-seed 0x%016llx", (unsigned long long)seed);
    if (cpus)
        jbuf_printf(&b, " -cpu %u", cpus);
    if (o->pct_depth)
        jbuf_printf(&b, " -pct-depth %u", o->pct_depth);
    if (o->pct_steps)
        jbuf_printf(&b, " -pct-steps %u", o->pct_steps);
    if (!o->race)
        jbuf_puts(&b, " -race=false");
    if (o->tags) {
        jbuf_puts(&b, " -tags ");
        quote_shell(&b, o->tags);
    }
    if (registry) {
        jbuf_printf(&b, " %s ", registry);
        quote_shell(&b, o->ctest ? o->ctest : o->meson);
        jbuf_free(&re);
        return b.s;
    }
    if (o->ncommand) {
        jbuf_puts(&b, " --");
        for (size_t k = 0; k < o->ncommand; k++) {
            jbuf_puts(&b, " ");
            quote_shell(&b, o->command[k]);
        }
        jbuf_free(&re);
        return b.s;
    }
    jbuf_puts(&b, " ");
    /* "-x_test.c" would read as a flag: "./-x_test.c" cannot. */
    if (m->files[t->file].rel[0] == '-')
        jbuf_puts(&b, "./");
    quote_shell(&b, m->files[t->file].rel);
    jbuf_free(&re);
    return b.s;
}

static int progress_state = -1; /* -1 unknown, 0 no terminal, 1 terminal */
static bool progress_drawn;

static bool progress_enabled(void)
{
    if (progress_state < 0) {
        const char *term = getenv("TERM");
        progress_state = isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0);
    }
    return progress_state == 1;
}

void test_progress_update(unsigned long done, unsigned long total, size_t races, double elapsed, double running)
{
    if (!progress_enabled() || total == 0)
        return;
    char eta[32] = "";
    if (done > 0 && done < total)
        snprintf(eta, sizeof eta, ", ETA %.0fs", running * (double)(total - done) / (double)done);
    fflush(stdout);
    fprintf(stderr, "\r\033[K%lu/%lu runs, %zu race%s, %.1fs%s", done, total, races, races == 1 ? "" : "s",
            elapsed, eta);
    fflush(stderr);
    progress_drawn = true;
}

void test_progress_message(const char *text)
{
    if (!progress_enabled())
        return;
    fflush(stdout);
    fprintf(stderr, "\r\033[K%s", text);
    fflush(stderr);
    progress_drawn = true;
}

void test_progress_clear(void)
{
    if (!progress_drawn)
        return;
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
    progress_drawn = false;
}

/* cmocka's per-test and summary lines, which racetest words itself. */
static bool is_cmocka_status(const char *line, size_t len)
{
    static const char *const prefixes[] = {
        "[==========]", "[ RUN      ]", "[       OK ]", "[  FAILED  ]", "[  SKIPPED ]", "[  PASSED  ]",
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (len >= n && memcmp(line, prefixes[i], n) == 0)
            return true;
    }
    /* " 2 FAILED TEST(S)", " 1 SKIPPED TEST(S)" */
    if (len > 2 && line[0] == ' ' && line[1] >= '0' && line[1] <= '9') {
        const char *p = line + 1;
        while (p < line + len && *p >= '0' && *p <= '9')
            p++;
        size_t rest = (size_t)(line + len - p);
        if ((rest >= 15 && memcmp(p, " FAILED TEST(S)", 15) == 0) ||
            (rest >= 16 && memcmp(p, " SKIPPED TEST(S)", 16) == 0))
            return true;
    }
    return false;
}

/* The runtime's end-of-process lines, which belong to no test: "Found N
 * data race(s)", and one per other report kind ("Found N thread leak(s)"). */
static bool is_found_line(const char *line, size_t len)
{
    static const char pre[] = "Found ", post[] = "(s)";
    if (len < sizeof pre + sizeof post || memcmp(line, pre, sizeof pre - 1) != 0)
        return false;
    const char *p = line + sizeof pre - 1, *digits = p;
    while (p < line + len && *p >= '0' && *p <= '9')
        p++;
    return p > digits && p < line + len && *p == ' ' &&
           memcmp(line + len - (sizeof post - 1), post, sizeof post - 1) == 0;
}

char *test_output_strip_cmocka(const char *text, size_t len)
{
    static const char *const message_prefixes[] = {"[  ERROR   ] --- ", "[   LINE   ] --- "};
    /* + 2: a last line without its newline gets one, then the NUL. */
    char *out = xcalloc(len + 2, 1);
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + i;
        size_t l = end - i;
        i = nl ? end + 1 : len;
        if (l == 0 || is_cmocka_status(line, l) || is_found_line(line, l))
            continue;
        /* "[  ERROR   ] --- 0x1 != 0x2" says "0x1 != 0x2"; a bare
         * "[  ERROR   ] test_name" repeats the test's failure. */
        bool keep = true;
        for (size_t k = 0; k < 2; k++) {
            size_t pl = strlen(message_prefixes[k]);
            if (l >= pl && memcmp(line, message_prefixes[k], pl) == 0) {
                line += pl;
                l -= pl;
            } else if (k == 0 && l >= 13 && memcmp(line, "[  ERROR   ] ", 13) == 0) {
                keep = false;
            }
        }
        if (!keep)
            continue;
        memcpy(out + n, line, l);
        n += l;
        out[n++] = '\n';
    }
    out[n] = '\0';
    return out;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool test_output_is_framing(const char *pkg, const char *test, const char *text)
{
    if (test) {
        static const char *const words[] = {"=== RUN   ", "--- PASS: ", "--- FAIL: ", "--- SKIP: "};
        for (size_t i = 0; i < 4; i++) {
            size_t n = strlen(words[i]), tl = strlen(test);
            if (starts(text, words[i]) && strncmp(text + n, test, tl) == 0 &&
                (text[n + tl] == '\n' || text[n + tl] == ' '))
                return true;
        }
        return false;
    }
    if (!strcmp(text, "PASS\n") || !strcmp(text, "FAIL\n") || !strcmp(text, "testing: warning: no tests to run\n"))
        return true;
    static const char *const words[] = {"ok  \t", "FAIL\t", "?   \t"};
    size_t pl = strlen(pkg);
    for (size_t i = 0; i < 3; i++)
        if (starts(text, words[i]) && strncmp(text + strlen(words[i]), pkg, pl) == 0 &&
            (text[strlen(words[i]) + pl] == '\t' || text[strlen(words[i]) + pl] == ' '))
            return true;
    return false;
}

const char *status_word(enum exec_status s)
{
    switch (s) {
    case EX_PASS: return "PASS";
    case EX_SKIP: return "SKIP";
    case EX_FAIL: return "FAIL";
    case EX_CRASH: return "FAIL";
    case EX_TIMEOUT: return "FAIL";
    case EX_INTERRUPTED: return "FAIL"; /* never a pass; its detail says why */
    }
    return "FAIL";
}

char *test_output_strip_races(const char *text)
{
    size_t len = strlen(text);
    char *out = xcalloc(len + 64, 1);
    size_t n = 0;
    bool in_report = false;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        const char *next = nl ? nl + 1 : p + l;
        bool rule = l == 18 && strspn(p, "=") == 18;
        /* Data races and the runtime's other report kinds alike. */
        if (!in_report && rule && strncmp(next, "WARNING: ", 9) == 0) {
            in_report = true;
            static const char race_note[] = "(data race: the report is printed below with the unique races)\n",
                              other_note[] = "(report: printed below with the unique races)\n";
            bool race = strncmp(next, "WARNING: DATA RACE", 18) == 0;
            const char *note = race ? race_note : other_note;
            size_t nl = race ? sizeof race_note - 1 : sizeof other_note - 1;
            if (n + nl < len + 64) {
                memcpy(out + n, note, nl);
                n += nl;
            }
        } else if (in_report) {
            if (rule)
                in_report = false;
        } else {
            memcpy(out + n, p, l);
            n += l;
            out[n++] = '\n';
        }
        p = next;
    }
    out[n] = '\0';
    return out;
}
