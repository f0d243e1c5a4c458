/*
 * program/command.c — argument handling and orchestration of `racetest build`
 * and `racetest run` (see program/command.h).
 *
 * Invariants: every program is linked inside a private mkdtemp directory
 * created next to its destination (same file system, so the final rename is
 * atomic) and that directory is always removed; a cache entry is published
 * only after the build succeeded (program/build_cache.h).
 */
#include "runner/program/command.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "runner/program/build_cache.h"
#include "runner/cc/args.h"
#include "runner/cc/driver.h"
#include "runner/cc/layout.h"
#include "scheduler_fuzz/prng.h"
#include "runner/cc/make_deps.h"
#include "runner/suite/flags.h"
#include "runner/cc/spawn.h"

struct request {
    const char *cmd;      /* "build" or "run", for messages */
    char **args;          /* compiler arguments in order (borrowed strings) */
    unsigned char *is_input;
    size_t n_args;
    const char *first_source;
    const char *output;   /* build -o */
    char **prog_args;     /* run: after -- (borrowed) */
    size_t n_prog_args;
    bool sched_set;       /* run -sched X (issue 6) */
    struct test_opts sched; /* run: -sched and -seed, parsed as by racetest test */
};

static void request_free(struct request *r)
{
    free(r->args);
    free(r->is_input);
}

static int usage_error(const struct request *r, const char *fmt, const char *arg)
{
    fprintf(stderr, "racetest %s: ", r->cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (usage: racetest %s)\n",
            strcmp(r->cmd, "run") == 0 ? "run FILE.c... [cc flags] [-- ARGS]"
                                       : "build [-o OUT] FILE.c... [cc flags]");
    return 2;
}

/* Options that would stop the build before a program exists. */
static const char *const not_for_programs[] = {
    "-c", "-S", "-E", "-M", "-MM", "-shared", "-r", "-fsyntax-only", NULL,
};

/* The scheduler flags `racetest run` takes (as -flag V or -flag=V). */
static bool is_sched_flag(const char *a)
{
    static const char *const names[] = {"-sched", "-seed", "-pct-depth", "-pct-steps"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t n = strlen(names[k]);
        if (!strncmp(a, names[k], n) && (a[n] == '\0' || a[n] == '='))
            return true;
    }
    return false;
}

static int parse(struct request *r, int argc, char **argv, bool is_run)
{
    r->args = calloc((size_t)argc + 1, sizeof *r->args);
    r->is_input = calloc((size_t)argc + 1, 1);
    if (!r->args || !r->is_input) {
        fprintf(stderr, "racetest %s: out of memory\n", r->cmd);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            if (!is_run)
                return usage_error(r, "unexpected %s: program arguments are for "
                                      "`racetest run`", a);
            r->prog_args = argv + i + 1;
            r->n_prog_args = (size_t)(argc - i - 1);
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            printf("usage: racetest %s\n",
                   is_run ? "run FILE.c... [cc flags] [-- ARGS]"
                          : "build [-o OUT] FILE.c... [cc flags]");
            return 1; /* help printed: the command ends with status 0 */
        }
        if (strcmp(a, "-o") == 0 || (a[0] == '-' && a[1] == 'o')) {
            if (is_run)
                return usage_error(r, "%s is not supported: run keeps its program in "
                                      "the cache; use `racetest build -o`", "-o");
            const char *v = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !*v)
                return usage_error(r, "%s needs a file name", "-o");
            r->output = v;
            continue;
        }
        if (is_run && is_sched_flag(a)) {
            char err[256];
            int n = strchr(a, '=') || i + 1 >= argc ? 1 : 2;
            if (test_flags_parse(&r->sched, n, argv + i, err, sizeof err) != 0) {
                fprintf(stderr, "racetest run: %s\n", err);
                return 2;
            }
            r->sched_set |= !strncmp(a, "-sched", 6);
            i += n - 1;
            continue;
        }
        if (strcmp(a, "-") == 0)
            return usage_error(r, "%s: reading the program from standard input is not "
                                  "supported", a);
        if (a[0] == '-') {
            for (const char *const *p = not_for_programs; *p; p++)
                if (strcmp(a, *p) == 0)
                    return usage_error(r, "%s is not allowed: this command links a "
                                          "program (use `racetest cc` for other steps)",
                                       a);
            r->args[r->n_args++] = argv[i];
            if (cc_option_takes_value(a)) {
                if (i + 1 >= argc)
                    return usage_error(r, "%s needs a value", a);
                r->args[r->n_args++] = argv[++i];
            }
            continue;
        }
        struct stat st;
        if (stat(a, &st) != 0) {
            fprintf(stderr, "racetest %s: %s: %s\n", r->cmd, a, strerror(errno));
            return 2;
        }
        if (!S_ISREG(st.st_mode)) {
            fprintf(stderr, "racetest %s: %s: not a regular file\n", r->cmd, a);
            return 2;
        }
        if (!r->first_source && cc_is_source_name(a))
            r->first_source = a;
        r->is_input[r->n_args] = 1;
        r->args[r->n_args++] = argv[i];
    }
    if (!r->first_source)
        return usage_error(r, "%s", "no C source file given");
    return 0;
}

/* "dir/prog.c" -> "prog". */
static void stem_of(const char *path, char *out, size_t outlen)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    snprintf(out, outlen, "%.*s", (int)len, base);
}

/* Removes DIR and the files in it (the linker's output, dependency files
 * that -MD put next to it). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[PATH_MAX];
            if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) < (int)sizeof p)
                unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Builds the request's program and renames it to FINAL. Returns 0 or 2
 * (after the one-line error). */
static int build_to(const struct request *r, const char *final)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(final, '/');
    int n = slash ? snprintf(dir, sizeof dir, "%.*s/.racetest-build.XXXXXX",
                             (int)(slash - final), final)
                  : snprintf(dir, sizeof dir, ".racetest-build.XXXXXX");
    if (n < 0 || (size_t)n >= sizeof dir) {
        fprintf(stderr, "racetest %s: %s: path too long\n", r->cmd, final);
        return 2;
    }
    if (!mkdtemp(dir)) {
        fprintf(stderr, "racetest %s: cannot create a build directory for %s: %s\n",
                r->cmd, final, strerror(errno));
        return 2;
    }
    char stem[NAME_MAX], target[PATH_MAX];
    stem_of(final, stem, sizeof stem);
    if (snprintf(target, sizeof target, "%s/%s", dir, stem) >= (int)sizeof target) {
        remove_tree(dir);
        fprintf(stderr, "racetest %s: %s: path too long\n", r->cmd, final);
        return 2;
    }

    char **cc_argv = calloc(r->n_args + 4, sizeof *cc_argv);
    if (!cc_argv) {
        remove_tree(dir);
        fprintf(stderr, "racetest %s: out of memory\n", r->cmd);
        return 2;
    }
    size_t k = 0;
    cc_argv[k++] = "cc";
    for (size_t i = 0; i < r->n_args; i++)
        cc_argv[k++] = r->args[i];
    cc_argv[k++] = "-o";
    cc_argv[k++] = target;
    int rc = cc_driver_main((int)k, cc_argv);
    free(cc_argv);
    if (rc == 0 && rename(target, final) != 0) {
        fprintf(stderr, "racetest %s: cannot write %s: %s\n", r->cmd, final,
                strerror(errno));
        remove_tree(dir);
        return 2;
    }
    remove_tree(dir);
    if (rc != 0) {
        fprintf(stderr, "racetest %s: building %s failed (compiler status %d)\n", r->cmd,
                r->first_source, rc);
        return 2;
    }
    return 0;
}

int cmd_build(int argc, char **argv)
{
    struct request r = {.cmd = "build"};
    int rc = parse(&r, argc, argv, false);
    if (rc == 1)
        rc = 0;
    else if (rc == 0) {
        char def[NAME_MAX];
        stem_of(r.first_source, def, sizeof def);
        rc = build_to(&r, r.output ? r.output : def);
    }
    request_free(&r);
    return rc;
}

/* Records which files the program was built from (cc -MM), so that an
 * edited header makes the entry stale. Failure only costs a rebuild. */
static void write_manifest(const struct request *r, const char *entry)
{
    size_t n_flags = 0;
    char **flags = cc_compile_only_args((int)r->n_args, r->args, &n_flags);
    if (!flags)
        return;
    char **argv = calloc(n_flags + r->n_args + 4, sizeof *argv);
    if (!argv) {
        cc_argv_free(flags);
        return;
    }
    size_t k = 0;
    argv[k++] = "/proc/self/exe"; /* this racetest, in the child */
    argv[k++] = "cc";
    argv[k++] = "-MM";
    for (size_t i = 0; i < n_flags; i++)
        argv[k++] = flags[i];
    for (size_t i = 0; i < r->n_args; i++)
        if (r->is_input[i] && cc_is_source_name(r->args[i]))
            argv[k++] = r->args[i];
    char *out = NULL;
    size_t len = 0;
    int rc = spawn_capture(argv, 1, &out, &len);
    free(argv);
    cc_argv_free(flags);
    if (rc == 0 && out) {
        size_t n = 0;
        char **deps = make_deps_parse(out, &n);
        if (deps) {
            build_cache_write_manifest(entry, deps, n);
            cc_argv_free(deps);
        }
    }
    free(out);
}

/* run -sched/-seed/-pct-depth/-pct-steps: the scheduler options for the
 * program, appended to the user's RACETEST_OPTIONS; the seed is printed (to
 * stderr: stdout is the program's). */
static void set_sched_options(struct request *r)
{
    if (!r->sched_set && !r->sched.seed_set && !r->sched.pct_depth && !r->sched.pct_steps)
        return;
    uint64_t seed = r->sched.seed;
    if (!r->sched.seed_set) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        struct prng r = {((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec) ^ ((uint64_t)getpid() << 32)};
        seed = prng_next(&r);
    }
    fprintf(stderr, "racetest: seed 0x%016llx\n", (unsigned long long)seed);
    const char *user = getenv("RACETEST_OPTIONS");
    char buf[4096], depth[32] = "", steps[32] = "";
    if (r->sched.pct_depth)
        snprintf(depth, sizeof depth, " pct_depth=%u", r->sched.pct_depth);
    if (r->sched.pct_steps)
        snprintf(steps, sizeof steps, " pct_steps=%u", r->sched.pct_steps);
    snprintf(buf, sizeof buf, "%s%s%s%s sched_seed=0x%016llx%s%s", user ? user : "", user && *user ? " " : "",
             r->sched_set ? "sched=" : "", r->sched_set ? r->sched.sched : "", (unsigned long long)seed, depth,
             steps);
    setenv("RACETEST_OPTIONS", buf, 1);
}

int cmd_run(int argc, char **argv)
{
    struct request r = {.cmd = "run"};
    test_opts_init(&r.sched);
    int rc = parse(&r, argc, argv, true);
    if (rc != 0) {
        request_free(&r);
        return rc == 1 ? 0 : rc;
    }
    char err[PATH_MAX + 256] = "";
    char dir[PATH_MAX], key[33], entry[PATH_MAX], stem[NAME_MAX];
    struct cc_layout layout;
    size_t n_words = 0;
    char **words = cc_driver_compiler_words(&n_words);
    rc = 2;
    if (cc_layout_find(&layout, err, sizeof err) != 0 || cc_layout_flags(&layout) != 0 ||
        !words || build_cache_dir(dir, sizeof dir, err, sizeof err) != 0 ||
        build_cache_key(words, n_words, r.args, r.is_input, r.n_args, &layout, key, err,
                        sizeof err) != 0) {
        fprintf(stderr, "racetest run: %s\n", err[0] ? err : "out of memory");
        goto out;
    }
    stem_of(r.first_source, stem, sizeof stem);
    if (snprintf(entry, sizeof entry, "%s/%s-%s", dir, key, stem) >= (int)sizeof entry) {
        fprintf(stderr, "racetest run: cache path too long\n");
        goto out;
    }
    if (!build_cache_valid(entry)) {
        if (build_to(&r, entry) != 0)
            goto out;
        write_manifest(&r, entry);
    }

    char **pargv = calloc(r.n_prog_args + 2, sizeof *pargv);
    if (!pargv) {
        fprintf(stderr, "racetest run: out of memory\n");
        goto out;
    }
    pargv[0] = entry;
    for (size_t i = 0; i < r.n_prog_args; i++)
        pargv[i + 1] = r.prog_args[i];
    set_sched_options(&r);
    fflush(NULL);
    execv(entry, pargv);
    fprintf(stderr, "racetest run: cannot run %s: %s\n", entry, strerror(errno));
    free(pargv);
out:
    cc_argv_free(words);
    cc_layout_free(&layout);
    request_free(&r);
    return rc;
}
