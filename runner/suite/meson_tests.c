/*
 * suite/meson_tests.c — see suite/meson_tests.h.
 */
#include "runner/suite/meson_tests.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/report/json.h"
#include "runner/suite/binary_tests.h"

/* Meson's (and Automake's) exit status of a skipped test. */
#define GNU_SKIP_EXIT 77

/* One Meson test as a file of the model. */
static int add_test(struct rt_model *m, const struct jval *t, const char *build_dir, char *err, size_t errlen)
{
    const char *name = json_get_str(t, "name", NULL);
    if (!name || !*name) {
        snprintf(err, errlen, "-meson %s: a test without a name in meson-info/intro-tests.json", build_dir);
        return -1;
    }
    const struct jval *cmd = json_get(t, "cmd");
    if (!cmd || cmd->type != J_ARR || cmd->n == 0) {
        snprintf(err, errlen, "-meson %s: test %s has no command in meson-info/intro-tests.json", build_dir, name);
        return -1;
    }
    char **argv = xcalloc(cmd->n + 1, sizeof *argv);
    for (size_t i = 0; i < cmd->n; i++)
        argv[i] = cmd->items[i]->type == J_STR ? cmd->items[i]->str : "";
    const char *wd = json_get_str(t, "workdir", NULL);
    char why[PATH_MAX + 64];
    struct rt_file *f = binary_tests_add_registered(m, name, argv, cmd->n, wd && *wd ? wd : build_dir, why, sizeof why);
    bool missing = !f && errno == ENOENT;
    free(argv);
    if (!f) {
        snprintf(err, errlen, "-meson %s: test %s: %s%s", build_dir, name, why,
                 missing ? " (is it built? run `meson compile -C BUILD_DIR`)" : "");
        return -1;
    }
    const struct jval *env = json_get(t, "env");
    for (size_t i = 0; env && env->type == J_OBJ && i < env->n; i++)
        if (env->items[i]->type == J_STR && *env->keys[i] && !strchr(env->keys[i], '=')) {
            char *kv = xasprintf("%s=%s", env->keys[i], env->items[i]->str);
            strv_push(&f->env, kv);
            free(kv);
        }
    const struct jval *suites = json_get(t, "suite");
    for (size_t i = 0; suites && suites->type == J_ARR && i < suites->n; i++)
        if (suites->items[i]->type == J_STR && *suites->items[i]->str)
            strv_push(&f->labels, suites->items[i]->str);
    const struct jval *timeout = json_get(t, "timeout");
    if (timeout && timeout->type == J_NUM && timeout->num > 0 && timeout->num < 1e9)
        f->timeout_ns = (int64_t)(timeout->num * 1e9);
    const struct jval *parallel = json_get(t, "is_parallel");
    f->serial = parallel && parallel->type == J_BOOL && parallel->num == 0;
    if (strcmp(json_get_str(t, "protocol", "exitcode"), "exitcode") == 0)
        f->skip_exit = GNU_SKIP_EXIT;
    return 0;
}

int meson_tests_add(struct rt_model *m, const char *build_dir, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    if (!realpath(build_dir, dir)) {
        snprintf(err, errlen, "-meson %s: %s", build_dir, strerror(errno));
        return -1;
    }
    char *path = xasprintf("%s/meson-info/intro-tests.json", dir);
    size_t len = 0;
    char *text = read_file_all(path, &len);
    free(path);
    if (!text) {
        snprintf(err, errlen, "-meson %s: cannot read meson-info/intro-tests.json there: %s (want a Meson build "
                              "folder, made by `meson setup`)", build_dir, strerror(errno));
        return -1;
    }
    struct json_doc *doc = NULL;
    char why[128];
    const struct jval *root = json_parse(text, len, &doc, why, sizeof why);
    int rc = 0;
    if (!root || root->type != J_ARR) {
        snprintf(err, errlen, "-meson %s: meson-info/intro-tests.json is not Meson's list of tests (%s)", build_dir,
                 root ? "not a JSON array" : why);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < root->n; i++)
        rc = add_test(m, root->items[i], dir, err, errlen);
    json_free(doc);
    free(text);
    return rc;
}
