/*
 * suite/batches.c — see suite/batches.h.
 */
#include "runner/suite/batches.h"

#include <stdlib.h>

#include "runner/suite/proc.h"

#define MAX_BATCH (1u << 20)

unsigned run_batches_next_size(unsigned b, long long elapsed_ms, long long left_ms)
{
    if (b == 0)
        b = 1;
    if (left_ms <= 0)
        return b;
    if (elapsed_ms < 1)
        elapsed_ms = 1;
    /* Runs per test that fit in an eighth of what is left, at this pace. */
    unsigned long long fit = (unsigned long long)b * (unsigned long long)(left_ms / 8) / (unsigned long long)elapsed_ms;
    unsigned long long grow = 4ULL * b;
    if (fit > grow)
        fit = grow;
    if (fit < 1)
        fit = 1;
    if (fit > MAX_BATCH)
        fit = MAX_BATCH;
    return (unsigned)fit;
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
    unsigned cursor = 1, b = 1;
    bool completed = true;
    uint64_t shuffle_seed = sc->shuffle_seed;
    for (;;) {
        unsigned first, n;
        unsigned want = duration_ns > 0 ? b : ~0u;
        if (!shard_next_runs(shard, count, &cursor, want, &first, &n))
            break;
        long long start = test_proc_now_ms();
        if (duration_ns > 0 && res->batches == 0)
            deadline = start + (long long)((duration_ns + 999999) / 1000000);
        sc->first_run = first;
        sc->count = n;
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
        if (duration_ns > 0)
            b = run_batches_next_size(n, now - start, deadline - now);
    }
    for (size_t i = 0; i < m->ntests; i++)
        if (parked[i])
            m->tests[i].selected = true;
    free(parked);
    sc->shuffle_seed = shuffle_seed;
    return completed;
}
