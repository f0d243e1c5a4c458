/*
 * suite/batches.c — see suite/batches.h.
 */
#include "runner/suite/batches.h"

#include <stdlib.h>

#include "runner/suite/proc.h"

#define MAX_BATCH (1u << 20)

unsigned run_batches_test_runs(unsigned prev, double pace_ms, double share_ms)
{
    if (prev == 0 || pace_ms <= 0)
        return 1;
    double fit = share_ms / pace_ms;
    double grow = 4.0 * prev;
    if (fit > grow)
        fit = grow;
    if (fit < 1)
        fit = 1;
    if (fit > MAX_BATCH)
        fit = MAX_BATCH;
    return (unsigned)fit;
}

/* -duration: each test's runs for the next batch. The batch should take
 * about an eighth of the time left, or as long as the slowest single run
 * if that is longer (that run sets the batch's length anyway); the workers'
 * time in it is shared equally among the tests still running, and each
 * test gets as many runs as fit its share at its own pace (ms per run so
 * far), at least one. */
static void size_next(const struct rt_model *m, unsigned parallel, long long left_ms, unsigned *runs)
{
    double slowest = 0;
    unsigned active = 0;
    for (size_t i = 0; i < m->ntests; i++) {
        const struct rt_test *t = &m->tests[i];
        if (!t->selected || runs[i] == 0)
            continue;
        active++;
        double pace = t->done ? t->elapsed * 1000.0 / t->done : 0;
        if (pace > slowest)
            slowest = pace;
    }
    if (active == 0)
        return;
    double batch_ms = left_ms / 8.0 > slowest ? left_ms / 8.0 : slowest;
    double share = batch_ms * (parallel ? parallel : 1) / active;
    for (size_t i = 0; i < m->ntests; i++) {
        const struct rt_test *t = &m->tests[i];
        if (t->selected && runs[i] > 0)
            runs[i] = run_batches_test_runs(runs[i], t->done ? t->elapsed * 1000.0 / t->done : 0, share);
    }
}

bool run_batches(struct sup_cfg *sc, const struct shard *shard, unsigned count, int64_t duration_ns,
                 struct batch_result *res)
{
    struct rt_model *m = sc->m;
    res->batches = 0;
    res->budget_spent = false;
    long long deadline = 0;
    /* Tests taken out of later batches after a timeout; put back at the end
     * so that they are counted in the summary. */
    bool *parked = xcalloc(m->ntests, sizeof *parked);
    /* Without -duration: one batch of the shard's runs (cursor 0). With it:
     * per test, the next run number, the runs wanted next (0: none left)
     * and those of this batch. */
    unsigned *cursor = xcalloc(m->ntests, sizeof *cursor);
    unsigned *want = xcalloc(m->ntests, sizeof *want);
    unsigned *first = xcalloc(m->ntests, sizeof *first);
    unsigned *n = xcalloc(m->ntests, sizeof *n);
    for (size_t i = 0; i < m->ntests; i++)
        cursor[i] = want[i] = 1;
    bool completed = true;
    uint64_t shuffle_seed = sc->shuffle_seed;
    for (;;) {
        bool any = false;
        if (duration_ns > 0) {
            for (size_t i = 0; i < m->ntests; i++) {
                n[i] = 0;
                if (m->tests[i].selected && want[i] &&
                    !shard_next_runs(shard, count, &cursor[i], want[i], &first[i], &n[i]))
                    want[i] = 0;
                any |= n[i] > 0;
            }
            sc->test_first = first;
            sc->test_count = n;
        } else {
            any = shard_next_runs(shard, count, &cursor[0], ~0u, &sc->first_run, &sc->count);
        }
        if (!any)
            break;
        long long start = test_proc_now_ms();
        if (duration_ns > 0 && res->batches == 0)
            deadline = start + (long long)((duration_ns + 999999) / 1000000);
        sc->deadline_ms = res->batches == 0 ? 0 : deadline; /* the first batch runs whole */
        sc->shuffle_seed = shuffle_seed + res->batches;     /* another order every batch */
        unsigned long before = sc->agg->runs_done;
        res->batches++;
        if (!test_supervise(sc)) {
            completed = false;
            break;
        }
        long long now = test_proc_now_ms();
        if (sc->agg->runs_done == before)
            break;
        if (sc->o->failfast && sc->agg->failure_seen)
            break;
        if (deadline > 0 && now >= deadline) {
            res->budget_spent = true;
            break;
        }
        for (size_t i = 0; i < m->ntests; i++)
            if (m->tests[i].selected && m->tests[i].timed_out > 0) {
                m->tests[i].selected = false;
                parked[i] = true;
            }
        if (duration_ns > 0) {
            for (size_t i = 0; i < m->ntests; i++)
                if (want[i])
                    want[i] = n[i] ? n[i] : 1;
            size_next(m, sc->parallel, deadline - now, want);
        }
    }
    for (size_t i = 0; i < m->ntests; i++)
        if (parked[i])
            m->tests[i].selected = true;
    free(parked);
    free(cursor);
    free(want);
    free(first);
    free(n);
    sc->test_first = sc->test_count = NULL;
    sc->shuffle_seed = shuffle_seed;
    return completed;
}
