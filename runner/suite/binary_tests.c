/*
 * suite/binary_tests.c — see suite/binary_tests.h.
 */
#include "runner/suite/binary_tests.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/suite/build.h"

static bool is_executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* A name without '/' is looked up in PATH, as execvp would; the result is
 * absolute so that the runs (in cwd) and the glue probe read the same file. */
static char *resolve(const char *name, char *err, size_t errlen)
{
    char abs[PATH_MAX];
    if (strchr(name, '/')) {
        if (!realpath(name, abs)) {
            snprintf(err, errlen, "%s: %s", name, strerror(errno));
            return NULL;
        }
        if (!is_executable_file(abs)) {
            snprintf(err, errlen, "%s: not an executable file", name);
            return NULL;
        }
        return xstrdup(abs);
    }
    const char *path = getenv("PATH");
    for (const char *p = path && *path ? path : "/usr/bin:/bin"; *p;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        char *cand = xasprintf("%.*s/%s", (int)len, len ? p : ".", name);
        if (is_executable_file(cand) && realpath(cand, abs)) {
            free(cand);
            return xstrdup(abs);
        }
        free(cand);
        p += len + (colon ? 1 : 0);
    }
    snprintf(err, errlen, "%s: no such executable in PATH", name);
    return NULL;
}

struct rt_file *binary_tests_add(struct rt_model *m, char *const *cmd, size_t n, const char *dir, char *err,
                                 size_t errlen)
{
    char *abs = resolve(cmd[0], err, errlen);
    if (!abs)
        return NULL;
    struct rt_file *f = model_add_file(m);
    f->path = abs;
    f->binary = xstrdup(abs);
    f->rel = xstrdup(cmd[0]);
    f->dir = xstrdup(dir);
    f->is_cmocka = test_binary_has_glue(abs);
    for (size_t k = 1; k < n; k++)
        strv_push(&f->args, cmd[k]);
    return f;
}

struct rt_file *binary_tests_add_registered(struct rt_model *m, const char *name, char *const *cmd, size_t n,
                                            const char *dir, char *err, size_t errlen)
{
    struct rt_file *f = binary_tests_add(m, cmd, n, dir, err, errlen);
    if (f) {
        free(f->rel);
        f->rel = xstrdup(name);
    }
    return f;
}
