/*
 * report/merge.c — see report/merge.h.
 *
 * Two passes over the inputs. The first checks every line and collects the
 * files, tests and unique races, so that the model can be built the way the
 * rest of the runner expects it (the tests of a file contiguous, files in
 * order of first appearance); the second replays the executions through the
 * same aggregator and renderers as `racetest test` (suite/aggregate.h,
 * report/collect.h), so the merged text, JSON, JUnit and SARIF are exactly
 * what one racetest would have printed for the same results.
 *
 * What an input says and how it is read back (report/output_json.c):
 *   run / output / pass / fail / skip with Test   one execution (by Run);
 *     its output lines come before its result, the result carries Races,
 *     RaceIds (input-local race ids), Reason (crash, timeout, race),
 *     Detail and Phase;
 *   race            a unique race, first seen (Race.Id is input-local,
 *                   Race.Key identifies it across inputs);
 *   race-summary    per race, where it was seen (used only for races seen
 *                   outside any test: their count of test processes);
 *   skip + Reason (no Test)   a file excluded by its build constraint;
 *   build-output / build-fail   a file that did not build (same in every shard);
 *   output (no Test) + file-error   a test process failing outside its tests;
 *   summary         the input is complete (Elapsed, Interrupted).
 * Anything else is ignored.
 */
#include "runner/report/merge.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "filters/race_key.h"
#include "runner/report/json.h"
#include "runner/report/collect.h"
#include "runner/report/junit.h"
#include "runner/report/sarif.h"
#include "runner/suite/aggregate.h"
#include "runner/suite/flags.h"
#include "runner/suite/model.h"
#include "runner/report/output.h"
#include "runner/suite/proc.h"

static const char merge_usage[] =
    "usage: racetest merge [-junit FILE] [-sarif FILE] [-json] [-v] SHARD.json...\n"
    "\n"
    "Combines the -json (or -jsonfile) outputs of the shards of one job (racetest\n"
    "-shard K/N ...) into one result: unique races across shards, every test's\n"
    "runs and verdict, the summary and exit status, and the reports. An input cut\n"
    "short by a killed job is merged up to its last complete event.\n"
    "Exit status: 66 race, 1 test failure or incomplete input, 2 unreadable input\n"
    "or build failure, 0 success.\n"
    "\n"
    "flags:\n"
    "  -junit FILE   write the JUnit XML report of the merged result\n"
    "  -sarif FILE   write the SARIF 2.1.0 report of the merged races\n"
    "  -json         print the merged result as JSON events instead of text\n"
    "  -v            print every execution, not only the first failure of each test\n";

/* ---- a string -> index map (open addressing; keys owned) --------------- */

struct strmap {
    char **keys;
    size_t *vals;
    size_t cap, n;
};

/* Race r becomes the race of a "race" event's Race object (key given). */
static void race_from_event(struct rt_race *r, const char *key, const struct jval *race)
{
    free(r->key);
    free(r->report);
    free(r->accesses_json);
    free(r->kind);
    r->key = xstrdup(key);
    r->hash = race_key_hash(key, strlen(key));
    r->report = xstrdup(json_get_str(race, "Report", ""));
    const char *kind = json_get_str(race, "Kind", NULL);
    r->kind = kind ? xstrdup(kind) : NULL;
    struct jbuf b;
    jbuf_init(&b);
    const struct jval *acc = json_get(race, "Accesses");
    if (acc) /* Go-style keys in the events, the runtime's inside */
        json_write_value_keys(&b, acc, false);
    else
        jbuf_puts(&b, "[]");
    r->accesses_json = xstrdup(b.s);
    jbuf_free(&b);
}

static size_t *strmap_find(struct strmap *sm, const char *key, bool insert)
{
    if (insert && (sm->n + 1) * 2 > sm->cap) {
        struct strmap big = {.cap = sm->cap ? sm->cap * 2 : 64};
        big.keys = xcalloc(big.cap, sizeof *big.keys);
        big.vals = xcalloc(big.cap, sizeof *big.vals);
        for (size_t i = 0; i < sm->cap; i++)
            if (sm->keys[i]) {
                uint64_t h = race_key_hash(sm->keys[i], strlen(sm->keys[i]));
                size_t j = (size_t)h & (big.cap - 1);
                while (big.keys[j])
                    j = (j + 1) & (big.cap - 1);
                big.keys[j] = sm->keys[i];
                big.vals[j] = sm->vals[i];
            }
        big.n = sm->n;
        free(sm->keys);
        free(sm->vals);
        *sm = big;
    }
    if (!sm->cap)
        return NULL;
    size_t j = (size_t)race_key_hash(key, strlen(key)) & (sm->cap - 1);
    while (sm->keys[j]) {
        if (strcmp(sm->keys[j], key) == 0)
            return &sm->vals[j];
        j = (j + 1) & (sm->cap - 1);
    }
    if (!insert)
        return NULL;
    sm->keys[j] = xstrdup(key);
    sm->vals[j] = SIZE_MAX;
    sm->n++;
    return &sm->vals[j];
}

static void strmap_free(struct strmap *sm)
{
    for (size_t i = 0; i < sm->cap; i++)
        free(sm->keys[i]);
    free(sm->keys);
    free(sm->vals);
    memset(sm, 0, sizeof *sm);
}

/* ---- state ------------------------------------------------------------- */

struct pending {
    size_t test;
    unsigned run;
    struct jbuf out;
};

struct input {
    const char *path;
    bool complete, interrupted, torn;
    unsigned long events;
    double elapsed;
    /* pass 2 */
    size_t *race_of_id; /* input-local race Id -> global race + 1 */
    size_t nid;
    struct pending *pend;
    size_t npend;
    struct jbuf pkg_out; /* output outside any test, for the next file-error */
    unsigned long outside_counted; /* outside-test sightings taken from race events */
    bool warned_dup;
};

/* A file as first collected (pass 1), before the model exists. */
struct pre_file {
    char *rel;
    bool excluded, build_failed;
    char *reason;
    struct jbuf build_output;
    size_t build_src; /* the input its build output comes from */
    struct strv tests;
};

struct merge {
    struct input *in;
    size_t nin;
    struct pre_file *pre;
    size_t npre;
    struct strmap files, tests, races;
    struct rt_model m;
    unsigned max_run;
    struct strv race_keys; /* pass 1: keys in order; race i of the model */
    uint8_t **runs_done;   /* per test: bitset of merged run numbers */
    size_t *runs_cap;
    bool *announced;       /* per race: race_new printed */
    unsigned *outside;     /* per race: outside-test sightings so far */
    struct agg agg;
    struct test_opts o;
};

/* ---- reading ----------------------------------------------------------- */

typedef int (*event_fn)(struct merge *mg, struct input *in, const struct jval *ev, unsigned long line, char *err,
                        size_t errlen);

/* Calls fn for every event line of in. A last line without its newline that
 * is not JSON is a torn write (a killed job): ignored. Returns 0, or -1 with
 * "FILE:LINE: why" in err. */
static int read_input(struct merge *mg, struct input *in, event_fn fn, char *err, size_t errlen)
{
    FILE *f = fopen(in->path, "re");
    if (!f) {
        snprintf(err, errlen, "%s: %s", in->path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long n = 0;
    int rc = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        n++;
        bool has_nl = line[len - 1] == '\n';
        if (has_nl)
            line[--len] = '\0';
        size_t k = 0;
        while (k < (size_t)len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
            k++;
        if (k == (size_t)len)
            continue;
        struct json_doc *doc;
        char why[160];
        const struct jval *ev = json_parse(line, (size_t)len, &doc, why, sizeof why);
        if (!ev && !has_nl) {
            in->torn = true;
            break;
        }
        if (!ev || ev->type != J_OBJ || !json_get(ev, "Action")) {
            snprintf(err, errlen, "%s:%lu: not a racetest -json event (%s); was it written by racetest -json or "
                                  "-jsonfile?",
                     in->path, n, ev ? "no Action" : why);
            json_free(doc);
            rc = -1;
            break;
        }
        rc = fn(mg, in, ev, n, err, errlen);
        json_free(doc);
        if (rc != 0)
            break;
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "%s: %s", in->path, strerror(errno));
        rc = -1;
    }
    free(line);
    fclose(f);
    return rc;
}

/* ---- pass 1: what there is --------------------------------------------- */

static size_t pre_file(struct merge *mg, const char *rel)
{
    size_t *v = strmap_find(&mg->files, rel, true);
    if (*v == SIZE_MAX) {
        mg->pre = xrealloc2(mg->pre, mg->npre + 1, sizeof *mg->pre);
        struct pre_file *p = &mg->pre[mg->npre];
        memset(p, 0, sizeof *p);
        p->rel = xstrdup(rel);
        p->build_src = SIZE_MAX;
        jbuf_init(&p->build_output);
        *v = mg->npre++;
    }
    return *v;
}

/* Registers test `test` of file fi (pass 1). */
static void pre_test(struct merge *mg, size_t fi, const char *pkg, const char *test)
{
    char *tkey = xasprintf("%s\t%s", pkg, test);
    size_t *v = strmap_find(&mg->tests, tkey, true);
    if (*v == SIZE_MAX) {
        *v = 0; /* the model index is set when the model is built */
        strv_push(&mg->pre[fi].tests, test);
    }
    free(tkey);
}

static int collect(struct merge *mg, struct input *in, const struct jval *ev, unsigned long line, char *err,
                   size_t errlen)
{
    in->events++;
    const char *action = json_get_str(ev, "Action", "");
    const char *pkg = json_get_str(ev, "Package", NULL);
    const char *test = json_get_str(ev, "Test", NULL);
    size_t idx = (size_t)(in - mg->in);
    if (strcmp(action, "summary") == 0) {
        in->complete = true;
        in->elapsed = json_get_num(ev, "Elapsed", 0);
        in->interrupted = json_get_bool(ev, "Interrupted", 0);
        return 0;
    }
    if (strcmp(action, "build-output") == 0 || strcmp(action, "build-fail") == 0) {
        const char *ip = json_get_str(ev, "ImportPath", NULL);
        if (!ip)
            return 0;
        struct pre_file *p = &mg->pre[pre_file(mg, ip)];
        if (strcmp(action, "build-fail") == 0) {
            p->build_failed = true;
        } else if (p->build_src == SIZE_MAX || p->build_src == idx) {
            /* Every shard built it: keep one shard's diagnostics. */
            p->build_src = idx;
            jbuf_puts(&p->build_output, json_get_str(ev, "Output", ""));
        }
        return 0;
    }
    if (strcmp(action, "race") == 0) {
        const struct jval *race = json_get(ev, "Race");
        const char *key = json_get_str(race, "Key", NULL);
        if (!key) {
            snprintf(err, errlen, "%s:%lu: a race event without Race.Key", in->path, line);
            return -1;
        }
        size_t *v = strmap_find(&mg->races, key, true);
        if (*v == SIZE_MAX) {
            /* As the runner does (suite/aggregate.c): a race whose older
             * stack was lost ("A|?") is the known pair "A|B", whichever
             * shard saw which. */
            bool plain = !json_get_str(race, "Kind", NULL); /* other kinds have whole keys */
            size_t known = plain ? race_key_partial(key) : 0;
            for (size_t i = 0; i < mg->m.nraces && *v == SIZE_MAX; i++) {
                struct rt_race *o = &mg->m.races[i];
                size_t ok = plain && !o->kind ? race_key_partial(o->key) : 0;
                if (known && !o->kind && race_key_has_side(o->key, key, known)) {
                    *v = i;
                } else if (ok && race_key_has_side(key, o->key, ok)) {
                    race_from_event(o, key, race);
                    *v = i;
                }
            }
            if (*v == SIZE_MAX) {
                *v = mg->race_keys.n;
                strv_push(&mg->race_keys, key);
                race_from_event(model_add_race(&mg->m), key, race);
            }
        }
        if (pkg) {
            size_t fi = pre_file(mg, pkg);
            if (test)
                pre_test(mg, fi, pkg, test);
        }
        return 0;
    }
    if (!pkg)
        return 0;
    size_t fi = pre_file(mg, pkg);
    if (!test) {
        if (strcmp(action, "skip") == 0 && json_get(ev, "Reason")) {
            mg->pre[fi].excluded = true;
            if (!mg->pre[fi].reason)
                mg->pre[fi].reason = xstrdup(json_get_str(ev, "Reason", ""));
        }
        return 0;
    }
    if (strcmp(action, "run") && strcmp(action, "output") && strcmp(action, "pass") && strcmp(action, "fail") &&
        strcmp(action, "skip"))
        return 0;
    pre_test(mg, fi, pkg, test);
    double run = json_get_num(ev, "Run", 0);
    if (run > mg->max_run && run < 4e9)
        mg->max_run = (unsigned)run;
    return 0;
}

static int cmp_pre(const void *a, const void *b)
{
    return strcmp(((const struct pre_file *)a)->rel, ((const struct pre_file *)b)->rel);
}

static void build_model(struct merge *mg)
{
    struct rt_model *m = &mg->m;
    /* Files in path order: the same result whatever order the shards come in. */
    if (mg->npre > 1) /* qsort's array must not be NULL, even when empty */
        qsort(mg->pre, mg->npre, sizeof *mg->pre, cmp_pre);
    for (size_t i = 0; i < mg->npre; i++) {
        struct pre_file *p = &mg->pre[i];
        *strmap_find(&mg->files, p->rel, true) = i;
        struct rt_file *f = model_add_file(m);
        f->rel = xstrdup(p->rel);
        f->excluded = p->excluded;
        f->reason = p->reason ? xstrdup(p->reason) : NULL;
        f->build_failed = p->build_failed;
        f->build_output = p->build_failed ? xstrdup(p->build_output.s) : NULL;
        f->is_cmocka = true;
        f->first_test = m->ntests;
        f->ntests = p->tests.n;
        for (size_t k = 0; k < p->tests.n; k++) {
            char *tkey = xasprintf("%s\t%s", p->rel, p->tests.v[k]);
            *strmap_find(&mg->tests, tkey, true) = m->ntests;
            free(tkey);
            model_add_test(m, i, "", p->tests.v[k]);
        }
    }
    mg->runs_done = xcalloc(m->ntests, sizeof *mg->runs_done);
    mg->runs_cap = xcalloc(m->ntests, sizeof *mg->runs_cap);
    mg->announced = xcalloc(m->nraces, sizeof *mg->announced);
    mg->outside = xcalloc(m->nraces, sizeof *mg->outside);
}

/* ---- pass 2: replay ---------------------------------------------------- */

static size_t test_of(struct merge *mg, const char *pkg, const char *test)
{
    char *tkey = xasprintf("%s\t%s", pkg, test);
    size_t *v = strmap_find(&mg->tests, tkey, false);
    free(tkey);
    return v ? *v : SIZE_MAX;
}

static struct pending *pending_of(struct input *in, size_t test, unsigned run, bool create)
{
    for (size_t i = 0; i < in->npend; i++)
        if (in->pend[i].test == test && in->pend[i].run == run)
            return &in->pend[i];
    if (!create)
        return NULL;
    in->pend = xrealloc2(in->pend, in->npend + 1, sizeof *in->pend);
    struct pending *p = &in->pend[in->npend++];
    p->test = test;
    p->run = run;
    jbuf_init(&p->out);
    return p;
}

static void pending_drop(struct input *in, struct pending *p)
{
    jbuf_free(&p->out);
    *p = in->pend[--in->npend];
}

/* Marks run of test merged; false when an earlier input already had it. */
static bool claim_run(struct merge *mg, size_t test, unsigned run)
{
    if (run >= mg->runs_cap[test]) {
        size_t cap = mg->runs_cap[test] ? mg->runs_cap[test] : 64;
        while (cap <= run)
            cap *= 2;
        mg->runs_done[test] = xrealloc2(mg->runs_done[test], cap / 8, 1);
        memset(mg->runs_done[test] + mg->runs_cap[test] / 8, 0, (cap - mg->runs_cap[test]) / 8);
        mg->runs_cap[test] = cap;
    }
    uint8_t bit = (uint8_t)(1u << (run % 8));
    if (mg->runs_done[test][run / 8] & bit)
        return false;
    mg->runs_done[test][run / 8] |= bit;
    return true;
}

/* Removes from the end of text the lines of `what` as the JSON renderer
 * printed them (each prefixed with prefix). */
static void cut_suffix(struct jbuf *text, const char *what, const char *prefix)
{
    struct jbuf want;
    jbuf_init(&want);
    for (const char *p = what; *p;) {
        size_t n = strcspn(p, "\n");
        jbuf_puts(&want, prefix);
        jbuf_putn(&want, p, n);
        jbuf_puts(&want, "\n");
        p += n + (p[n] == '\n');
    }
    if (want.len <= text->len && memcmp(text->s + text->len - want.len, want.s, want.len) == 0) {
        text->len -= want.len;
        text->s[text->len] = '\0';
    }
    jbuf_free(&want);
}

static size_t race_of(struct input *in, double id)
{
    size_t i = id >= 1 && id < 1e9 ? (size_t)id : 0;
    return i && i < in->nid && in->race_of_id[i] ? in->race_of_id[i] - 1 : SIZE_MAX;
}

static void result(struct merge *mg, struct input *in, const struct jval *ev, size_t test, unsigned run,
                   const char *action, unsigned long line)
{
    struct pending *p = pending_of(in, test, run, true);
    if (!claim_run(mg, test, run)) {
        if (!in->warned_dup)
            fprintf(stderr,
                    "racetest merge: %s:%lu: run %u of %s was merged from an earlier input already; counting it "
                    "once (and likewise for the other repeated runs of this input)\n",
                    in->path, line, run, mg->m.tests[test].id);
        in->warned_dup = true;
        pending_drop(in, p);
        return;
    }
    const char *reason = json_get_str(ev, "Reason", "");
    struct exec_result r = {.test = test, .run = run};
    if (strcmp(action, "pass") == 0)
        r.status = EX_PASS;
    else if (strcmp(action, "skip") == 0)
        r.status = EX_SKIP;
    else if (strcmp(reason, "crash") == 0)
        r.status = EX_CRASH;
    else if (strcmp(reason, "timeout") == 0)
        r.status = EX_TIMEOUT;
    else if (strcmp(reason, "interrupted") == 0)
        r.status = EX_INTERRUPTED;
    else
        r.status = EX_FAIL;
    r.elapsed = json_get_num(ev, "Elapsed", 0);
    r.races = (unsigned long)json_get_uint(ev, "Races", ULONG_MAX, 0);
    r.detail = json_get_str(ev, "Detail", NULL);
    r.phase = json_get_str(ev, "Phase", NULL);
    /* The schedule seed of a failed or racy run, for its rerun command. */
    r.seed = strtoull(json_get_str(ev, "Seed", "0"), NULL, 16);
    mg->agg.cur_seed = r.seed;
    if (r.detail)
        cut_suffix(&p->out, r.detail, "    ");
    const struct jval *ids = json_get(ev, "RaceIds");
    size_t file = mg->m.tests[test].file;
    for (size_t k = 0; ids && ids->type == J_ARR && k < ids->n; k++) {
        size_t g = ids->items[k]->type == J_NUM ? race_of(in, ids->items[k]->num) : SIZE_MAX;
        if (g == SIZE_MAX)
            continue;
        agg_race_seen(&mg->agg, g, test, file, run, !mg->announced[g]);
        mg->announced[g] = true;
    }
    agg_exec_result(&mg->agg, &r, p->out.s, p->out.len);
    pending_drop(in, p);
}

static int replay(struct merge *mg, struct input *in, const struct jval *ev, unsigned long line, char *err,
                  size_t errlen)
{
    (void)err, (void)errlen;
    const char *action = json_get_str(ev, "Action", "");
    const char *pkg = json_get_str(ev, "Package", NULL);
    const char *test = json_get_str(ev, "Test", NULL);
    if (strcmp(action, "race") == 0) {
        const struct jval *race = json_get(ev, "Race");
        size_t g = *strmap_find(&mg->races, json_get_str(race, "Key", ""), false);
        double id = json_get_num(race, "Id", 0);
        size_t i = id >= 1 && id < 1e9 ? (size_t)id : 0;
        if (i) {
            if (i >= in->nid) {
                size_t n = i + 16;
                in->race_of_id = xrealloc2(in->race_of_id, n, sizeof *in->race_of_id);
                memset(in->race_of_id + in->nid, 0, (n - in->nid) * sizeof *in->race_of_id);
                in->nid = n;
            }
            in->race_of_id[i] = g + 1;
        }
        if (!test && pkg) {
            /* Seen outside any test: one test process. */
            size_t *fv = strmap_find(&mg->files, pkg, false);
            if (fv) {
                agg_race_seen(&mg->agg, g, SIZE_MAX, *fv, ++mg->outside[g], !mg->announced[g]);
                mg->announced[g] = true;
                in->outside_counted++;
            }
        }
        return 0;
    }
    if (strcmp(action, "race-summary") == 0) {
        const struct jval *race = json_get(ev, "Race");
        size_t g = race_of(in, json_get_num(race, "Id", 0));
        const struct jval *seen = json_get(race, "Seen");
        for (size_t k = 0; g != SIZE_MAX && seen && seen->type == J_ARR && k < seen->n; k++) {
            const struct jval *s = seen->items[k];
            const char *sp = json_get_str(s, "Package", NULL);
            size_t *fv = sp ? strmap_find(&mg->files, sp, false) : NULL;
            if (!fv || json_get(s, "Test"))
                continue;
            /* A process runs at least one execution, so there are no more
             * processes than executions: a larger count is not racetest's
             * (and would be looped over). */
            size_t ntests = mg->m.files[*fv].ntests;
            unsigned long more = (unsigned long)json_get_uint(
                s, "Processes", (unsigned long long)mg->o.count * (ntests ? ntests : 1), 0);
            if (more < 1)
                continue;
            more = more > in->outside_counted ? more - in->outside_counted : 0;
            in->outside_counted = 0;
            while (more--) {
                agg_race_seen(&mg->agg, g, SIZE_MAX, *fv, ++mg->outside[g], !mg->announced[g]);
                mg->announced[g] = true;
            }
        }
        return 0;
    }
    if (!pkg)
        return 0;
    if (!test) {
        if (strcmp(action, "output") == 0) {
            if (!test_output_is_framing(pkg, NULL, json_get_str(ev, "Output", "")))
                jbuf_puts(&in->pkg_out, json_get_str(ev, "Output", ""));
        } else if (strcmp(action, "file-error") == 0) {
            const char *msg = json_get_str(ev, "Output", "");
            cut_suffix(&in->pkg_out, msg, "");
            size_t *fv = strmap_find(&mg->files, pkg, false);
            if (fv)
                agg_file_error(&mg->agg, *fv, msg, in->pkg_out.s);
            jbuf_reset(&in->pkg_out);
        }
        return 0;
    }
    size_t t = test_of(mg, pkg, test);
    if (t == SIZE_MAX)
        return 0;
    double runnum = json_get_num(ev, "Run", 0);
    unsigned run = runnum > 0 && runnum < 4e9 ? (unsigned)runnum : 0;
    if (strcmp(action, "run") == 0) {
        bool dup = run < mg->runs_cap[t] && (mg->runs_done[t][run / 8] & (1u << (run % 8)));
        if (!dup)
            agg_exec_started(&mg->agg, t, run);
    } else if (strcmp(action, "output") == 0) {
        if (!test_output_is_framing(pkg, test, json_get_str(ev, "Output", "")))
            jbuf_puts(&pending_of(in, t, run, true)->out, json_get_str(ev, "Output", ""));
    } else if (strcmp(action, "pass") == 0 || strcmp(action, "fail") == 0 || strcmp(action, "skip") == 0) {
        result(mg, in, ev, t, run, action, line);
    }
    return 0;
}

/* ---- the command ------------------------------------------------------- */

static int merge_usage_error(const char *msg)
{
    fprintf(stderr, "racetest merge: %s\nrun 'racetest merge -h' for the flags\n", msg);
    return 2;
}

int cmd_merge(int argc, char **argv)
{
    const char *junit = NULL, *sarif = NULL;
    bool json = false, verbose = false;
    const char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0;
    bool flags_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (flags_done || a[0] != '-' || a[1] == '\0') {
            paths[npaths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            flags_done = true;
            continue;
        }
        const char *name = a + 1 + (a[1] == '-');
        const char *eq = strchr(name, '=');
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        const char **target = NULL;
        bool *flag = NULL;
        if (nlen == 5 && strncmp(name, "junit", 5) == 0)
            target = &junit;
        else if (nlen == 5 && strncmp(name, "sarif", 5) == 0)
            target = &sarif;
        else if (nlen == 4 && strncmp(name, "json", 4) == 0)
            flag = &json;
        else if (nlen == 1 && name[0] == 'v')
            flag = &verbose;
        else if ((nlen == 1 && name[0] == 'h') || (nlen == 4 && strncmp(name, "help", 4) == 0)) {
            fputs(merge_usage, stdout);
            free(paths);
            return 0;
        } else {
            char msg[256];
            snprintf(msg, sizeof msg, "flag provided but not defined: -%.*s", (int)nlen, name);
            free(paths);
            return merge_usage_error(msg);
        }
        if (flag) {
            *flag = !eq || strcmp(eq + 1, "true") == 0 || strcmp(eq + 1, "1") == 0;
        } else if (eq) {
            *target = eq + 1;
        } else if (i + 1 < argc) {
            *target = argv[++i];
        } else {
            char msg[64];
            snprintf(msg, sizeof msg, "flag needs an argument: -%.*s", (int)nlen, name);
            free(paths);
            return merge_usage_error(msg);
        }
    }
    if (npaths == 0) {
        free(paths);
        return merge_usage_error("no input: give the -json outputs of the shards");
    }
    char err[PATH_MAX + 512];
    if ((junit && report_check_path("-junit", junit, err, sizeof err) != 0) ||
        (sarif && report_check_path("-sarif", sarif, err, sizeof err) != 0)) {
        free(paths);
        return merge_usage_error(err);
    }

    struct merge mg;
    memset(&mg, 0, sizeof mg);
    mg.nin = npaths;
    mg.in = xcalloc(npaths, sizeof *mg.in);
    for (size_t i = 0; i < npaths; i++) {
        mg.in[i].path = paths[i];
        jbuf_init(&mg.in[i].pkg_out);
    }
    int status = 2;
    for (size_t i = 0; i < mg.nin; i++)
        if (read_input(&mg, &mg.in[i], collect, err, sizeof err) != 0) {
            fprintf(stderr, "racetest merge: %s\n", err);
            goto out;
        }
    build_model(&mg);

    test_opts_init(&mg.o);
    mg.o.verbose = verbose;
    mg.o.junit = junit;
    mg.o.sarif = sarif;
    mg.o.count = mg.max_run > 1 ? mg.max_run : 1;
    mg.o.json = true; /* the collector sees every execution */
    report_collect_init(json ? &test_output_json : &test_output_text, NULL);
    const struct test_output *out = &report_collect_output;
    agg_init(&mg.agg, &mg.m, &mg.o, out);
    for (size_t i = 0; i < mg.m.nfiles; i++) {
        if (mg.m.files[i].excluded)
            out->file_skipped(&mg.o, &mg.m.files[i]);
        if (mg.m.files[i].build_failed)
            out->build_failed(&mg.o, &mg.m.files[i]);
    }
    for (size_t i = 0; i < mg.nin; i++)
        if (read_input(&mg, &mg.in[i], replay, err, sizeof err) != 0) {
            fprintf(stderr, "racetest merge: %s\n", err); /* changed under our feet */
            goto out;
        }

    bool interrupted = false;
    double seconds = 0;
    for (size_t i = 0; i < mg.nin; i++) {
        struct input *in = &mg.in[i];
        if (in->elapsed > seconds)
            seconds = in->elapsed;
        if (in->torn)
            fprintf(stderr, "racetest merge: %s: the last line is cut off (the job was killed while writing it); "
                            "ignored\n",
                    in->path);
        if (!in->complete) {
            fprintf(stderr,
                    "racetest merge: %s: incomplete: no summary event (the job stopped before its end); merged its "
                    "%lu complete events\n",
                    in->path, in->events);
            interrupted = true;
        } else if (in->interrupted) {
            fprintf(stderr, "racetest merge: %s: that shard was interrupted\n", in->path);
            interrupted = true;
        }
    }
    fflush(stderr);
    /* The summary's time: the longest shard (they ran side by side). */
    mg.agg.start_ms = test_proc_now_ms() - (long long)(seconds * 1000.0);
    status = agg_finish(&mg.agg, interrupted);

    char timestamp[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(timestamp, sizeof timestamp, "%Y-%m-%dT%H:%M:%S", localtime_r(&now, &tm));
    struct junit_info ji = {.timestamp = timestamp, .seconds = seconds, .opts = &mg.o};
    bool write_failed = false;
    if (junit && junit_write(junit, &mg.m, &ji, err, sizeof err) != 0) {
        fprintf(stderr, "racetest merge: -junit %s\n", err);
        write_failed = true;
    }
    char cwd[PATH_MAX];
    if (sarif && (!getcwd(cwd, sizeof cwd) || sarif_write(sarif, &mg.m, &mg.o, cwd, err, sizeof err) != 0)) {
        fprintf(stderr, "racetest merge: -sarif %s\n", err);
        write_failed = true;
    }
    if (write_failed && status == 0)
        status = 2;

out:
    for (size_t i = 0; i < mg.nin; i++) {
        struct input *in = &mg.in[i];
        while (in->npend)
            pending_drop(in, &in->pend[0]);
        free(in->pend);
        free(in->race_of_id);
        jbuf_free(&in->pkg_out);
    }
    for (size_t i = 0; i < mg.npre; i++) {
        free(mg.pre[i].rel);
        free(mg.pre[i].reason);
        jbuf_free(&mg.pre[i].build_output);
        strv_free(&mg.pre[i].tests);
    }
    for (size_t i = 0; i < mg.m.ntests && mg.runs_done; i++)
        free(mg.runs_done[i]);
    free(mg.runs_done);
    free(mg.runs_cap);
    free(mg.announced);
    free(mg.outside);
    free(mg.pre);
    free(mg.in);
    strv_free(&mg.race_keys);
    strmap_free(&mg.files);
    strmap_free(&mg.tests);
    strmap_free(&mg.races);
    report_collect_free();
    model_free(&mg.m);
    free(paths);
    return status;
}
