/*
 * cmd_test.c — `racetest [test] [flags] [paths]`: the orchestration of the
 * test runner, in the order of DESIGN.md's data flow:
 *   flags (+ -config) -> discovery and build constraints (test_discover)
 *   -> builds and test lists (test_build) -> selection (-run/-skip/-list,
 *   filters/pattern.h) -> runs (test_supervisor) -> aggregation and report
 *   (test_aggregate, test_output_*) -> exit status.
 *
 * Invariants: usage and configuration errors are reported before anything
 * is built, naming the flag or file, with exit status 2; everything the
 * command creates lives in one private mkdtemp directory, removed at the end
 * (test binaries survive only with -o DIR).
 */
#include "cmd_test.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cc_layout.h"
#include "filters/build_constraint.h"
#include "filters/pattern.h"
#include "test_aggregate.h"
#include "test_build.h"
#include "test_config.h"
#include "test_discover.h"
#include "test_flags.h"
#include "test_model.h"
#include "test_output.h"
#include "test_proc.h"
#include "test_supervisor.h"

static int usage_error(const char *msg)
{
    fprintf(stderr, "racetest: %s\n", msg);
    fprintf(stderr, "run 'racetest test -h' for the flags\n");
    return 2;
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    remove(path);
    return 0;
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

static int compile_pattern(const char *flag, const char *re, pattern **out)
{
    *out = NULL;
    if (!re)
        return 0;
    filter_error ferr;
    memset(&ferr, 0, sizeof ferr);
    if (pattern_compile(flag, re, out, &ferr) != 0) {
        fprintf(stderr, "racetest: %s\n", ferr.msg);
        return -1;
    }
    return 0;
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
    if (cfg.argc && test_flags_parse(&o, cfg.argc, cfg.argv, err, sizeof err) != 0) {
        fprintf(stderr, "racetest: %s: %s\n", config_path, err);
        test_config_free(&cfg);
        return 2;
    }
    /* Paths on the command line replace those of the config file. */
    const char **cfg_paths = o.paths;
    size_t cfg_npaths = o.npaths;
    o.paths = NULL;
    o.npaths = 0;
    if (test_flags_parse(&o, argc - 1, argv + 1, err, sizeof err) != 0) {
        free(cfg_paths);
        test_config_free(&cfg);
        return usage_error(err);
    }
    if (o.npaths == 0) {
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
    pattern *run_re = NULL, *skip_re = NULL, *list_re = NULL;
    build_tags tags = {0};
    struct rt_model m = {0};
    char workdir[PATH_MAX] = "";
    char *rtopts = NULL;
    if (compile_pattern("-run", o.run, &run_re) < 0 || compile_pattern("-skip", o.skip, &skip_re) < 0 ||
        compile_pattern("-list", o.list, &list_re) < 0)
        goto out;
    filter_error ferr;
    memset(&ferr, 0, sizeof ferr);
    if (build_tags_add_host(&tags, o.race, &ferr) != 0 || (o.tags && build_tags_add_list(&tags, o.tags, &ferr) != 0)) {
        fprintf(stderr, "racetest: -tags: %s\n", ferr.msg);
        goto out;
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

    /* Discovery. */
    if (test_discover(&m, o.paths, o.npaths, &tags, err, sizeof err) != 0) {
        fprintf(stderr, "racetest: %s\n", err);
        goto out;
    }
    if (m.nfiles == 0) {
        for (size_t i = 0; i < (o.npaths ? o.npaths : 1); i++)
            printf("?   \t%s\t[no test files]\n", o.npaths ? o.paths[i] : ".");
        status = 0;
        goto out;
    }

    const char *tmp = getenv("TMPDIR");
    snprintf(workdir, sizeof workdir, "%s/racetest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(workdir)) {
        fprintf(stderr, "racetest: cannot create a temporary directory in %s: %s\n", tmp && *tmp ? tmp : "/tmp",
                strerror(errno));
        workdir[0] = '\0';
        goto out;
    }

    const struct test_output *out = o.json ? &test_output_json : &test_output_text;
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
    test_build_all(&m, &be);
    if (!test_proc_interrupted)
        test_list_all(&m, &be);
    for (size_t i = 0; i < m.nfiles && !test_proc_interrupted; i++)
        if (m.files[i].build_failed || m.files[i].list_failed)
            out->build_failed(&o, &m.files[i]);

    /* Selection. */
    for (size_t i = 0; i < m.ntests; i++) {
        struct rt_test *t = &m.tests[i];
        int sel = pattern_selects(list_re ? list_re : run_re, skip_re, t->name, &ferr);
        if (sel < 0) {
            fprintf(stderr, "racetest: %s\n", ferr.msg);
            goto out;
        }
        t->selected = sel == 1;
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
        if (!o.json)
            printf("-shuffle %llu\n", (unsigned long long)seed);
        fflush(stdout);
    }
    rtopts = runtime_options(cwd);
    struct sup_cfg sc = {.m = &m,
                         .o = &o,
                         .agg = &agg,
                         .workdir = workdir,
                         .parallel = parallel,
                         .shuffle_seed = seed,
                         .rt_options = rtopts};
    bool completed = !test_proc_interrupted && test_supervise(&sc);
    status = agg_finish(&agg, !completed);

out:
    if (workdir[0])
        nftw(workdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(rtopts);
    pattern_free(run_re);
    pattern_free(skip_re);
    pattern_free(list_re);
    build_tags_free(&tags);
    model_free(&m);
    test_opts_free(&o);
    test_config_free(&cfg);
    return status;
}
