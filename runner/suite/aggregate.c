/*
 * suite/aggregate.c — see suite/aggregate.h.
 */
#include "runner/suite/aggregate.h"

#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filters/race_key.h"
#include "runner/suite/proc.h"

void agg_init(struct agg *a, struct rt_model *m, const struct test_opts *o, const struct test_output *out)
{
    memset(a, 0, sizeof *a);
    a->m = m;
    a->o = o;
    a->out = out;
    a->start_ms = test_proc_now_ms();
    a->race_exit = 66;
    /* RACETEST_OPTIONS="... exitcode=N ..." changes 66 for racetest too. */
    const char *opts = getenv("RACETEST_OPTIONS");
    for (const char *p = opts; p && (p = strstr(p, "exitcode=")); p += 9) {
        if (p != opts && p[-1] != ' ' && p[-1] != '\t' && p[-1] != ':')
            continue;
        char *end;
        long v = strtol(p + 9, &end, 10);
        if (end != p + 9 && v >= 0 && v <= 255 && (*end == '\0' || *end == ' ' || *end == '\t' || *end == ':'))
            a->race_exit = (int)v;
    }
}

static bool is_failure(enum exec_status s)
{
    return s == EX_FAIL || s == EX_CRASH || s == EX_TIMEOUT;
}

void agg_exec_started(struct agg *a, size_t test, unsigned run)
{
    a->out->exec_started(a->o, a->m, test, run);
}

void agg_exec_result(struct agg *a, struct exec_result *r, const char *output, size_t len)
{
    struct rt_test *t = &a->m->tests[r->test];
    if (r->races > 0 && r->status != EX_CRASH && r->status != EX_TIMEOUT && r->status != EX_INTERRUPTED) {
        /* As Go's testing package does: a race fails the test it happened in. */
        r->status = EX_FAIL;
        if (!r->detail)
            r->detail = "race detected during execution of test";
    }
    t->done++;
    t->elapsed += r->elapsed;
    a->runs_done++;
    switch (r->status) {
    case EX_PASS: t->passed++; break;
    case EX_SKIP: t->skipped++; break;
    case EX_FAIL: t->failed++; break;
    case EX_CRASH: t->crashed++; break;
    case EX_TIMEOUT: t->timed_out++; break;
    case EX_INTERRUPTED: t->interrupted++; break;
    }
    if (r->races > 0)
        t->raced++;
    bool failure = is_failure(r->status);
    if (failure)
        a->failure_seen = true;
    /* The first run of each kind of failure is shown: a timeout at run 60
     * must not hide behind a race at run 1. */
    unsigned kind = r->status == EX_CRASH         ? FK_CRASH
                    : r->status == EX_TIMEOUT     ? FK_TIMEOUT
                    : r->status == EX_INTERRUPTED ? FK_INTERRUPTED
                    : r->races > 0                ? FK_RACE
                    : r->status == EX_FAIL        ? FK_ASSERTION
                                                  : 0;
    bool show = a->o->verbose || (kind && !(t->kinds_shown & kind));
    t->kinds_shown |= kind;
    if (kind && show)
        t->failures_shown++;
    if (show || a->o->json) {
        char *text = test_output_strip_cmocka(output ? output : "", output ? len : 0);
        /* The text report prints each unique race once, at the end; the
         * reports stay inline when the runtime sent no race events (then
         * they would be printed nowhere else). JSON keeps the raw output. */
        if (!a->o->json && r->races > 0 && a->m->nraces > 0) {
            char *stripped = test_output_strip_races(text);
            free(text);
            text = stripped;
        }
        a->out->exec_result(a->o, a->m, r, text, show);
        free(text);
    }
}

/* ---- race identity ---------------------------------------------------- */

/* The top frame of access i, or NULL when its stack is unknown. */
static bool top_frame(const struct jval *accesses, size_t i, race_key_frame *out)
{
    const struct jval *acc = accesses && accesses->type == J_ARR && i < accesses->n ? accesses->items[i] : NULL;
    const struct jval *stack = json_get(acc, "stack");
    const struct jval *f = stack && stack->type == J_ARR && stack->n > 0 ? stack->items[0] : NULL;
    if (!f)
        return false;
    out->function = json_get_str(f, "func", NULL);
    out->file = json_get_str(f, "file", NULL);
    out->line = (unsigned)json_get_uint(f, "line", UINT_MAX, 0);
    return true;
}

char *race_identity(const struct jval *accesses, uint64_t *hash)
{
    race_key_frame a, b;
    bool ha = top_frame(accesses, 0, &a), hb = top_frame(accesses, 1, &b);
    size_t n = race_key(ha ? &a : NULL, hb ? &b : NULL, NULL, 0, NULL);
    char *key = xcalloc(n + 1, 1);
    race_key(ha ? &a : NULL, hb ? &b : NULL, key, n + 1, hash);
    return key;
}

/* A report of another kind (runtime's report_text.h) is identified by its
 * kind and the key the runtime computed from source locations (for a
 * lock-order inversion, the call sites of every edge of the cycle). */
static char *kind_identity(const char *kind, const char *key, uint64_t *hash)
{
    char *id = xasprintf("%s: %s", kind, key);
    *hash = race_key_hash(id, strlen(id));
    return id;
}

static void race_set_report(struct rt_race *r, const struct jval *ev, const struct jval *acc);

size_t agg_race_first(struct agg *a, const struct jval *ev, bool *is_new)
{
    const struct jval *acc = json_get(ev, "accesses");
    const char *kind = json_get_str(ev, "kind", NULL);
    uint64_t hash;
    char *key = kind ? kind_identity(kind, json_get_str(ev, "key", ""), &hash) : race_identity(acc, &hash);
    for (size_t i = 0; i < a->m->nraces; i++) {
        struct rt_race *r = &a->m->races[i];
        if (r->hash == hash && strcmp(r->key, key) == 0) {
            free(key);
            *is_new = false;
            return i;
        }
    }
    /* A race whose older stack was lost ("A|?") is the known race "A|B"
     * when its current side matches; and a known "A|?" becomes "A|B" when
     * the full pair shows up, so that no identity (SARIF fingerprint) is
     * built on the lost stack when the pair is known. */
    size_t known = kind ? 0 : race_key_partial(key); /* other kinds have whole keys */
    for (size_t i = 0; i < a->m->nraces && !kind; i++) {
        struct rt_race *r = &a->m->races[i];
        size_t rk = r->kind ? 0 : race_key_partial(r->key);
        if (known && !r->kind && race_key_has_side(r->key, key, known)) {
            free(key);
            *is_new = false;
            return i;
        }
        if (rk && race_key_has_side(key, r->key, rk)) {
            free(r->key);
            free(r->report);
            free(r->accesses_json);
            r->key = key;
            r->hash = hash;
            race_set_report(r, ev, acc);
            *is_new = false;
            return i;
        }
    }
    struct rt_race *r = model_add_race(a->m);
    r->hash = hash;
    r->key = key;
    r->kind = kind ? xstrdup(kind) : NULL;
    race_set_report(r, ev, acc);
    *is_new = true;
    return a->m->nraces - 1;
}

/* The report and accesses of race event ev (accesses: its "accesses"). */
static void race_set_report(struct rt_race *r, const struct jval *ev, const struct jval *acc)
{
    r->report = xstrdup(json_get_str(ev, "report", ""));
    /* Keep the accesses as JSON text for -json output. */
    struct jbuf b;
    jbuf_init(&b);
    if (acc) {
        json_write_value(&b, acc); /* the parsed tree is freed with its line */
    } else {
        jbuf_puts(&b, "[]");
    }
    r->accesses_json = xstrdup(b.s);
    jbuf_free(&b);
}

void agg_race_seen(struct agg *a, size_t race, size_t test, size_t file, unsigned run, bool is_new)
{
    struct rt_race *r = &a->m->races[race];
    r->occurrences++;
    race_seen_add(r, test, file, run);
    for (size_t k = 0; k < r->nseen; k++)
        if (r->seen[k].test == test && (test != SIZE_MAX || r->seen[k].file == file) && r->seen[k].first_run == run) {
            r->seen[k].seed = a->cur_seed;
            r->seen[k].cpus = a->cur_cpus;
        }
    if (is_new)
        a->out->race_new(a->o, a->m, race, test, file, run);
}

void agg_file_error(struct agg *a, size_t file, const char *msg, const char *output)
{
    a->file_errors++;
    a->failure_seen = true;
    char *text = test_output_strip_cmocka(output ? output : "", output ? strlen(output) : 0);
    a->out->file_error(a->o, a->m, file, msg, text);
    free(text);
}

int agg_finish(struct agg *a, bool interrupted)
{
    struct summary s;
    memset(&s, 0, sizeof s);
    const struct rt_model *m = a->m;
    for (size_t i = 0; i < m->nfiles; i++) {
        const struct rt_file *f = &m->files[i];
        if (f->excluded)
            s.files_skipped++;
        if (f->build_failed || f->list_failed)
            s.build_failures++;
    }
    for (size_t i = 0; i < m->ntests; i++) {
        const struct rt_test *t = &m->tests[i];
        if (!t->selected)
            continue;
        if (t->failed + t->crashed + t->timed_out > 0)
            s.tests_failed++;
        else if (t->done == 0)
            s.tests_not_run++;
        else if (t->interrupted == t->done)
            s.tests_interrupted++; /* no run of it finished: never a pass */
        else if (t->skipped + t->interrupted == t->done)
            s.tests_skipped++;
        else
            s.tests_passed++;
        s.runs_not_run += t->not_run;
        s.runs_interrupted += t->interrupted;
        if (t->raced)
            s.tests_raced++;
    }
    s.file_errors = a->file_errors;
    s.runs = a->runs_done;
    s.unique_races = m->nraces;
    s.seconds = (double)(test_proc_now_ms() - a->start_ms) / 1000.0;
    s.interrupted = interrupted;
    if (s.unique_races > 0)
        s.exit_status = a->race_exit;
    else if (s.tests_failed > 0 || s.tests_interrupted > 0 || s.file_errors > 0 || interrupted)
        s.exit_status = 1;
    else if (s.build_failures > 0)
        s.exit_status = 2;
    else
        s.exit_status = 0;
    test_progress_clear();
    a->out->finish(a->o, m, &s);
    return s.exit_status;
}
