/*
 * cc/layout.c — finds the runtime relative to the running executable and
 * turns it into compiler flags.
 *
 * Invariants: paths are absolute whenever /proc/self/exe is readable, so
 * the flags work from any working directory (make recurses, CMake builds in
 * its own tree); nothing here runs a program or writes a file.
 */
#include "runner/cc/layout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/cc/args.h"
#include "runner/cc/driver.h"

static int set_path(char *dst, const char *fmt, const char *a, const char *b)
{
    int n = snprintf(dst, PATH_MAX, fmt, a, b);
    return n < 0 || n >= PATH_MAX ? -1 : 0;
}

int cc_layout_find(struct cc_layout *l, char *err, size_t errlen)
{
    memset(l, 0, sizeof *l);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        snprintf(err, errlen, "cannot find the racetest executable (/proc/self/exe): %s",
                 strerror(errno));
        return -1;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    /* Parent of bin/, resolved so that reports and flags stay short. */
    char prefix[PATH_MAX];
    if (set_path(prefix, "%s/..%s", exe, "") != 0)
        goto too_long;
    char resolved[PATH_MAX];
    if (realpath(prefix, resolved))
        snprintf(prefix, sizeof prefix, "%s", resolved);

    const char *env_lib = getenv("RACETEST_LIBDIR");
    const char *env_inc = getenv("RACETEST_INCLUDEDIR");
    if (env_lib && *env_lib) {
        if (set_path(l->libdir, "%s%s", env_lib, "") != 0)
            goto too_long;
    } else if (set_path(l->libdir, "%s/%s", prefix, "lib/racetest") != 0) {
        goto too_long;
    }
    if (env_inc && *env_inc) {
        if (set_path(l->includedir, "%s%s", env_inc, "") != 0)
            goto too_long;
    } else if (set_path(l->includedir, "%s/%s", prefix, "include") != 0) {
        goto too_long;
    }
    if (set_path(l->archive, "%s/%s", l->libdir, "libracetest_rt.a") != 0 ||
        set_path(l->dynlist, "%s/%s", l->libdir, "racetest.dynlist") != 0 ||
        set_path(l->rtlibs_file, "%s/%s", l->libdir, "rt-libs") != 0 ||
        set_path(l->header, "%s/%s", l->includedir, "racetest.h") != 0)
        goto too_long;
    return 0;
too_long:
    snprintf(err, errlen, "installation path too long");
    return -1;
}

/* Reads rt-libs (whitespace-separated link arguments); empty on error. */
static char **read_rt_libs(const char *path, size_t *n)
{
    *n = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return calloc(1, sizeof(char *));
    char buf[4096];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    return cc_split_response_text(buf, n);
}

/* Whether the compiler racetest runs (cc_driver_compiler_words) is clang,
 * by its name. */
static bool compiler_is_clang(void)
{
    size_t n = 0;
    char **words = cc_driver_compiler_words(&n);
    bool clang = false;
    if (words && n > 0) {
        const char *base = strrchr(words[0], '/');
        clang = strstr(base ? base + 1 : words[0], "clang") != NULL;
    }
    cc_argv_free(words);
    return clang;
}

int cc_layout_flags(struct cc_layout *l)
{
    static const char *const fixed_compile[] = {
        /* -g and frame pointers: race reports need good stacks; the macro
         * lets code (and tests) know they are built for the detector. */
        "-fsanitize=thread", "-g", "-fno-omit-frame-pointer", "-DRACETEST_RACE=1",
    };
    /* gcc expands calls of these inline (a constant-size memcpy or memset
     * at -O2, strcpy of a literal even at -O0) after its ThreadSanitizer
     * pass has left them alone as library calls: the accesses vanish.
     * clang instruments what it expands. Cost: bench/PROFILE.md. */
    static const char *const gcc_out_of_line[] = {
        "-fno-builtin-memcpy",  "-fno-builtin-memmove", "-fno-builtin-memset",
        "-fno-builtin-mempcpy", "-fno-builtin-strcpy",  "-fno-builtin-stpcpy",
        "-fno-builtin-strncpy", "-fno-builtin-strcat",  "-fno-builtin-strncat",
        "-fno-builtin-bzero",   "-fno-builtin-bcopy",
    };
    _Static_assert(sizeof fixed_compile / sizeof *fixed_compile +
                           sizeof gcc_out_of_line / sizeof *gcc_out_of_line + 1 <=
                       sizeof l->compile / sizeof *l->compile,
                   "compile flags fit");
    l->n_compile = 0;
    for (size_t i = 0; i < sizeof fixed_compile / sizeof *fixed_compile; i++)
        if (!(l->compile[l->n_compile++] = strdup(fixed_compile[i])))
            return -1;

    if (asprintf(&l->compile[l->n_compile], "-I%s", l->includedir) < 0) {
        l->compile[l->n_compile] = NULL;
        return -1;
    }
    l->n_compile++;
    if (!compiler_is_clang())
        for (size_t i = 0; i < sizeof gcc_out_of_line / sizeof *gcc_out_of_line; i++)
            if (!(l->compile[l->n_compile++] = strdup(gcc_out_of_line[i])))
                return -1;

    size_t n_libs = 0;
    char **libs = read_rt_libs(l->rtlibs_file, &n_libs);
    if (!libs)
        return -1;
    l->link = calloc(n_libs + 5, sizeof *l->link);
    if (!l->link) {
        cc_argv_free(libs);
        return -1;
    }
    /* --whole-archive: the runtime's interceptors (pthread_create, malloc,
     * ...) are referenced by nobody in the program, yet must win over
     * libc's. The dynamic list exports __tsan_* and friends so that
     * instrumented shared libraries resolve to this one runtime. */
    size_t k = 0;
    l->link[k++] = strdup("-Wl,--whole-archive");
    l->link[k++] = strdup(l->archive);
    l->link[k++] = strdup("-Wl,--no-whole-archive");
    if (asprintf(&l->link[k], "-Wl,--dynamic-list=%s", l->dynlist) < 0)
        l->link[k] = NULL;
    k++;
    for (size_t i = 0; i < n_libs; i++)
        l->link[k++] = libs[i];
    free(libs); /* the strings moved into l->link */
    l->n_link = k;
    for (size_t i = 0; i < k; i++)
        if (!l->link[i])
            return -1;
    /* racetest's cmocka glue, for a link that names cmocka (cc/args.h). */
    l->cmocka_glue[0] = strdup("-Wl,--wrap=_cmocka_run_group_tests");
    l->cmocka_glue[1] = strdup("-Wl,--wrap=_skip");
    if (asprintf(&l->cmocka_glue[2], "%s/libracetest_cmocka.a", l->libdir) < 0)
        l->cmocka_glue[2] = NULL;
    l->n_cmocka_glue = 3;
    for (size_t i = 0; i < l->n_cmocka_glue; i++)
        if (!l->cmocka_glue[i])
            return -1;
    return 0;
}

int cc_layout_check_runtime(const struct cc_layout *l, char *err, size_t errlen)
{
    const char *const need[] = {l->archive, l->dynlist, l->rtlibs_file};
    for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
        struct stat st;
        if (stat(need[i], &st) != 0) {
            snprintf(err, errlen,
                     "the detector runtime is missing: %s: %s (run `make` in the "
                     "racetest tree, or set RACETEST_LIBDIR)",
                     need[i], strerror(errno));
            return -1;
        }
    }
    return 0;
}

struct cc_additions cc_layout_additions(const struct cc_layout *l)
{
    struct cc_additions a = {
        .compile = (const char *const *)l->compile,
        .n_compile = l->n_compile,
        .link = (const char *const *)l->link,
        .n_link = l->n_link,
        .cmocka_glue = (const char *const *)l->cmocka_glue,
        .n_cmocka_glue = l->n_cmocka_glue,
    };
    return a;
}

void cc_layout_free(struct cc_layout *l)
{
    for (size_t i = 0; i < l->n_compile; i++)
        free(l->compile[i]);
    l->n_compile = 0;
    if (l->link) {
        for (size_t i = 0; i < l->n_link; i++)
            free(l->link[i]);
        free(l->link);
    }
    l->link = NULL;
    l->n_link = 0;
    for (size_t i = 0; i < sizeof l->cmocka_glue / sizeof *l->cmocka_glue; i++) {
        free(l->cmocka_glue[i]);
        l->cmocka_glue[i] = NULL;
    }
    l->n_cmocka_glue = 0;
}
