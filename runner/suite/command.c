/*
 * suite/command.c — `racetest [test] [flags] [paths]`: the orchestration of the
 * test runner, in the order of DESIGN.md's data flow:
 *   flags (+ -config) -> discovery and build constraints (test_discover)
 *   -> builds and test lists (test_build) -> selection (-run/-skip/-list,
 *   filters/pattern.h) -> runs (test_supervisor) -> aggregation and report
 *   (test_aggregate, test_output_*) -> exit status.
 * CI runs (issue 7) add: the shard (suite/shard.h) before anything is built, the
 * runs in batches (suite/batches.h: -duration, -shard-by run), and the report
 * files written at the end whatever happened (report/collect.h,
 * report/junit.h, report/sarif.h).
 *
 * Invariants: usage and configuration errors are reported before anything
 * is built, naming the flag or file, with exit status 2; everything the
 * command creates lives in one private mkdtemp directory, removed at the end
 * (test binaries survive only with -o DIR).
 */
#include "runner/suite/command.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "runner/cc/layout.h"
#include "filters/build_constraint.h"
#include "filters/test_pattern.h"
#include "runner/report/collect.h"
#include "runner/report/junit.h"
#include "runner/report/sarif.h"
#include "runner/suite/batches.h"
#include "runner/suite/binary_tests.h"
#include "runner/suite/shard.h"
#include "runner/suite/aggregate.h"
#include "runner/suite/build.h"
#include "runner/suite/config.h"
#include "runner/suite/ctest_tests.h"
#include "runner/suite/fixtures.h"
#include "runner/suite/labels.h"
#include "runner/suite/meson_tests.h"
#include "runner/suite/discover.h"
#include "runner/suite/flags.h"
#include "runner/suite/model.h"
#include "runner/report/output.h"
#include "runner/suite/proc.h"
#include "runner/suite/supervisor.h"
#include "runner/suite/workdir.h"

static int usage_error(const char *msg)
{
    fprintf(stderr, "racetest: %s\n", msg);
    fprintf(stderr, "run 'racetest test -h' for the flags\n");
    return 2;
}

static uint64_t random_seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t s = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
    s ^= (uint64_t)getpid() << 32;
    /* Go prints shuffle seeds as positive int64 values. */
    return s & 0x7fffffffffffffffULL;
}

/* RACETEST_OPTIONS for the test processes: the user's, plus a
 * strip_path_prefix of the current directory so that reports name files as
 * the test ids do (unless the user chose one). */
static char *runtime_options(const char *cwd)
{
    const char *user = getenv("RACETEST_OPTIONS");
    bool has_strip = user && strstr(user, "strip_path_prefix=");
    if (has_strip || strchr(cwd, ' '))
        return user ? xstrdup(user) : NULL;
    if (user && *user)
        return xasprintf("%s strip_path_prefix=%s/", user, strcmp(cwd, "/") == 0 ? "" : cwd);
    return xasprintf("strip_path_prefix=%s/", strcmp(cwd, "/") == 0 ? "" : cwd);
}

/* Whether the RACETEST_OPTIONS text `opts` sets `key` (the runtime splits
 * on spaces, commas and colons). */
static bool has_key(const char *opts, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = opts; p && (p = strstr(p, key)) != NULL; p += n)
        if ((p == opts || strchr(" \t,:", p[-1])) && p[n] == '=')
            return true;
    return false;
}

/* Appends key=value to the runtime options unless the user's own options
 * set the key (theirs win). */
static char *add_option(char *rtopts, const char *key, const char *value)
{
    if (has_key(rtopts, key))
        return rtopts;
    char *v = rtopts && *rtopts ? xasprintf("%s %s=%s", rtopts, key, value) : xasprintf("%s=%s", key, value);
    free(rtopts);
    return v;
}

/* The scheduler options of -sched, -pct-depth and -pct-steps. */
static char *add_sched_options(char *rtopts, const struct test_opts *o)
{
    char n[16];
    rtopts = add_option(rtopts, "sched", o->sched);
    if (o->pct_depth) {
        snprintf(n, sizeof n, "%u", o->pct_depth);
        rtopts = add_option(rtopts, "pct_depth", n);
    }
    if (o->pct_steps) {
        snprintf(n, sizeof n, "%u", o->pct_steps);
        rtopts = add_option(rtopts, "pct_steps", n);
    }
    return rtopts;
}

/* where: "" or "FILE:LINE: " of a configuration file's setting. */
static int compile_pattern(const char *where, const char *flag, const char *re, test_pattern **out)
{
    *out = NULL;
    if (!re)
        return 0;
    filter_error ferr;
    memset(&ferr, 0, sizeof ferr);
    if (test_pattern_compile(flag, re, out, &ferr) != 0) {
        fprintf(stderr, "racetest: %s%s\n", where, ferr.msg);
        return -1;
    }
    return 0;
}

/* A configuration file's -run/-skip/-list, checked where it is set so that
 * an error names FILE:LINE. */
static int check_config_patterns(const struct test_opts *o, const struct test_opts *before, const char *path,
                                 unsigned line)
{
    char where[PATH_MAX + 32];
    snprintf(where, sizeof where, "%s:%u: ", path, line);
    const char *flags[] = {"-run", "-skip", "-list"};
    const char *now[] = {o->run, o->skip, o->list}, *was[] = {before->run, before->skip, before->list};
    for (size_t i = 0; i < 3; i++) {
        test_pattern *p;
        if (now[i] != was[i] && compile_pattern(where, flags[i], now[i], &p) < 0)
            return -1;
        if (now[i] != was[i])
            test_pattern_free(p);
    }
    return 0;
}

/* ---- CI runs (issue 7) ---------------------------------------------- */

static const char *env_get(const char *name)
{
    return getenv(name);
}

/* Bazel and GoogleTest: touching the status file says "I shard". */
static int touch_status_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "racetest: cannot create the shard status file %s: %s\n", path, strerror(errno));
        return -1;
    }
    close(fd);
    return 0;
}

/* Writes -junit and -sarif; returns false when one could not be written. */
static bool write_reports(const struct test_opts *o, const char *junit, const struct rt_model *m,
                          const struct junit_info *ji, const char *cwd)
{
    bool ok = true;
    char err[PATH_MAX + 256];
    if (junit && junit_write(junit, m, ji, err, sizeof err) != 0) {
        fprintf(stderr, "racetest: -junit %s\n", err);
        ok = false;
    }
    if (o->sarif && sarif_write(o->sarif, m, o, cwd, err, sizeof err) != 0) {
        fprintf(stderr, "racetest: -sarif %s\n", err);
        ok = false;
    }
    return ok;
}

int cmd_test(int argc, char **argv)
{
    test_proc_init();
    struct test_opts o;
    test_opts_init(&o);
    char err[1024];

    /* -config first, so that the command line overrides the file. */
    struct config_args cfg = {0};
    const char *config_path = test_config_find(argc - 1, argv + 1);
    if (config_path && test_config_load(config_path, &cfg, err, sizeof err) != 0)
        return usage_error(err);
    /* One setting at a time, so that an error names its line. */
    for (int i = 0; i < cfg.argc; i++) {
        struct test_opts before = o;
        if (test_flags_parse(&o, 1, &cfg.argv[i], err, sizeof err) != 0) {
            fprintf(stderr, "racetest: %s:%u: %s\n", config_path, cfg.lines[i], err);
            free(o.paths);
            test_config_free(&cfg);
            return 2;
        }
        if (check_config_patterns(&o, &before, config_path, cfg.lines[i]) != 0) {
            free(o.paths);
            test_config_free(&cfg);
            return 2;
        }
    }
    /* Paths on the command line replace those of the config file. */
    const char **cfg_paths = o.paths;
    size_t cfg_npaths = o.npaths;
    o.paths = NULL;
    o.npaths = 0;
    /* A count caps a -duration given beside it (ci.conf: both in the file;
     * or both on the command line), not one given on the command line over
     * a profile's count: `-config default.conf -duration 30m` repeats until
     * the 30 minutes are over, as -duration alone does. */
    bool cfg_count_set = o.count_set;
    int64_t cfg_duration_ns = o.duration_ns;
    o.count_set = false;
    o.duration_ns = -1; /* "not on the command line": no duration parses to it */
    /* racetest [flags] -- CMD ARGS...: a test binary instead of test files. */
    int nflags = argc - 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--") == 0 && i + 1 < argc) {
            o.command = argv + i + 1;
            o.ncommand = (size_t)(argc - i - 1);
            nflags = i - 1;
            break;
        }
    if (test_flags_parse(&o, nflags, argv + 1, err, sizeof err) != 0) {
        free(cfg_paths);
        test_config_free(&cfg);
        return usage_error(err);
    }
    if (o.duration_ns < 0) {
        o.duration_ns = cfg_duration_ns;
        o.count_set = o.count_set || cfg_count_set;
    }
    const char *usage = NULL;
    if (!!o.command + !!o.ctest + !!o.meson > 1)
        usage = "use one of -ctest, -meson and -- COMMAND";
    else if (o.command && o.npaths)
        usage = "paths and -- COMMAND cannot be used together: the command is the test";
    else if ((o.ctest || o.meson) && o.npaths)
        usage = o.ctest ? "paths and -ctest cannot be used together: the CTest tests are the tests"
                        : "paths and -meson cannot be used together: the Meson tests are the tests";
    else if ((o.outdir || o.tags) && (o.command || o.ctest || o.meson))
        usage = "-o and -tags apply to the *_test.c files racetest builds, not to -ctest, -meson or -- COMMAND";
    else if ((o.label || o.skip_label) && !o.ctest && !o.meson)
        usage = "-label and -skip-label select registered tests: use them with -ctest or -meson";
    if (usage) {
        free(cfg_paths);
        test_config_free(&cfg);
        return usage_error(usage);
    }
    bool registered = o.ctest || o.meson; /* tests a build system registered */
    if (o.npaths == 0 && !o.command && !registered) {
        o.paths = cfg_paths;
        o.npaths = cfg_npaths;
    } else {
        free(cfg_paths);
    }
    if (o.help) {
        fputs(test_flags_usage, stdout);
        test_config_free(&cfg);
        return 0;
    }

    int status = 2;
    FILE *jsonfile = NULL;
    bool json_stdout = o.json;
    const char *junit = o.junit;
    test_pattern *run_re = NULL, *skip_re = NULL, *list_re = NULL;
    struct label_filter *labels = NULL;
    struct fixtures fx = {0};
    build_tags tags = {0};
    struct rt_model m = {0};
    char workdir[PATH_MAX] = "";
    char *rtopts = NULL;
    if (compile_pattern("", "-run", o.run, &run_re) < 0 || compile_pattern("", "-skip", o.skip, &skip_re) < 0 ||
        compile_pattern("", "-list", o.list, &list_re) < 0)
        goto out;
    if (label_filter_compile(o.label, o.skip_label, &labels, err, sizeof err) != 0) {
        fprintf(stderr, "racetest: %s\n", err);
        goto out;
    }
    filter_error ferr;
    memset(&ferr, 0, sizeof ferr);
    if (build_tags_add_host(&tags, o.race, &ferr) != 0 || (o.tags && build_tags_add_list(&tags, o.tags, &ferr) != 0)) {
        fprintf(stderr, "racetest: -tags: %s\n", ferr.msg);
        goto out;
    }

    /* CI runs: the shard, the report files, the budget; all checked before
     * anything is built. */
    struct shard shard;
    if (shard_resolve(o.shard, o.shards, o.shard_by, env_get, &shard, err, sizeof err) != 0) {
        fprintf(stderr, "racetest: %s\n", err);
        goto out;
    }
    if (shard.status_file && touch_status_file(shard.status_file) != 0)
        goto out;
    if (!junit && getenv("XML_OUTPUT_FILE") && *getenv("XML_OUTPUT_FILE"))
        junit = getenv("XML_OUTPUT_FILE"); /* Bazel's place for the test's XML */
    if ((junit && report_check_path("-junit", junit, err, sizeof err) != 0) ||
        (o.sarif && report_check_path("-sarif", o.sarif, err, sizeof err) != 0) ||
        (o.jsonfile && report_check_path("-jsonfile", o.jsonfile, err, sizeof err) != 0)) {
        fprintf(stderr, "racetest: %s\n", err);
        goto out;
    }
    unsigned run_count = o.count;
    if (o.duration_ns > 0 && !o.count_set) {
        if (o.ncpus > 1) {
            fprintf(stderr, "racetest: -cpu with several values and -duration needs -count\n");
            goto out;
        }
        run_count = SHARD_COUNT_UNLIMITED;
        o.count = UINT_MAX; /* for the renderers: "run N" */
    }

    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned parallel = o.parallel ? o.parallel : (unsigned)(ncpu > 0 ? ncpu : 1);

    /* Where things are: the racetest executable and its libraries. */
    struct cc_layout layout;
    if (cc_layout_find(&layout, err, sizeof err) != 0) {
        fprintf(stderr, "racetest: %s\n", err);
        goto out;
    }
    char self[PATH_MAX], libdir[PATH_MAX], includedir[PATH_MAX], cwd[PATH_MAX];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    if (sl <= 0 || !getcwd(cwd, sizeof cwd)) {
        fprintf(stderr, "racetest: cannot find the racetest executable or the current directory\n");
        goto out;
    }
    self[sl] = '\0';
    if (!realpath(layout.libdir, libdir))
        snprintf(libdir, sizeof libdir, "%s", layout.libdir);
    bool have_inc = realpath(layout.includedir, includedir) != NULL;
    for (int k = 0; k < (o.race ? 1 : 2); k++) {
        char glue[PATH_MAX + 64];
        snprintf(glue, sizeof glue, "%s/%s", libdir, k == 0 ? "libracetest_cmocka.a" : "libracetest_rt_noop.a");
        if (access(glue, R_OK) != 0) {
            fprintf(stderr, "racetest: %s is missing (run `make` in the racetest tree, or set RACETEST_LIBDIR)\n",
                    glue);
            goto out;
        }
    }
    if (o.race && cc_layout_check_runtime(&layout, err, sizeof err) != 0) {
        fprintf(stderr, "racetest: %s\n", err);
        cc_layout_free(&layout);
        goto out;
    }
    cc_layout_free(&layout);

    /* Discovery; or the one binary of -- COMMAND; or the registered tests. */
    if (o.command && !binary_tests_add(&m, o.command, o.ncommand, cwd, err, sizeof err)) {
        fprintf(stderr, "racetest: -- %s\n", err);
        goto out;
    }
    if ((o.ctest && ctest_tests_add(&m, o.ctest, err, sizeof err) != 0) ||
        (o.meson && meson_tests_add(&m, o.meson, err, sizeof err) != 0) ||
        (!o.command && !registered && test_discover(&m, o.paths, o.npaths, &tags, err, sizeof err) != 0)) {
        fprintf(stderr, "racetest: %s\n", err);
        goto out;
    }
    if (m.nfiles == 0) {
        for (size_t i = 0; i < (o.npaths ? o.npaths : 1); i++)
            printf("?   \t%s\t[no test files]\n", o.npaths ? o.paths[i] : o.ctest ? o.ctest : o.meson ? o.meson : ".");
        status = 0;
        goto out;
    }

    const char *tmp = getenv("TMPDIR");
    tmp = tmp && *tmp ? tmp : "/tmp";
    workdir_sweep(tmp); /* what a killed racetest left behind */
    if (workdir_create(tmp, workdir, sizeof workdir, err, sizeof err) != 0) {
        fprintf(stderr, "racetest: %s\n", err);
        goto out;
    }

    const struct test_output *out = o.json ? &test_output_json : &test_output_text;
    bool reports = !o.list && (junit || o.sarif || o.jsonfile);
    if (reports) {
        if (o.jsonfile && !(jsonfile = fopen(o.jsonfile, "we"))) {
            fprintf(stderr, "racetest: -jsonfile %s: %s\n", o.jsonfile, strerror(errno));
            goto out;
        }
        /* The collector needs every execution with its output. */
        report_collect_init(out, jsonfile);
        out = &report_collect_output;
        o.json = true;
    }
    char timestamp[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(timestamp, sizeof timestamp, "%Y-%m-%dT%H:%M:%S", localtime_r(&now, &tm));
    struct agg agg;
    agg_init(&agg, &m, &o, out);
    for (size_t i = 0; i < m.nfiles; i++)
        if (m.files[i].excluded)
            out->file_skipped(&o, &m.files[i]);

    /* Build, then ask each binary for its tests. */
    struct build_env be = {.opts = &o,
                           .self_exe = self,
                           .libdir = libdir,
                           .includedir = have_inc ? includedir : NULL,
                           .workdir = workdir,
                           .cwd = cwd,
                           .parallel = parallel};
    if (!o.command && !registered)
        test_build_all(&m, &be);
    if (!test_proc_interrupted)
        test_list_all(&m, &be);
    for (size_t i = 0; i < m.nfiles && !test_proc_interrupted; i++)
        if (m.files[i].build_failed || m.files[i].list_failed)
            out->build_failed(&o, &m.files[i]);

    /* Selection. */
    for (size_t i = 0; i < m.ntests; i++) {
        struct rt_test *t = &m.tests[i];
        int sel = test_pattern_selects(list_re ? list_re : run_re, skip_re, m.files[t->file].rel, t->name, &ferr);
        if (sel < 0) {
            fprintf(stderr, "racetest: %s\n", ferr.msg);
            goto out;
        }
        t->selected = sel == 1;
    }
    fixtures_deselect(&m);
    if (label_filter_apply(labels, &m, err, sizeof err) != 0) {
        fprintf(stderr, "racetest: %s\n", err);
        goto out;
    }
    if (shard.total > 1) {
        size_t all = 0;
        for (size_t i = 0; i < m.ntests; i++)
            all += m.tests[i].selected;
        size_t kept = shard_select_tests(&shard, &m);
        if (!o.list && !json_stdout) {
            char what[64];
            shard_describe(&shard, what, sizeof what);
            test_progress_clear();
            if (shard.by == SHARD_BY_RUN)
                printf("racetest: %s, from %s: %zu tests\n", what, shard.source, kept);
            else
                printf("racetest: %s, from %s: %zu of %zu tests\n", what, shard.source, kept, all);
            fflush(stdout);
        }
    }
    if (o.list) {
        test_progress_clear();
        for (size_t i = 0; i < m.ntests; i++)
            if (m.tests[i].selected)
                printf("%s\n", m.tests[i].id);
        status = 0;
        for (size_t i = 0; i < m.nfiles; i++)
            if (m.files[i].build_failed || m.files[i].list_failed)
                status = 2;
        goto out;
    }

    uint64_t seed = 0;
    if (o.shuffle == SHUFFLE_ON) {
        seed = o.shuffle_seed_set ? o.shuffle_seed : random_seed();
        test_progress_clear();
        if (!json_stdout)
            printf("-shuffle %llu\n", (unsigned long long)seed);
        fflush(stdout);
    }
    /* Scheduler fuzzing (issue 6): the base seed, always printed. */
    uint64_t sched_seed = o.seed_set ? o.seed : random_seed() ^ 0x5ced5ced5ced5cedULL;
    test_progress_clear();
    if (o.run_seed_set)
        fprintf(json_stdout ? stderr : stdout, "racetest: seed 0x%016llx (-run-seed: every test process)\n",
                (unsigned long long)o.run_seed);
    else
        fprintf(json_stdout ? stderr : stdout, "racetest: seed 0x%016llx\n", (unsigned long long)sched_seed);
    fflush(json_stdout ? stderr : stdout);
    rtopts = add_sched_options(runtime_options(cwd), &o);
    struct sup_cfg sc = {.m = &m,
                         .o = &o,
                         .agg = &agg,
                         .workdir = workdir,
                         .parallel = parallel,
                         .shuffle_seed = seed,
                         .rt_options = rtopts,
                         .sched_seed = sched_seed,
                         .add_seed = !has_key(getenv("RACETEST_OPTIONS"), "sched_seed"),
                         .add_cpus = !has_key(getenv("RACETEST_OPTIONS"), "sched_cpus")};
    struct batch_result br;
    /* -cpu 1,2,4: every test once per value, each value a block of run
     * numbers of its own (so each run has its own seed). */
    bool completed = true;
    size_t ncpu_values = o.ncpus ? o.ncpus : 1;
    /* Bazel's --runs_per_test: repeat r gets the r-th block of run numbers
     * (suite/shard.h), when -count bounds them. */
    uint64_t repeat_base = 0;
    if (shard.repeat > 1 && run_count != SHARD_COUNT_UNLIMITED) {
        repeat_base = (uint64_t)(shard.repeat - 1) * o.count * ncpu_values;
        if (repeat_base + (uint64_t)o.count * ncpu_values > UINT_MAX / 2) {
            fprintf(stderr, "racetest: TEST_RANDOM_SEED=%u with -count %u: too many runs to number\n", shard.repeat,
                    o.count);
            goto out;
        }
    }
    /* CTest fixtures: set up around all the runs. */
    fixtures_plan(&m, &fx);
    fixtures_set_up(&fx, &m, &agg, workdir, o.timeout_ns);
    for (size_t k = 0; k < ncpu_values && completed; k++) {
        sc.cpus = o.ncpus ? o.cpus[k] : 0;
        sc.run_base = (unsigned)(repeat_base + k * o.count);
        completed = !test_proc_interrupted && run_batches(&sc, &shard, run_count, o.duration_ns, &br);
        if (o.failfast && agg.failure_seen)
            break;
    }
    fixtures_clean_up(&fx, &m, &agg, workdir, o.timeout_ns);
    status = agg_finish(&agg, !completed);
    if (reports) {
        char seedtext[32];
        snprintf(seedtext, sizeof seedtext, "%llu", (unsigned long long)seed);
        struct junit_info ji = {.timestamp = timestamp,
                                .shuffle = o.shuffle == SHUFFLE_ON ? seedtext : NULL,
                                .seconds = (double)(test_proc_now_ms() - agg.start_ms) / 1000.0,
                                .opts = &o};
        if (!write_reports(&o, junit, &m, &ji, cwd) && status == 0)
            status = 2;
    }

out:
    if (jsonfile)
        fclose(jsonfile);
    report_collect_free();
    if (workdir[0])
        workdir_remove(workdir);
    free(rtopts);
    test_pattern_free(run_re);
    test_pattern_free(skip_re);
    test_pattern_free(list_re);
    label_filter_free(labels);
    fixtures_free(&fx);
    build_tags_free(&tags);
    model_free(&m);
    test_opts_free(&o);
    test_config_free(&cfg);
    return status;
}
