/*
 * suite/flags.c — see suite/flags.h. One table lists every flag with its kind,
 * so parsing, errors and the usage text cannot drift apart.
 */
#include "runner/suite/flags.h"

#include "filters/duration.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char test_flags_usage[] =
    "usage: racetest [test] [flags] [paths]\n"
    "       racetest [test] [flags] -- BINARY [ARGS...]   (a test binary built elsewhere)\n"
    "       racetest [test] [flags] -ctest BUILD_DIR      (a CMake project's CTest tests)\n"
    "       racetest [test] [flags] -meson BUILD_DIR      (a Meson project's tests)\n"
    "\n"
    "Builds every *_test.c under the paths (dir, dir/... recursively, or a file;\n"
    "default .) with the race detector, runs every test -count times and reports\n"
    "each unique data race once. Exit status: 66 race, 1 test failure, 2 usage or\n"
    "build error, 0 success.\n"
    "\n"
    "flags:\n"
    "  -count N        run each test N times (default 1)\n"
    "  -run RE         run only the tests matching RE: PCRE2, unanchored; as Go,\n"
    "                  split at '/' into levels: FILE/TEST (FILE_RE/TEST_RE), or\n"
    "                  one element matching the file or the test name\n"
    "  -skip RE        do not run the tests matching RE (the same levels)\n"
    "  -list RE        list the tests matching RE and run nothing\n"
    "  -label RE       -ctest/-meson: run only the tests with a label (CTest LABELS,\n"
    "                  Meson suite) matching RE (PCRE2, unanchored)\n"
    "  -skip-label RE  -ctest/-meson: do not run the tests with a label matching RE\n"
    "  -v              verbose: every test run, skipped files, test output\n"
    "  -json           one JSON event per line (go test -json style)\n"
    "  -timeout D      fail one run of one test that lasts longer than D, killing\n"
    "                  its process (default 10m, 0 = never)\n"
    "  -failfast       start no new test after the first failure (runs in flight\n"
    "                  are stopped and reported as interrupted)\n"
    "  -shuffle X      off, on, or a seed: randomize the order of tests\n"
    "  -p N            test processes (and builds) at once (default: CPUs)\n"
    "  -isolate        run every repetition in its own process\n"
    "  -tags a,b       extra build tags for build constraints\n"
    "  -race=false     build without the race detector (plain stress runs)\n"
    "  -o DIR          keep the test binaries in DIR\n"
    "  -config FILE    read flags from FILE (one \"flag = value\" per line)\n"
    "\n"
    "schedule fuzzing:\n"
    "  -sched X        off, random or pct: perturb the thread schedule (default pct);\n"
    "                  pct runs one thread at a time by random priorities, sleeps take\n"
    "                  no real time, and a seed replays its schedule exactly\n"
    "  -pct-depth D    sched=pct: bug depth aimed at, D-1 priority changes per run\n"
    "                  (default 1)\n"
    "  -pct-steps K    sched=pct: the changes fall in the first K scheduling points\n"
    "                  of a run (default 50)\n"
    "  -seed N         base seed, decimal or 0x hex (default: random; always printed);\n"
    "                  each test process gets a seed derived from it and its run\n"
    "  -cpu 1,2,4      run each test once per value, on that many CPUs\n"
    "  -run-seed S     give every test process the seed S (printed rerun commands)\n"
    "\n"
    "CI runs:\n"
    "  -duration D     rerun the tests until D is spent (or -count is reached;\n"
    "                  without -count, no limit; a -config file's count caps\n"
    "                  only a duration set in that file); builds are not counted\n"
    "  -junit FILE     write a JUnit XML report (one testcase per test)\n"
    "  -sarif FILE     write a SARIF 2.1.0 report (one result per unique race)\n"
    "  -jsonfile FILE  write the -json events to FILE as they happen\n"
    "  -shard K/N      run shard K (1..N) of N; also from TEST_TOTAL_SHARDS/\n"
    "                  TEST_SHARD_INDEX (Bazel) and GTEST_TOTAL_SHARDS/GTEST_SHARD_INDEX\n"
    "  -shards N       N shards, this one JOB_COMPLETION_INDEX (Kubernetes Indexed Job)\n"
    "                  or SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN (Slurm job array)\n"
    "  -shard-by X     test: split the tests; run: split the runs of every test\n"
    "                  (each run number, and so each seed, in exactly one shard)\n"
    "  (racetest merge -h: combine the -json outputs of shards)\n";

enum kind { K_BOOL, K_UINT, K_STR, K_DURATION, K_SHUFFLE, K_NANOS, K_SCHED, K_SEED, K_CPU };

struct flag {
    const char *name;
    enum kind kind;
    size_t off; /* offset of the field in struct test_opts */
    unsigned min;
};

#define F(n, k, field, m) {n, k, offsetof(struct test_opts, field), m}
static const struct flag flags[] = {
    F("count", K_UINT, count, 1),
    F("run", K_STR, run, 0),
    F("skip", K_STR, skip, 0),
    F("list", K_STR, list, 0),
    F("v", K_BOOL, verbose, 0),
    F("json", K_BOOL, json, 0),
    F("failfast", K_BOOL, failfast, 0),
    F("race", K_BOOL, race, 0),
    F("isolate", K_BOOL, isolate, 0),
    F("timeout", K_DURATION, timeout_ms, 0),
    F("shuffle", K_SHUFFLE, shuffle, 0),
    F("p", K_UINT, parallel, 1),
    F("tags", K_STR, tags, 0),
    F("o", K_STR, outdir, 0),
    F("ctest", K_STR, ctest, 0),
    F("meson", K_STR, meson, 0),
    F("label", K_STR, label, 0),
    F("skip-label", K_STR, skip_label, 0),
    F("config", K_STR, config, 0),
    F("duration", K_NANOS, duration_ns, 0),
    F("junit", K_STR, junit, 0),
    F("sarif", K_STR, sarif, 0),
    F("jsonfile", K_STR, jsonfile, 0),
    F("shard", K_STR, shard, 0),
    F("shards", K_UINT, shards, 1),
    F("shard-by", K_STR, shard_by, 0),
    F("sched", K_SCHED, sched, 0),
    F("pct-depth", K_UINT, pct_depth, 1),
    F("pct-steps", K_UINT, pct_steps, 1),
    F("seed", K_SEED, seed, 0),
    F("run-seed", K_SEED, run_seed, 0),
    F("cpu", K_CPU, cpus, 0),
    F("h", K_BOOL, help, 0),
    F("help", K_BOOL, help, 0),
};

void test_opts_init(struct test_opts *o)
{
    memset(o, 0, sizeof *o);
    o->count = 1;
    o->race = true;
    o->timeout_ms = 10LL * 60 * 1000; /* go test's default */
    o->timeout_ns = (int64_t)o->timeout_ms * 1000000;
    o->shuffle = SHUFFLE_OFF;
    o->sched = "pct"; /* README, "Choosing -sched": the most races per second */
}

void test_opts_free(struct test_opts *o)
{
    free(o->paths);
    o->paths = NULL;
    o->npaths = 0;
}

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "1") || !strcmp(v, "t") || !strcmp(v, "T") || !strcmp(v, "true") || !strcmp(v, "TRUE") ||
        !strcmp(v, "True"))
        *out = true;
    else if (!strcmp(v, "0") || !strcmp(v, "f") || !strcmp(v, "F") || !strcmp(v, "false") ||
             !strcmp(v, "FALSE") || !strcmp(v, "False"))
        *out = false;
    else
        return -1;
    return 0;
}

static int set_value(struct test_opts *o, const struct flag *f, const char *v, char *err, size_t errlen)
{
    void *field = (char *)o + f->off;
    switch (f->kind) {
    case K_BOOL:
        if (parse_bool(v, (bool *)field) < 0)
            return fail(err, errlen, "invalid boolean value \"%s\" for flag -%s", v, f->name);
        return 0;
    case K_UINT: {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(v, &end, 10);
        if (!*v || *end || errno || n > UINT_MAX || v[0] == '-')
            return fail(err, errlen, "invalid value \"%s\" for flag -%s: not a number", v, f->name);
        if (n < f->min)
            return fail(err, errlen, "invalid value \"%s\" for flag -%s: must be at least %u", v, f->name,
                        f->min);
        if (field == (void *)&o->pct_depth && n > 64)
            return fail(err, errlen, "invalid value \"%s\" for flag -pct-depth: want 1..64", v);
        *(unsigned *)field = (unsigned)n;
        if (field == (void *)&o->count)
            o->count_set = true;
        return 0;
    }
    case K_STR:
        /* Checked here too (suite/shard.h checks them again with the environment)
         * so that a bad value in a config file is reported with its line. */
        if (field == (void *)&o->shard_by && strcmp(v, "test") != 0 && strcmp(v, "run") != 0)
            return fail(err, errlen, "invalid value \"%s\" for flag -shard-by: want test or run", v);
        if (field == (void *)&o->shard) {
            unsigned k, n;
            int used = 0;
            if (sscanf(v, "%u/%u%n", &k, &n, &used) != 2 || v[used] != '\0' || v[0] < '0' || v[0] > '9' ||
                !strchr(v, '/') || strchr(v, '/')[1] < '0' || strchr(v, '/')[1] > '9' || k < 1 || k > n)
                return fail(err, errlen, "invalid value \"%s\" for flag -shard: want K/N with K from 1 to N, e.g. 2/5",
                            v);
        }
        *(const char **)field = v;
        return 0;
    case K_DURATION: {
        char flag[32];
        snprintf(flag, sizeof flag, "-%s", f->name);
        filter_error ferr;
        int64_t ns;
        if (duration_parse(flag, v, &ns, &ferr) != 0)
            return fail(err, errlen, "%s", ferr.msg);
        /* Whole milliseconds, rounded up: 1us is not "no timeout". */
        *(long long *)field = (long long)(ns / 1000000 + (ns % 1000000 != 0));
        o->timeout_ns = ns;
        return 0;
    }
    case K_NANOS: {
        char flag[32];
        snprintf(flag, sizeof flag, "-%s", f->name);
        filter_error ferr;
        if (duration_parse(flag, v, (int64_t *)field, &ferr) != 0)
            return fail(err, errlen, "%s", ferr.msg);
        return 0;
    }
    case K_SHUFFLE:
        if (!strcmp(v, "off")) {
            o->shuffle = SHUFFLE_OFF;
            o->shuffle_seed_set = false;
        } else if (!strcmp(v, "on")) {
            o->shuffle = SHUFFLE_ON;
            o->shuffle_seed_set = false;
        } else {
            char *end;
            errno = 0;
            long long n = strtoll(v, &end, 10);
            if (!*v || *end || errno)
                return fail(err, errlen, "invalid value \"%s\" for flag -shuffle: want off, on, or a seed", v);
            o->shuffle = SHUFFLE_ON;
            o->shuffle_seed_set = true;
            o->shuffle_seed = (uint64_t)n;
        }
        return 0;
    case K_SCHED:
        if (!strcmp(v, "off"))
            o->sched = "off";
        else if (!strcmp(v, "random"))
            o->sched = "random";
        else if (!strcmp(v, "pct"))
            o->sched = "pct";
        else
            return fail(err, errlen, "invalid value \"%s\" for flag -sched: want off, random or pct", v);
        return 0;
    case K_SEED: {
        char *end;
        errno = 0;
        bool hex = v[0] == '0' && (v[1] == 'x' || v[1] == 'X');
        unsigned long long n = strtoull(hex ? v + 2 : v, &end, hex ? 16 : 10);
        if (!*v || *end || errno || (hex ? !v[2] : 0) || v[hex ? 2 : 0] == '-' || v[hex ? 2 : 0] == '+' ||
            v[hex ? 2 : 0] == ' ')
            return fail(err, errlen, "invalid value \"%s\" for flag -%s: want a number, decimal or 0x hex", v,
                        f->name);
        *(uint64_t *)field = (uint64_t)n;
        if (field == (void *)&o->seed)
            o->seed_set = true;
        else
            o->run_seed_set = true;
        return 0;
    }
    case K_CPU: {
        size_t n = 0;
        const char *p = v;
        for (;;) {
            char *end;
            errno = 0;
            unsigned long c = *p >= '0' && *p <= '9' ? strtoul(p, &end, 10) : 0;
            if (c < 1 || c > 4096 || errno || (*end != ',' && *end != '\0') ||
                n == sizeof o->cpus / sizeof o->cpus[0])
                return fail(err, errlen,
                            "invalid value \"%s\" for flag -cpu: want a list of CPU counts, e.g. 1,2,4 "
                            "(at most 16, each from 1 to 4096)",
                            v);
            o->cpus[n++] = (unsigned)c;
            if (*end == '\0')
                break;
            p = end + 1;
        }
        o->ncpus = n;
        return 0;
    }
    }
    return 0;
}

int test_flags_parse(struct test_opts *o, int argc, char **argv, char *err, size_t errlen)
{
    bool flags_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (flags_done || a[0] != '-' || a[1] == '\0') {
            const char **np = realloc(o->paths, (o->npaths + 1) * sizeof *np);
            if (!np)
                return fail(err, errlen, "out of memory");
            o->paths = np;
            o->paths[o->npaths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            flags_done = true;
            continue;
        }
        const char *name = a + 1;
        if (*name == '-')
            name++;
        const char *eq = strchr(name, '=');
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        const struct flag *f = NULL;
        for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
            if (strlen(flags[k].name) == nlen && strncmp(flags[k].name, name, nlen) == 0)
                f = &flags[k];
        if (!f)
            return fail(err, errlen, "flag provided but not defined: -%.*s", (int)nlen, name);
        const char *value;
        if (eq) {
            value = eq + 1;
        } else if (f->kind == K_BOOL) {
            value = "true";
        } else {
            if (i + 1 >= argc)
                return fail(err, errlen, "flag needs an argument: -%s", f->name);
            value = argv[++i];
        }
        if (set_value(o, f, value, err, errlen) < 0)
            return -1;
    }
    return 0;
}
