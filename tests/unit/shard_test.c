/* Unit tests of runner/suite/shard.c: where the shard comes from (flags, Bazel,
 * GoogleTest, Kubernetes, Slurm), which tests it keeps, which run numbers it runs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "runner/suite/shard.h"

/* A fake environment: "NAME=VALUE" pairs. */
static const char *const *fake_env;
static const char *getenv_fake(const char *name)
{
    size_t n = strlen(name);
    for (const char *const *e = fake_env; e && *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}

static int resolve(const char *flag, unsigned shards, const char *by, const char *const *env, struct shard *s,
                   char *err)
{
    fake_env = env;
    return shard_resolve(flag, shards, by, getenv_fake, s, err, 256);
}

static void test_flag_k_of_n(void **state)
{
    (void)state;
    struct shard s;
    char err[256];
    assert_int_equal(resolve("2/3", 0, NULL, NULL, &s, err), 0);
    assert_int_equal(s.index, 1);
    assert_int_equal(s.total, 3);
    assert_int_equal(s.by, SHARD_BY_TEST);
    assert_int_equal(resolve("1/1", 0, "run", NULL, &s, err), 0);
    assert_int_equal(s.total, 1);
    assert_int_equal(s.by, SHARD_BY_RUN);
    /* The flag wins over the environment. */
    const char *const bazel[] = {"TEST_TOTAL_SHARDS=4", "TEST_SHARD_INDEX=3", NULL};
    assert_int_equal(resolve("1/2", 0, NULL, bazel, &s, err), 0);
    assert_int_equal(s.total, 2);
    assert_int_equal(s.index, 0);
}

static void test_flag_errors(void **state)
{
    (void)state;
    struct shard s;
    char err[256];
    const char *bad[] = {"0/3", "4/3", "3", "a/b", "1/0", "/3", "1/", "-1/3", "1/3x", " 1/3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(resolve(bad[i], 0, NULL, NULL, &s, err), -1);
        assert_non_null(strstr(err, "-shard"));
    }
    assert_int_equal(resolve(NULL, 0, "file", NULL, &s, err), -1);
    assert_non_null(strstr(err, "-shard-by"));
    assert_int_equal(resolve("1/2", 2, NULL, NULL, &s, err), -1);
}

static void test_bazel_and_gtest(void **state)
{
    (void)state;
    struct shard s;
    char err[256];
    const char *const bazel[] = {"TEST_TOTAL_SHARDS=4", "TEST_SHARD_INDEX=0", "TEST_SHARD_STATUS_FILE=/tmp/x",
                                 "GTEST_TOTAL_SHARDS=9", "GTEST_SHARD_INDEX=8", NULL};
    assert_int_equal(resolve(NULL, 0, NULL, bazel, &s, err), 0);
    assert_int_equal(s.index, 0);
    assert_int_equal(s.total, 4);
    assert_string_equal(s.status_file, "/tmp/x");
    assert_string_equal(s.source, "TEST_TOTAL_SHARDS");

    const char *const gtest[] = {"GTEST_TOTAL_SHARDS=9", "GTEST_SHARD_INDEX=8", NULL};
    assert_int_equal(resolve(NULL, 0, NULL, gtest, &s, err), 0);
    assert_int_equal(s.index, 8);
    assert_int_equal(s.total, 9);
    assert_null(s.status_file);

    const char *const bad_index[] = {"TEST_TOTAL_SHARDS=4", "TEST_SHARD_INDEX=4", NULL};
    assert_int_equal(resolve(NULL, 0, NULL, bad_index, &s, err), -1);
    assert_non_null(strstr(err, "TEST_SHARD_INDEX=4"));
    const char *const no_index[] = {"TEST_TOTAL_SHARDS=4", NULL};
    assert_int_equal(resolve(NULL, 0, NULL, no_index, &s, err), -1);
    assert_non_null(strstr(err, "TEST_SHARD_INDEX"));
    const char *const bad_total[] = {"TEST_TOTAL_SHARDS=zero", "TEST_SHARD_INDEX=0", NULL};
    assert_int_equal(resolve(NULL, 0, NULL, bad_total, &s, err), -1);
    assert_non_null(strstr(err, "TEST_TOTAL_SHARDS=zero"));

    /* Nothing set: one shard of one. */
    assert_int_equal(resolve(NULL, 0, NULL, NULL, &s, err), 0);
    assert_int_equal(s.total, 1);
    assert_int_equal(s.index, 0);
    assert_int_equal(s.repeat, 0);

    /* --runs_per_test: Bazel numbers the runs in TEST_RANDOM_SEED. */
    const char *const repeat[] = {"TEST_TOTAL_SHARDS=4", "TEST_SHARD_INDEX=1", "TEST_RANDOM_SEED=3", NULL};
    assert_int_equal(resolve(NULL, 0, NULL, repeat, &s, err), 0);
    assert_int_equal(s.repeat, 3);
    assert_int_equal(s.index, 1);
    const char *const bad_repeat[] = {"TEST_RANDOM_SEED=0", NULL};
    assert_int_equal(resolve(NULL, 0, NULL, bad_repeat, &s, err), -1);
    assert_non_null(strstr(err, "TEST_RANDOM_SEED=0"));
}

static void test_kubernetes(void **state)
{
    (void)state;
    struct shard s;
    char err[256];
    const char *const k8s[] = {"JOB_COMPLETION_INDEX=2", "TEST_TOTAL_SHARDS=7", "TEST_SHARD_INDEX=1", NULL};
    assert_int_equal(resolve(NULL, 3, NULL, k8s, &s, err), 0);
    assert_int_equal(s.index, 2);
    assert_int_equal(s.total, 3);
    assert_string_equal(s.source, "JOB_COMPLETION_INDEX");
    const char *const k8s_bad[] = {"JOB_COMPLETION_INDEX=3", NULL};
    assert_int_equal(resolve(NULL, 3, NULL, k8s_bad, &s, err), -1);
    assert_non_null(strstr(err, "JOB_COMPLETION_INDEX=3"));
    assert_int_equal(resolve(NULL, 3, NULL, NULL, &s, err), -1);
    assert_non_null(strstr(err, "JOB_COMPLETION_INDEX"));
}

static void test_slurm(void **state)
{
    (void)state;
    struct shard s;
    char err[256];
    /* sbatch --array=1-4: task 3 is the third shard. */
    const char *const one_to_four[] = {"SLURM_ARRAY_TASK_ID=3", "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_MAX=4",
                                       "SLURM_ARRAY_TASK_COUNT=4", "SLURM_ARRAY_TASK_STEP=1", NULL};
    assert_int_equal(resolve(NULL, 4, NULL, one_to_four, &s, err), 0);
    assert_int_equal(s.index, 2);
    assert_int_equal(s.total, 4);
    assert_string_equal(s.source, "SLURM_ARRAY_TASK_ID");
    /* sbatch --array=10-16:3: tasks 10, 13, 16; no step variable means 1. */
    const char *const stepped[] = {"SLURM_ARRAY_TASK_ID=16", "SLURM_ARRAY_TASK_MIN=10", "SLURM_ARRAY_TASK_COUNT=3",
                                   "SLURM_ARRAY_TASK_STEP=3", NULL};
    assert_int_equal(resolve(NULL, 3, NULL, stepped, &s, err), 0);
    assert_int_equal(s.index, 2);
    const char *const no_step[] = {"SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_COUNT=2",
                                   NULL};
    assert_int_equal(resolve(NULL, 2, NULL, no_step, &s, err), 0);
    assert_int_equal(s.index, 0);
    /* The array's size disagrees with -shards: named, with both numbers. */
    assert_int_equal(resolve(NULL, 5, NULL, one_to_four, &s, err), -1);
    assert_non_null(strstr(err, "-shards 5"));
    assert_non_null(strstr(err, "SLURM_ARRAY_TASK_COUNT=4"));
    /* A task id off the array's grid, or below its minimum. */
    const char *const off_grid[] = {"SLURM_ARRAY_TASK_ID=11", "SLURM_ARRAY_TASK_MIN=10", "SLURM_ARRAY_TASK_COUNT=3",
                                    "SLURM_ARRAY_TASK_STEP=3", NULL};
    assert_int_equal(resolve(NULL, 3, NULL, off_grid, &s, err), -1);
    assert_non_null(strstr(err, "SLURM_ARRAY_TASK_ID=11"));
    const char *const below[] = {"SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=4",
                                 NULL};
    assert_int_equal(resolve(NULL, 4, NULL, below, &s, err), -1);
    assert_non_null(strstr(err, "SLURM_ARRAY_TASK_MIN=1"));
    /* Missing or malformed companions. */
    const char *const no_min[] = {"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=4", NULL};
    assert_int_equal(resolve(NULL, 4, NULL, no_min, &s, err), -1);
    assert_non_null(strstr(err, "SLURM_ARRAY_TASK_MIN is not"));
    const char *const no_count[] = {"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_MIN=1", NULL};
    assert_int_equal(resolve(NULL, 4, NULL, no_count, &s, err), -1);
    assert_non_null(strstr(err, "SLURM_ARRAY_TASK_COUNT is not"));
    const char *const bad_id[] = {"SLURM_ARRAY_TASK_ID=x", "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=4",
                                  NULL};
    assert_int_equal(resolve(NULL, 4, NULL, bad_id, &s, err), -1);
    assert_non_null(strstr(err, "SLURM_ARRAY_TASK_ID=x"));
    const char *const zero_step[] = {"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=4",
                                     "SLURM_ARRAY_TASK_STEP=0", NULL};
    assert_int_equal(resolve(NULL, 4, NULL, zero_step, &s, err), -1);
    assert_non_null(strstr(err, "SLURM_ARRAY_TASK_STEP=0"));
    /* Both engines' variables: ambiguous, refused. */
    const char *const both[] = {"JOB_COMPLETION_INDEX=0", "SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_MIN=1",
                                "SLURM_ARRAY_TASK_COUNT=4", NULL};
    assert_int_equal(resolve(NULL, 4, NULL, both, &s, err), -1);
    assert_non_null(strstr(err, "both JOB_COMPLETION_INDEX and SLURM_ARRAY_TASK_ID"));
    /* Without -shards the Slurm variables are ignored (any sbatch job may be an array). */
    assert_int_equal(resolve(NULL, 0, NULL, one_to_four, &s, err), 0);
    assert_int_equal(s.total, 1);
}

/* Twelve tests in two files, listed out of id order. */
static void make_model(struct rt_model *m)
{
    memset(m, 0, sizeof *m);
    const char *files[] = {"b_test.c", "a_test.c"};
    for (size_t f = 0; f < 2; f++) {
        struct rt_file *rf = model_add_file(m);
        rf->rel = xstrdup(files[f]);
        rf->first_test = m->ntests;
        for (int t = 5; t >= 0; t--) {
            char name[32];
            snprintf(name, sizeof name, "test_%d", t);
            model_add_test(m, f, "tests", name);
        }
        rf->ntests = 6;
    }
}

static void test_select_round_robin_over_sorted_ids(void **state)
{
    (void)state;
    struct shard s = {.total = 3, .by = SHARD_BY_TEST};
    int owner[12];
    for (unsigned k = 0; k < 3; k++) {
        struct rt_model m;
        make_model(&m);
        m.tests[0].selected = false; /* b_test.c/test_5, deselected by -run: not dealt */
        s.index = k;
        size_t kept = shard_select_tests(&s, &m);
        assert_true(kept == 3 || kept == 4);
        size_t n = 0;
        for (size_t i = 0; i < m.ntests; i++)
            if (m.tests[i].selected) {
                owner[i] = (int)k;
                n++;
            }
        assert_int_equal(n, kept);
        /* a_test.c/test_0 is the first id in sorted order: shard 1's. */
        if (k == 0)
            assert_true(m.tests[11].selected);
        model_free(&m);
    }
    /* Every selected test in exactly one shard: 11 tests, 4 + 4 + 3. */
    int per[3] = {0, 0, 0};
    for (size_t i = 1; i < 12; i++)
        per[owner[i]]++;
    assert_int_equal(per[0], 4);
    assert_int_equal(per[1], 4);
    assert_int_equal(per[2], 3);

    /* By run: nothing is deselected. */
    struct rt_model m;
    make_model(&m);
    s.by = SHARD_BY_RUN;
    assert_int_equal(shard_select_tests(&s, &m), 12);
    model_free(&m);
}

static void test_runs_unsharded(void **state)
{
    (void)state;
    struct shard s = {.total = 1};
    unsigned cur = 1, first, n;
    assert_true(shard_next_runs(&s, 10, &cur, 4, &first, &n));
    assert_int_equal(first, 1);
    assert_int_equal(n, 4);
    assert_true(shard_next_runs(&s, 10, &cur, 100, &first, &n));
    assert_int_equal(first, 5);
    assert_int_equal(n, 6);
    assert_false(shard_next_runs(&s, 10, &cur, 1, &first, &n));
    /* By test: every shard runs 1..count. */
    s.total = 3;
    s.index = 2;
    cur = 1;
    assert_true(shard_next_runs(&s, 10, &cur, 1000, &first, &n));
    assert_int_equal(first, 1);
    assert_int_equal(n, 10);
    /* Unlimited (-duration without -count). */
    s.total = 1;
    cur = 1;
    assert_true(shard_next_runs(&s, SHARD_COUNT_UNLIMITED, &cur, 1000, &first, &n));
    assert_int_equal(first, 1);
    assert_int_equal(n, 1000);
}

/* Every run number 1..count in exactly one shard. */
static void check_partition(unsigned count, unsigned total, unsigned want)
{
    static unsigned char seen[2000];
    memset(seen, 0, sizeof seen);
    for (unsigned k = 0; k < total; k++) {
        struct shard s = {.index = k, .total = total, .by = SHARD_BY_RUN};
        unsigned cur = 1, first, n, prev_end = 0;
        while (shard_next_runs(&s, count, &cur, want, &first, &n)) {
            assert_true(n >= 1 && n <= want);
            assert_true(first > prev_end);
            prev_end = first + n - 1;
            for (unsigned r = first; r < first + n; r++) {
                assert_true(r >= 1 && r <= count);
                seen[r]++;
            }
        }
    }
    for (unsigned r = 1; r <= count; r++)
        assert_int_equal(seen[r], 1);
}

static void test_runs_by_run_partition(void **state)
{
    (void)state;
    check_partition(100, 3, 1000);
    check_partition(100, 3, 7);
    check_partition(10, 4, 3);
    check_partition(2, 3, 5); /* more shards than runs: the last one runs nothing */
    check_partition(1000, 7, 64);

    /* -count 100 over 3: blocks of 34. */
    struct shard s = {.index = 1, .total = 3, .by = SHARD_BY_RUN};
    unsigned cur = 1, first, n;
    assert_true(shard_next_runs(&s, 100, &cur, 1000, &first, &n));
    assert_int_equal(first, 35);
    assert_int_equal(n, 34);
    assert_false(shard_next_runs(&s, 100, &cur, 1000, &first, &n));
}

static void test_runs_by_run_unlimited(void **state)
{
    (void)state;
    /* Blocks of SHARD_RUN_BLOCK dealt round-robin; disjoint, and together
     * they cover every run number. */
    static unsigned char seen[64 * 3 * 5 + 1];
    memset(seen, 0, sizeof seen);
    unsigned limit = 64 * 3 * 5;
    for (unsigned k = 0; k < 3; k++) {
        struct shard s = {.index = k, .total = 3, .by = SHARD_BY_RUN};
        unsigned cur = 1, first, n;
        while (shard_next_runs(&s, SHARD_COUNT_UNLIMITED, &cur, 50, &first, &n) && first <= limit) {
            assert_true(n <= 50);
            assert_int_equal((first - 1) / SHARD_RUN_BLOCK % 3, k);
            assert_int_equal((first + n - 2) / SHARD_RUN_BLOCK, (first - 1) / SHARD_RUN_BLOCK);
            for (unsigned r = first; r < first + n; r++)
                seen[r]++;
        }
    }
    for (unsigned r = 1; r <= limit; r++)
        assert_int_equal(seen[r], 1);
    struct shard s = {.index = 2, .total = 3, .by = SHARD_BY_RUN};
    unsigned cur = 1, first, n;
    assert_true(shard_next_runs(&s, SHARD_COUNT_UNLIMITED, &cur, 1000, &first, &n));
    assert_int_equal(first, 2 * SHARD_RUN_BLOCK + 1);
    assert_int_equal(n, SHARD_RUN_BLOCK);
}

static void test_describe(void **state)
{
    (void)state;
    struct shard s = {.index = 1, .total = 3, .by = SHARD_BY_RUN};
    char buf[64];
    shard_describe(&s, buf, sizeof buf);
    assert_string_equal(buf, "shard 2 of 3 (by run)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flag_k_of_n),
        cmocka_unit_test(test_flag_errors),
        cmocka_unit_test(test_bazel_and_gtest),
        cmocka_unit_test(test_kubernetes),
        cmocka_unit_test(test_slurm),
        cmocka_unit_test(test_select_round_robin_over_sorted_ids),
        cmocka_unit_test(test_runs_unsharded),
        cmocka_unit_test(test_runs_by_run_partition),
        cmocka_unit_test(test_runs_by_run_unlimited),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
