/*
 * glue/cmocka.c — lets a cmocka test binary list its tests and run a chosen
 * subset a chosen number of times in one process, reporting every execution
 * to the racetest runner as events.
 *
 * Linked into test binaries (lib/racetest/libracetest_cmocka.a) together with
 * -Wl,--wrap=_cmocka_run_group_tests -Wl,--wrap=_skip. It is compiled WITHOUT
 * -fsanitize=thread: it is harness code, its own memory accesses are not the
 * program's, and it calls the runtime only through detector/racetest_rt.h.
 *
 * Environment (read by __wrap__cmocka_run_group_tests):
 *   RACETEST_LIST=1     write one {"event":"list"} per test (or, without an
 *                       event stream, "group\tname" lines on stdout) and run
 *                       nothing.
 *   RACETEST_RUN=SPEC   lines "group\tname[\tfirst\tcount]": run only these
 *                       tests; run numbers first..first+count-1 (defaults: 1
 *                       and RACETEST_COUNT). An empty group matches any group.
 *   RACETEST_COUNT=N    without RACETEST_RUN: every test N times.
 *   RACETEST_FAILFAST=1 exit after the first failing execution.
 *   RACETEST_SHUFFLE=S  random order of the tests within each round, seed S.
 * Without RACETEST_LIST/RUN/COUNT the call passes straight through to cmocka.
 *
 * Repetition order follows `go test -count`: round r runs every selected test
 * once (run number first+r), so the remaining runs of every test are always a
 * contiguous suffix — which is what lets the runner resume a crashed process.
 *
 * How one execution is observed. The group handed to cmocka is an expanded
 * copy of the selected tests whose test function is our trampoline, and
 * whose setup/teardown, when the test has them, are our trampolines too
 * (only then: every fixture cmocka runs installs and removes its signal
 * handlers, which would dominate the cost of a trivial test). cmocka runs
 * entries strictly in order in one thread, so the entry that starts next is
 * always known. An execution starts in the setup trampoline, or in the test
 * trampoline when there is no setup; it ends ("finalize": status, elapsed,
 * races, test_end event) in the teardown trampoline, or when the next one
 * starts, before the group teardown, or when cmocka returns. cmocka ends a
 * failed or skipped test by longjmp, which skips our trampoline's epilogue:
 * that is how a failure is seen, and skip() is told apart by wrapping _skip.
 * The runtime's shadow stack is restored to its depth at the start after any
 * such longjmp (__racetest_stack_restore).
 *
 * Crashes. cmocka installs handlers of SIGSEGV, SIGBUS, SIGFPE, SIGILL
 * around each fixture and test that turn a crash into a failed test, and a
 * crash in another thread into a longjmp across threads (exit status 255).
 * Each trampoline gives those signals back to the runtime before it calls
 * the user's function (__racetest_crash_signals_take): a crash then prints
 * its signal and the crashing thread's stack and kills the process, which
 * the runner reports as a crash (an error, not a failure) and resumes.
 *
 * Batches. cmocka's own cost per entry (it installs and restores five signal
 * handlers and prints two lines: a dozen system calls) was most of the cost
 * of a trivial test repeated in-process. So in a group without group
 * fixtures, consecutive executions of one test without setup/teardown (-count
 * of a group's only selected test, or of the last test with runs left; the
 * rounds interleave several tests) run inside one cmocka entry (tramp_batch).
 * Each is still its own execution, with its own test_start/test_end,
 * begin/end calls and status, and starts from the test's initial state. A
 * failure or skip inside a batch longjmps to cmocka, which ends that entry;
 * the batch entry is always the last of its cmocka call, and the next call
 * resumes at the next execution (run_batched).
 *
 * Post-test checks. After the test function returns, cmocka checks for
 * test_malloc blocks never freed and for leftover will_return/expect_*
 * values; a failing check prints through cm_print_error and fails the entry
 * by longjmp, after our trampoline returned, and skips its teardown. This
 * glue defines cm_print_error, which libcmocka calls through its PLT, so
 * the executable's definition takes its place: an error printed while the
 * current execution's test has returned and its teardown has not begun can
 * only come from those checks, and fails the execution ("post-test checks")
 * — the message itself is still printed by cmocka. In a batch the checks run
 * once, after its last execution (a value one run queues and leaves is there
 * for the next run of the same test), so they fail that last execution.
 *
 * Invariants: exactly one test_start and at most one test_end per execution,
 * in that order, each a complete line written by one __racetest_event_write
 * call (a test_end and the next test_start share one call, two lines: one
 * write(2) and one output offset per execution instead of two); every event
 * carries the output offset, so the runner can cut each execution's own
 * output out of the process's output file.
 */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h> /* __fpending */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "detector/racetest_rt.h"

/* Lets the runner tell a cmocka test binary from a plain-main one by looking
 * for these bytes in the linked executable (this object is linked only when
 * the program references _cmocka_run_group_tests). */
__attribute__((used)) static const char racetest_glue_marker[] = "racetest-cmocka-glue-v1";

int __real__cmocka_run_group_tests(const char *group_name, const struct CMUnitTest *const tests,
                                   const size_t num_tests, CMFixtureFunction group_setup,
                                   CMFixtureFunction group_teardown);
/* Weak: a binary linked without -Wl,--wrap=_skip must still link. */
void __real__skip(const char *const file, const int line) __attribute__((weak));
int __wrap__cmocka_run_group_tests(const char *group_name, const struct CMUnitTest *const tests,
                                   const size_t num_tests, CMFixtureFunction group_setup,
                                   CMFixtureFunction group_teardown);
void __wrap__skip(const char *const file, const int line);

/* One execution of one test: which original test, which run number. */
struct exec {
    const struct CMUnitTest *orig;
    unsigned run;
};

/* Progress of the current execution; reset by the setup trampoline. */
static struct {
    const char *group;
    struct exec *execs;
    size_t cur;          /* the current entry, valid when active */
    size_t next;         /* the entry that starts next */
    int active;          /* an execution started and is not finalized */
    int setup_ok, test_returned, skipped, teardown_ok;
    int in_teardown;     /* the teardown trampoline is running */
    int checks_failed;   /* cmocka's post-test checks failed (cm_print_error) */
    int begun_by_setup;  /* the setup trampoline started the current entry */
    size_t batch_end;    /* the batch trampoline runs executions up to here */
    CMFixtureFunction group_teardown;
    struct timespec start;
    unsigned long stack_token;
    int failfast;
} g;

/* ---- small helpers --------------------------------------------------- */

/* Appends s JSON-escaped to buf (capacity cap, NUL-terminated, truncating). */
static void json_str(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(buf);
    if (n + 1 >= cap)
        return;
    buf[n++] = '"';
    for (; *s && n + 8 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            buf[n++] = '\\';
            buf[n++] = (char)c;
        } else if (c < 0x20) {
            n += (size_t)snprintf(buf + n, cap - n, "\\u%04x", c);
        } else {
            buf[n++] = (char)c;
        }
    }
    if (n + 1 < cap)
        buf[n++] = '"';
    buf[n] = '\0';
}

static void appendf(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void appendf(char *buf, size_t cap, const char *fmt, ...)
{
    size_t n = strlen(buf);
    if (n >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, cap - n, fmt, ap);
    va_end(ap);
}

/* The event stream descriptor, for when the runtime has none configured:
 * a runtime that could not read its environment must not cost us the test
 * results (one write(2) of a line to an O_APPEND file stays whole). */
static int fallback_fd(void)
{
    static int fd = -2;
    if (fd == -2) {
        const char *v = getenv("RACETEST_EVENTS_FD");
        char *end;
        long n = v && *v ? strtol(v, &end, 10) : -1;
        fd = v && *v && *end == '\0' && n >= 0 && n < 1 << 20 ? (int)n : -1;
    }
    return fd;
}

static void emit(char *line, size_t cap)
{
    size_t n = strlen(line);
    if (n + 1 >= cap)
        n = cap - 2; /* truncated: still one line */
    line[n++] = '\n';
    line[n] = '\0';
    if (__racetest_event_write(line, n) != 0 && fallback_fd() >= 0) {
        if (write(fallback_fd(), line, n) < 0) {
            /* the runner will report the missing results */
        }
    }
}

/* Where the process's output currently ends, so that the runner can attribute
 * output to executions; -1 when stdout is not a seekable file. Flushes only
 * what is pending: this runs at every execution, and in an instrumented
 * program every fflush is an intercepted call with an fstat in it (about a
 * tenth of the harness's cost per execution of a trivial test). */
static long output_offset(void)
{
    if (__fpending(stdout) > 0)
        fflush(stdout);
    if (__fpending(stderr) > 0)
        fflush(stderr);
    off_t off = lseek(STDOUT_FILENO, 0, SEEK_CUR);
    return off < 0 ? -1 : (long)off;
}

static int env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static int have_event_stream(void)
{
    const char *v = getenv("RACETEST_EVENTS_FD");
    return v && *v;
}

/* ---- the trampolines ------------------------------------------------- */

static void finalize_into(char *line, size_t cap, long *out);

static void finalize(void)
{
    char line[1024];
    line[0] = '\0';
    long out = -2;
    finalize_into(line, sizeof line, &out);
    if (line[0])
        emit(line, sizeof line);
}

/* Ends the current execution; its test_end line (without newline) is left in
 * line ("" when nothing was active). *out: the output offset, computed here
 * unless the caller passed one (>= -1). */
static void finalize_into(char *line, size_t cap, long *out)
{
    if (!g.active)
        return;
    g.active = 0;
    __racetest_stack_restore(g.stack_token);
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double elapsed = (double)(end.tv_sec - g.start.tv_sec) + (double)(end.tv_nsec - g.start.tv_nsec) / 1e9;
    unsigned long races = __racetest_test_races();
    __racetest_test_end();

    const char *status = "pass", *phase = NULL;
    if (!g.setup_ok) {
        status = "fail";
        phase = "setup";
    } else if (!g.test_returned) {
        status = g.skipped ? "skip" : "fail";
        phase = g.skipped ? NULL : "test";
    } else if (!g.teardown_ok) {
        status = "fail";
        phase = "teardown";
    } else if (g.checks_failed) {
        status = "fail";
        phase = "post-test checks";
    }

    if (*out < -1)
        *out = output_offset();
    const struct exec *e = &g.execs[g.cur];
    snprintf(line, cap, "{\"event\":\"test_end\",\"group\":");
    json_str(line, cap, g.group);
    appendf(line, cap, ",\"test\":");
    json_str(line, cap, e->orig->name);
    appendf(line, cap, ",\"run\":%u,\"status\":\"%s\",\"elapsed\":%.6f,\"races\":%lu,\"out\":%ld", e->run, status,
            elapsed, races, *out);
    if (phase)
        appendf(line, cap, ",\"phase\":\"%s\"", phase);
    appendf(line, cap, "}");

    if (g.failfast && (strcmp(status, "fail") == 0 || races > 0)) {
        /* Stop here: exit() still lets the runtime finish its reports. */
        emit(line, cap);
        fflush(NULL);
        exit(1);
    }
}

/* The next entry starts: ends the previous one if nothing else did. */
static void begin_entry(void)
{
    char line[2048];
    line[0] = '\0';
    long out = output_offset();
    finalize_into(line, sizeof line / 2, &out);
    g.cur = g.next++;
    g.setup_ok = 1;
    g.test_returned = g.skipped = 0;
    g.teardown_ok = 1;
    g.in_teardown = g.checks_failed = 0;
    g.active = 1;

    /* The previous test_end (if any) and this test_start in one write. */
    const struct exec *e = &g.execs[g.cur];
    if (line[0])
        appendf(line, sizeof line, "\n");
    appendf(line, sizeof line, "{\"event\":\"test_start\",\"group\":");
    json_str(line, sizeof line, g.group);
    appendf(line, sizeof line, ",\"test\":");
    json_str(line, sizeof line, e->orig->name);
    appendf(line, sizeof line, ",\"run\":%u,\"out\":%ld}", e->run, out);
    emit(line, sizeof line);

    __racetest_stack_mark(&g.stack_token);
    __racetest_test_begin(e->orig->name, e->run);
    clock_gettime(CLOCK_MONOTONIC, &g.start);
}

/* Installed only for tests that have a setup: the execution starts here. */
static int tramp_setup(void **state)
{
    begin_entry();
    __racetest_crash_signals_take();
    g.setup_ok = 0;
    int rc = g.execs[g.cur].orig->setup_func(state);
    g.setup_ok = rc == 0;
    g.begun_by_setup = rc == 0; /* cmocka calls the test only then */
    return rc;
}

/* Always installed. Without a setup trampoline the execution starts here;
 * without a teardown trampoline it ends when the next one starts (or when
 * cmocka returns): a test without fixtures costs cmocka no extra fixture
 * runs (each one installs and removes its signal handlers). */
static void tramp_test(void **state)
{
    if (g.begun_by_setup)
        g.begun_by_setup = 0;
    else
        begin_entry();
    __racetest_crash_signals_take();
    g.execs[g.cur].orig->test_func(state);
    g.test_returned = 1;
}

/* The one entry of a batch: consecutive executions of one test without
 * fixtures, g.next up to g.batch_end, run in one cmocka entry. Each is its
 * own execution (begin_entry ends the previous one, as between entries) and
 * starts from the entry's initial state, as a fresh entry would. A failure
 * or skip longjmps out of the loop into cmocka, which ends the entry and the
 * call (a batch entry is always the last of its call); the caller then goes
 * on with the next execution in a new call. The last execution stays open
 * through cmocka's post-test checks, which may still fail it. */
static void tramp_batch(void **state)
{
    void *initial = *state;
    __racetest_crash_signals_take();
    while (g.next < g.batch_end) {
        begin_entry();
        *state = initial;
        g.execs[g.cur].orig->test_func(state);
        g.test_returned = 1;
    }
}

/* Installed only for tests that have a teardown. */
static int tramp_teardown(void **state)
{
    /* A failed test longjmp'ed past its instrumented frames. */
    __racetest_stack_restore(g.stack_token);
    __racetest_crash_signals_take();
    g.teardown_ok = 0;
    g.in_teardown = 1;
    int rc = g.execs[g.cur].orig->teardown_func(state);
    g.teardown_ok = rc == 0;
    finalize();
    return rc;
}

/* Wraps the group teardown, so that the last execution ends before it. */
static int tramp_group_teardown(void **state)
{
    finalize();
    return g.group_teardown(state);
}

/* libcmocka's own (exported, not in cmocka.h), which prints the message or
 * keeps it for an XML/TAP/subunit report: this one notes a failing post-test
 * check (see the top of this file), then passes the text on. */
void cm_print_error(const char *const format, ...) __attribute__((format(printf, 1, 2)));
void cm_print_error(const char *const format, ...)
{
    if (g.active && g.test_returned && !g.in_teardown)
        g.checks_failed = 1;
    static void (*real)(const char *, ...);
    if (!real)
        real = (void (*)(const char *, ...))dlsym(RTLD_NEXT, "cm_print_error");
    char text[4096];
    va_list ap;
    va_start(ap, format);
    if (real) {
        vsnprintf(text, sizeof text, format, ap);
        real("%s", text);
    } else {
        vprint_error(format, ap);
    }
    va_end(ap);
}

void __wrap__skip(const char *const file, const int line)
{
    if (g.active)
        g.skipped = 1;
    if (__real__skip)
        __real__skip(file, line);
    abort(); /* unreachable: _skip longjmps */
}

/* ---- the spec --------------------------------------------------------- */

/* Is test `name` of `group` selected? Fills *first and *count. */
static int selected(const char *spec, const char *group, const char *name, unsigned dflt_count, unsigned *first,
                    unsigned *count)
{
    size_t glen = strlen(group), nlen = strlen(name);
    for (const char *line = spec; *line;) {
        const char *eol = strchr(line, '\n');
        if (!eol)
            eol = line + strlen(line);
        const char *tab = memchr(line, '\t', (size_t)(eol - line));
        if (tab) {
            size_t lg = (size_t)(tab - line);
            const char *nm = tab + 1;
            const char *tab2 = memchr(nm, '\t', (size_t)(eol - nm));
            size_t ln = (size_t)((tab2 ? tab2 : eol) - nm);
            int group_ok = lg == 0 || (lg == glen && memcmp(line, group, glen) == 0);
            if (group_ok && ln == nlen && memcmp(nm, name, nlen) == 0) {
                *first = 1;
                *count = dflt_count;
                if (tab2) {
                    char *end;
                    unsigned long f = strtoul(tab2 + 1, &end, 10);
                    if (*end == '\t') {
                        *first = (unsigned)f;
                        *count = (unsigned)strtoul(end + 1, NULL, 10);
                    }
                }
                return 1;
            }
        }
        line = *eol ? eol + 1 : eol;
    }
    return 0;
}

static uint64_t rng_next(uint64_t *s)
{
    /* splitmix64: small, good enough for ordering tests */
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int list_tests(const char *group_name, const struct CMUnitTest *tests, size_t n)
{
    int stream = have_event_stream();
    for (size_t i = 0; i < n; i++) {
        if (stream) {
            char line[1024] = "{\"event\":\"list\",\"group\":";
            json_str(line, sizeof line, group_name);
            appendf(line, sizeof line, ",\"test\":");
            json_str(line, sizeof line, tests[i].name);
            appendf(line, sizeof line, "}");
            emit(line, sizeof line);
        } else {
            printf("%s\t%s\n", group_name, tests[i].name);
        }
    }
    fflush(stdout);
    return 0;
}

/* Runs the expanded schedule of a group without group fixtures, in as few
 * cmocka entries as exact attribution allows. cmocka's cost per entry
 * (installing and restoring five signal handlers, sigsetjmp, two printed
 * lines: a dozen system calls) would otherwise be most of the cost of a
 * trivial test. Consecutive executions of one test without setup/teardown
 * (-count on a single test, or its remaining runs) become one batch entry
 * (tramp_batch); everything else keeps its own entry from `expanded`. A
 * call ends with its batch entry, so that a failure inside a batch cannot
 * shift later entries onto the wrong executions; the loop then calls cmocka
 * again from the next execution. Without group fixtures, calling cmocka
 * again is the same as going on: each entry's state starts from its
 * initial_state either way. Returns the sum of cmocka's results (failed
 * entries, i.e. failed executions), or -1 if one call failed. */
static int run_batched(const char *group_name, const struct CMUnitTest *expanded, size_t total)
{
    struct CMUnitTest *call = calloc(total, sizeof *call);
    if (!call) {
        fprintf(stderr, "racetest glue: out of memory\n");
        exit(2);
    }
    int rc = 0;
    while (g.next < total) {
        size_t m = 0, k = g.next, before = g.next;
        while (k < total) {
            const struct CMUnitTest *t = g.execs[k].orig;
            size_t end = k + 1;
            if (!t->setup_func && !t->teardown_func)
                while (end < total && g.execs[end].orig == t)
                    end++;
            if (end - k >= 2) {
                call[m] = *t;
                call[m++].test_func = tramp_batch;
                g.batch_end = end;
                break;
            }
            call[m++] = expanded[k++];
        }
        int r = __real__cmocka_run_group_tests(group_name, call, m, NULL, NULL);
        rc = r < 0 || rc < 0 ? -1 : rc + r;
        if (r < 0 || g.next == before) /* no progress: cmocka ran none of them */
            break;
    }
    free(call);
    return rc;
}

int __wrap__cmocka_run_group_tests(const char *group_name, const struct CMUnitTest *const tests,
                                   const size_t num_tests, CMFixtureFunction group_setup,
                                   CMFixtureFunction group_teardown)
{
    if (env_flag("RACETEST_LIST"))
        return list_tests(group_name, tests, num_tests);

    const char *spec = getenv("RACETEST_RUN");
    const char *count_env = getenv("RACETEST_COUNT");
    if (!spec && !count_env)
        return __real__cmocka_run_group_tests(group_name, tests, num_tests, group_setup, group_teardown);

    unsigned dflt = count_env ? (unsigned)strtoul(count_env, NULL, 10) : 1;
    unsigned *first = calloc(num_tests + 1, sizeof *first);
    unsigned *count = calloc(num_tests + 1, sizeof *count);
    if (!first || !count) {
        fprintf(stderr, "racetest glue: out of memory\n");
        exit(2);
    }
    size_t total = 0;
    unsigned rounds = 0;
    for (size_t i = 0; i < num_tests; i++) {
        if (spec) {
            if (!selected(spec, group_name, tests[i].name, dflt, &first[i], &count[i]))
                continue;
        } else {
            first[i] = 1;
            count[i] = dflt;
        }
        total += count[i];
        if (count[i] > rounds)
            rounds = count[i];
    }
    if (total == 0) { /* nothing of this group: do not even run its fixtures */
        free(first);
        free(count);
        return 0;
    }

    struct CMUnitTest *expanded = calloc(total, sizeof *expanded);
    struct exec *execs = calloc(total, sizeof *execs);
    size_t *order = calloc(num_tests, sizeof *order);
    if (!expanded || !execs || !order) {
        fprintf(stderr, "racetest glue: out of memory\n");
        exit(2);
    }
    const char *shuffle = getenv("RACETEST_SHUFFLE");
    uint64_t seed = shuffle ? strtoull(shuffle, NULL, 10) : 0;
    size_t k = 0;
    for (unsigned r = 0; r < rounds; r++) {
        size_t m = 0;
        for (size_t i = 0; i < num_tests; i++)
            if (r < count[i])
                order[m++] = i;
        if (shuffle)
            for (size_t j = m; j > 1; j--) {
                size_t x = (size_t)(rng_next(&seed) % j);
                size_t t = order[j - 1];
                order[j - 1] = order[x];
                order[x] = t;
            }
        for (size_t j = 0; j < m; j++) {
            size_t i = order[j];
            expanded[k] = tests[i];
            expanded[k].setup_func = tests[i].setup_func ? tramp_setup : NULL;
            expanded[k].test_func = tramp_test;
            expanded[k].teardown_func = tests[i].teardown_func ? tramp_teardown : NULL;
            execs[k].orig = &tests[i];
            execs[k].run = first[i] + r;
            k++;
        }
    }

    memset(&g, 0, sizeof g);
    g.group = group_name;
    g.execs = execs;
    g.failfast = env_flag("RACETEST_FAILFAST");
    g.group_teardown = group_teardown;
    int rc;
    if (group_setup || group_teardown)
        rc = __real__cmocka_run_group_tests(group_name, expanded, total, group_setup,
                                            group_teardown ? tramp_group_teardown : NULL);
    else
        rc = run_batched(group_name, expanded, total);
    finalize(); /* the last entry, if nothing ended it */
    memset(&g, 0, sizeof g);

    free(expanded);
    free(execs);
    free(order);
    free(first);
    free(count);
    return rc;
}
