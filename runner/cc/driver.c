/*
 * cc/driver.c — runs the plan of cc/args.c with the flags of cc/layout.c.
 *
 * Invariants: temporary objects live in a private mkdtemp directory that is
 * removed whatever happens to the steps; steps run in order and the first
 * failure stops the build with that step's status; the user's command line
 * is never passed through a shell.
 */
#include "runner/cc/driver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner/cc/args.h"
#include "runner/cc/layout.h"
#include "runner/cc/spawn.h"

/* Arguments of one command, with @response files expanded. */
struct args {
    char **v;
    size_t n;
};

static void args_free(struct args *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
}

static int args_push(struct args *a, const char *s, size_t *cap)
{
    if (a->n + 1 >= *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        char **v = realloc(a->v, c * sizeof *v);
        if (!v)
            return -1;
        a->v = v;
        *cap = c;
    }
    if (!(a->v[a->n] = strdup(s)))
        return -1;
    a->v[++a->n] = NULL;
    return 0;
}

static char *read_small_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
        if (len + 1 == cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
            } else {
                buf = b;
                cap *= 2;
            }
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

/* gcc and clang read @FILE as more arguments. Expanded here, because the
 * file may name sources that have to be compiled with our flags. An
 * unreadable @FILE is passed on for the compiler to complain about. */
static int expand(struct args *a, size_t *cap, char *const *in, size_t n, int depth)
{
    for (size_t i = 0; i < n; i++) {
        char *text = NULL;
        if (in[i][0] == '@' && depth < 10 && (text = read_small_file(in[i] + 1))) {
            size_t m = 0;
            char **words = cc_split_response_text(text, &m);
            free(text);
            if (!words)
                return -1;
            int rc = expand(a, cap, words, m, depth + 1);
            cc_argv_free(words);
            if (rc != 0)
                return -1;
        } else if (args_push(a, in[i], cap) != 0) {
            return -1;
        }
    }
    return 0;
}

char **cc_driver_compiler_words(size_t *n)
{
    const char *env = getenv("RACETEST_CC");
    char **w = cc_split_response_text(env && *env ? env : "cc", n);
    if (w && *n == 0) {
        cc_argv_free(w);
        w = cc_split_response_text("cc", n);
    }
    return w;
}

static void trace(char *const argv[])
{
    const char *t = getenv("RACETEST_CC_TRACE");
    if (!t || !*t || strcmp(t, "0") == 0)
        return;
    fputs("racetest cc: +", stderr);
    for (; *argv; argv++)
        fprintf(stderr, " %s", *argv);
    fputc('\n', stderr);
}

static int print_query(const char *q, const struct cc_layout *l)
{
    if (strcmp(q, "--print-libdir") == 0) {
        printf("%s\n", l->libdir);
    } else if (strcmp(q, "--print-includedir") == 0) {
        printf("%s\n", l->includedir);
    } else if (strcmp(q, "--print-cflags") == 0) {
        for (size_t i = 0; i < l->n_compile; i++)
            printf("%s%s", i ? " " : "", l->compile[i]);
        putchar('\n');
    } else {
        /* -fno-sanitize=thread first: build systems that repeat CFLAGS on
         * the link line must not link libtsan next to our runtime. */
        printf("-fno-sanitize=thread");
        for (size_t i = 0; i < l->n_link; i++)
            printf(" %s", l->link[i]);
        putchar('\n');
    }
    return fflush(stdout) == 0 ? 0 : 2;
}

static int is_query(const char *a)
{
    return strcmp(a, "--print-cflags") == 0 || strcmp(a, "--print-ldflags") == 0 ||
           strcmp(a, "--print-libdir") == 0 || strcmp(a, "--print-includedir") == 0;
}

int cc_driver_main(int argc, char **argv)
{
    char err[PATH_MAX + 256] = "";
    struct cc_layout layout;
    if (cc_layout_find(&layout, err, sizeof err) != 0 || cc_layout_flags(&layout) != 0) {
        fprintf(stderr, "racetest cc: %s\n", err[0] ? err : "out of memory");
        cc_layout_free(&layout);
        return 2;
    }
    if (argc == 2 && is_query(argv[1])) {
        int rc = print_query(argv[1], &layout);
        cc_layout_free(&layout);
        return rc;
    }

    int rc = 2;
    struct args args = {0};
    size_t cap = 0;
    size_t n_words = 0;
    char **words = cc_driver_compiler_words(&n_words);
    struct cc_plan plan = {0};
    char tmpdir[PATH_MAX] = "";
    if (!words || expand(&args, &cap, argv + 1, (size_t)(argc - 1), 0) != 0) {
        fprintf(stderr, "racetest cc: out of memory\n");
        goto out;
    }

    struct cc_additions add = cc_layout_additions(&layout);
    if (cc_plan_make(&plan, (const char *const *)words, n_words, (int)args.n, args.v, &add,
                     NULL, err, sizeof err) != 0) {
        fprintf(stderr, "racetest cc: %s\n", err);
        goto out;
    }
    if (plan.needs_tmpdir) {
        const char *t = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/racetest-cc.XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(tmpdir)) {
            fprintf(stderr, "racetest cc: cannot create a temporary directory in %s: %s\n",
                    t && *t ? t : "/tmp", strerror(errno));
            tmpdir[0] = '\0';
            goto out;
        }
        cc_plan_free(&plan);
        if (cc_plan_make(&plan, (const char *const *)words, n_words, (int)args.n, args.v,
                         &add, tmpdir, err, sizeof err) != 0) {
            fprintf(stderr, "racetest cc: %s\n", err);
            goto out;
        }
    }
    if (plan.links_runtime && cc_layout_check_runtime(&layout, err, sizeof err) != 0) {
        fprintf(stderr, "racetest cc: %s\n", err);
        goto out;
    }
    rc = 0;
    for (size_t i = 0; i < plan.n_steps && rc == 0; i++) {
        trace(plan.steps[i].argv);
        rc = spawn_wait(plan.steps[i].argv);
    }

out:
    for (size_t i = 0; i < plan.n_temp_objects; i++)
        unlink(plan.temp_objects[i]);
    if (tmpdir[0] && rmdir(tmpdir) != 0)
        fprintf(stderr, "racetest cc: warning: cannot remove %s: %s\n", tmpdir,
                strerror(errno));
    cc_plan_free(&plan);
    cc_argv_free(words);
    args_free(&args);
    cc_layout_free(&layout);
    return rc;
}
