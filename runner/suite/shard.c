/*
 * suite/shard.c — see suite/shard.h.
 */
#include "runner/suite/shard.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* A whole decimal number in [0, UINT_MAX], nothing else (no sign, blanks). */
static bool parse_uint(const char *s, size_t len, unsigned *out)
{
    if (len == 0 || len > 10)
        return false;
    unsigned long long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v > UINT_MAX)
        return false;
    *out = (unsigned)v;
    return true;
}

static bool parse_str_uint(const char *s, unsigned *out)
{
    return parse_uint(s, strlen(s), out);
}

/* An index/total pair from two environment variables (0-based index). */
static int from_env(const char *(*env)(const char *), const char *total_var, const char *index_var,
                    const char *status_var, struct shard *out, char *err, size_t errlen)
{
    const char *tv = env(total_var), *iv = env(index_var);
    unsigned total, index;
    if (!parse_str_uint(tv, &total) || total == 0)
        return fail(err, errlen, "%s=%s: want a number of shards (at least 1)", total_var, tv);
    if (!iv)
        return fail(err, errlen, "%s=%s is set but %s is not", total_var, tv, index_var);
    if (!parse_str_uint(iv, &index) || index >= total)
        return fail(err, errlen, "%s=%s: want a shard index from 0 to %u (%s=%s)", index_var, iv, total - 1,
                    total_var, tv);
    out->total = total;
    out->index = index;
    out->source = total_var;
    out->status_file = env(status_var);
    if (out->status_file && !*out->status_file)
        out->status_file = NULL;
    return 0;
}

/* One Slurm array variable, which must be a whole number. */
static int slurm_var(const char *(*env)(const char *), const char *name, unsigned *out, char *err, size_t errlen)
{
    const char *v = env(name);
    if (!v)
        return fail(err, errlen, "-shards: SLURM_ARRAY_TASK_ID is set but %s is not (sbatch --array sets both)",
                    name);
    if (!parse_str_uint(v, out))
        return fail(err, errlen, "%s=%s: want a whole number", name, v);
    return 0;
}

/* -shards N in a Slurm job array (sbatch --array=MIN-MAX[:STEP]): the tasks
 * are MIN, MIN+STEP, ..., so the shard is (ID - MIN) / STEP, and the array
 * must have exactly N tasks, or some shards would never run (or run twice). */
static int from_slurm(const char *(*env)(const char *), unsigned n, struct shard *out, char *err, size_t errlen)
{
    unsigned id, min, count, step = 1;
    if (slurm_var(env, "SLURM_ARRAY_TASK_ID", &id, err, errlen) ||
        slurm_var(env, "SLURM_ARRAY_TASK_MIN", &min, err, errlen) ||
        slurm_var(env, "SLURM_ARRAY_TASK_COUNT", &count, err, errlen))
        return -1;
    if (env("SLURM_ARRAY_TASK_STEP") && slurm_var(env, "SLURM_ARRAY_TASK_STEP", &step, err, errlen))
        return -1;
    if (step == 0)
        return fail(err, errlen, "SLURM_ARRAY_TASK_STEP=0: want a step of at least 1");
    if (count != n)
        return fail(err, errlen, "-shards %u but SLURM_ARRAY_TASK_COUNT=%u: the job array must have one task per "
                                 "shard (sbatch --array=0-%u)",
                    n, count, n - 1);
    if (id < min || (id - min) % step != 0 || (id - min) / step >= n)
        return fail(err, errlen, "SLURM_ARRAY_TASK_ID=%u is not one of the %u tasks from SLURM_ARRAY_TASK_MIN=%u "
                                 "in steps of %u",
                    id, n, min, step);
    out->index = (id - min) / step;
    out->total = n;
    out->source = "SLURM_ARRAY_TASK_ID";
    return 0;
}

int shard_resolve(const char *flag_shard, unsigned flag_shards, const char *flag_by,
                  const char *(*env)(const char *name), struct shard *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->total = 1;
    out->by = SHARD_BY_TEST;
    if (flag_by) {
        if (strcmp(flag_by, "run") == 0)
            out->by = SHARD_BY_RUN;
        else if (strcmp(flag_by, "test") != 0)
            return fail(err, errlen, "invalid value \"%s\" for flag -shard-by: want test or run", flag_by);
    }
    /* bazel test --runs_per_test: which of the runs this is (1-based). */
    const char *seed = env("TEST_RANDOM_SEED");
    if (seed && (!parse_str_uint(seed, &out->repeat) || out->repeat == 0))
        return fail(err, errlen, "TEST_RANDOM_SEED=%s: want Bazel's run number (1, 2, ...)", seed);
    if (flag_shard && flag_shards)
        return fail(err, errlen, "-shard K/N and -shards N cannot be used together (-shards takes the index "
                                 "from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)");
    if (flag_shard) {
        const char *slash = strchr(flag_shard, '/');
        unsigned k, n;
        if (!slash || !parse_uint(flag_shard, (size_t)(slash - flag_shard), &k) || !parse_str_uint(slash + 1, &n))
            return fail(err, errlen, "invalid value \"%s\" for flag -shard: want K/N, e.g. 2/5", flag_shard);
        if (n == 0 || k == 0 || k > n)
            return fail(err, errlen, "invalid value \"%s\" for flag -shard: K must be from 1 to N", flag_shard);
        out->index = k - 1;
        out->total = n;
        out->source = "-shard";
        return 0;
    }
    if (flag_shards) {
        bool k8s = env("JOB_COMPLETION_INDEX") != NULL, slurm = env("SLURM_ARRAY_TASK_ID") != NULL;
        if (k8s && slurm)
            return fail(err, errlen, "-shards %u: both JOB_COMPLETION_INDEX and SLURM_ARRAY_TASK_ID are set; "
                                     "unset the one that does not belong to this job",
                        flag_shards);
        if (slurm)
            return from_slurm(env, flag_shards, out, err, errlen);
        const char *iv = env("JOB_COMPLETION_INDEX");
        unsigned index;
        if (!iv)
            return fail(err, errlen, "-shards %u: neither JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) nor "
                                     "SLURM_ARRAY_TASK_ID (a Slurm job array) is set; elsewhere use -shard K/N",
                        flag_shards);
        if (!parse_str_uint(iv, &index) || index >= flag_shards)
            return fail(err, errlen, "JOB_COMPLETION_INDEX=%s: want an index from 0 to %u (-shards %u)", iv,
                        flag_shards - 1, flag_shards);
        out->index = index;
        out->total = flag_shards;
        out->source = "JOB_COMPLETION_INDEX";
        return 0;
    }
    if (env("TEST_TOTAL_SHARDS"))
        return from_env(env, "TEST_TOTAL_SHARDS", "TEST_SHARD_INDEX", "TEST_SHARD_STATUS_FILE", out, err, errlen);
    if (env("GTEST_TOTAL_SHARDS"))
        return from_env(env, "GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX", "GTEST_SHARD_STATUS_FILE", out, err,
                        errlen);
    return 0;
}

static int cmp_id(const void *a, const void *b)
{
    const struct rt_test *x = *(const struct rt_test *const *)a, *y = *(const struct rt_test *const *)b;
    return strcmp(x->id, y->id);
}

size_t shard_select_tests(const struct shard *s, struct rt_model *m)
{
    size_t n = 0;
    struct rt_test **sel = xcalloc(m->ntests, sizeof *sel);
    for (size_t i = 0; i < m->ntests; i++)
        if (m->tests[i].selected)
            sel[n++] = &m->tests[i];
    if (s->total > 1 && s->by == SHARD_BY_TEST) {
        qsort(sel, n, sizeof *sel, cmp_id);
        size_t kept = 0;
        for (size_t r = 0; r < n; r++) {
            if (r % s->total == s->index)
                kept++;
            else
                sel[r]->selected = false;
        }
        n = kept;
    }
    free(sel);
    return n;
}

bool shard_next_runs(const struct shard *s, unsigned count, unsigned *cursor, unsigned want, unsigned *first,
                     unsigned *n)
{
    unsigned long long c = *cursor ? *cursor : 1; /* run numbers start at 1 */
    unsigned long long lo = 1, hi;                /* this shard's block containing or after c: [lo, hi] */
    if (want == 0)
        want = 1;
    if (s->total <= 1 || s->by != SHARD_BY_RUN) {
        hi = count == SHARD_COUNT_UNLIMITED ? UINT_MAX - 1 : count;
    } else if (count != SHARD_COUNT_UNLIMITED) {
        unsigned long long b = ((unsigned long long)count + s->total - 1) / s->total;
        lo = b * s->index + 1;
        hi = b * (s->index + 1);
        if (hi > count)
            hi = count;
    } else {
        /* Blocks j = 0, 1, ... of SHARD_RUN_BLOCK runs; ours: j mod total == index. */
        unsigned long long j = (c - 1) / SHARD_RUN_BLOCK;
        unsigned long long rem = j % s->total;
        if (rem != s->index)
            j += (s->index + s->total - rem) % s->total;
        lo = j * SHARD_RUN_BLOCK + 1;
        hi = lo + SHARD_RUN_BLOCK - 1;
        if (hi > UINT_MAX - 1) /* the cursor must stay representable past it */
            return false;
    }
    if (hi > UINT_MAX - 1) /* -count 4294967295: the cursor must stay representable */
        hi = UINT_MAX - 1;
    if (c < lo)
        c = lo;
    if (c > hi)
        return false;
    unsigned long long end = c + want - 1;
    if (end > hi)
        end = hi;
    *first = (unsigned)c;
    *n = (unsigned)(end - c + 1);
    *cursor = (unsigned)(end + 1); /* hi < UINT_MAX */
    return true;
}

void shard_describe(const struct shard *s, char *buf, size_t len)
{
    snprintf(buf, len, "shard %u of %u (by %s)", s->index + 1, s->total, s->by == SHARD_BY_RUN ? "run" : "test");
}
