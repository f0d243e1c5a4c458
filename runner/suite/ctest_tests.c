/*
 * suite/ctest_tests.c — see suite/ctest_tests.h.
 */
#include "runner/suite/ctest_tests.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner/report/json.h"
#include "runner/suite/binary_tests.h"
#include "runner/suite/proc.h"

/* ctest's JSON description of the tests (malloc'd), or NULL with a message. */
static char *show_only_json(const char *build_dir, size_t *len, char *err, size_t errlen)
{
    FILE *out = tmpfile();
    if (!out) {
        snprintf(err, errlen, "-ctest: cannot create a temporary file: %s", strerror(errno));
        return NULL;
    }
    char *argv[] = {"ctest", "--show-only=json-v1", NULL};
    int st = test_proc_run_sync(argv, build_dir, fileno(out));
    char *text = NULL;
    long size = fseek(out, 0, SEEK_END) == 0 ? ftell(out) : -1;
    if (size >= 0 && fseek(out, 0, SEEK_SET) == 0) {
        text = xcalloc((size_t)size + 1, 1);
        *len = fread(text, 1, (size_t)size, out);
    }
    fclose(out);
    if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || !text) {
        char how[128];
        if (st < 0)
            snprintf(how, sizeof how, "could not run ctest: %s", strerror(errno));
        else
            test_proc_describe(st, how, sizeof how);
        snprintf(err, errlen, "-ctest %s: `ctest --show-only=json-v1` failed (%s)%s%.300s", build_dir, how,
                 text && *text ? ":\n" : "", text ? text : "");
        free(text);
        return NULL;
    }
    return text;
}

/* The value of the CTest property `name` of test t, or NULL. */
static const struct jval *property(const struct jval *t, const char *name)
{
    const struct jval *props = json_get(t, "properties");
    for (size_t i = 0; props && props->type == J_ARR && i < props->n; i++)
        if (strcmp(json_get_str(props->items[i], "name", ""), name) == 0)
            return json_get(props->items[i], "value");
    return NULL;
}

/* Appends a list property's strings (ctest gives a list as an array; a
 * single value may come as a string) to to; with assignments, only
 * NAME=VALUE ones. */
static void push_strings(struct strv *to, const struct jval *v, bool assignments)
{
    size_t n = v && v->type == J_ARR ? v->n : v && v->type == J_STR ? 1 : 0;
    for (size_t i = 0; i < n; i++) {
        const struct jval *s = v->type == J_ARR ? v->items[i] : v;
        if (s->type == J_STR && *s->str && (!assignments || strchr(s->str, '=')))
            strv_push(to, s->str);
    }
}

/* One CTest test as a file of the model. */
static int add_test(struct rt_model *m, const struct jval *t, const char *build_dir, char *err, size_t errlen)
{
    const char *name = json_get_str(t, "name", NULL);
    if (!name || !*name) {
        snprintf(err, errlen, "-ctest %s: a test without a name in ctest's output", build_dir);
        return -1;
    }
    const struct jval *dis = property(t, "DISABLED");
    if (dis && dis->type == J_BOOL && dis->num != 0)
        return 0;
    const struct jval *cmd = json_get(t, "command");
    if (!cmd || cmd->type != J_ARR || cmd->n == 0) {
        snprintf(err, errlen, "-ctest %s: test %s has no command (is its executable built?)", build_dir, name);
        return -1;
    }
    char **argv = xcalloc(cmd->n + 1, sizeof *argv);
    for (size_t i = 0; i < cmd->n; i++)
        argv[i] = cmd->items[i]->type == J_STR ? cmd->items[i]->str : "";
    const struct jval *wd = property(t, "WORKING_DIRECTORY");
    char why[PATH_MAX + 64];
    const char *dir = wd && wd->type == J_STR ? wd->str : build_dir;
    struct rt_file *f = binary_tests_add_registered(m, name, argv, cmd->n, dir, why, sizeof why);
    free(argv);
    if (!f) {
        snprintf(err, errlen, "-ctest %s: test %s: %s", build_dir, name, why);
        return -1;
    }
    push_strings(&f->env, property(t, "ENVIRONMENT"), true);
    push_strings(&f->labels, property(t, "LABELS"), false);
    push_strings(&f->resource_locks, property(t, "RESOURCE_LOCK"), false);
    const struct jval *serial = property(t, "RUN_SERIAL");
    f->serial = serial && serial->type == J_BOOL && serial->num != 0;
    push_strings(&f->fixtures_setup, property(t, "FIXTURES_SETUP"), false);
    push_strings(&f->fixtures_cleanup, property(t, "FIXTURES_CLEANUP"), false);
    push_strings(&f->fixtures_required, property(t, "FIXTURES_REQUIRED"), false);
    const struct jval *timeout = property(t, "TIMEOUT");
    if (timeout && timeout->type == J_NUM && timeout->num > 0 && timeout->num < 1e9)
        f->timeout_ns = (int64_t)(timeout->num * 1e9);
    const struct jval *skip = property(t, "SKIP_RETURN_CODE");
    if (skip && skip->type == J_NUM && skip->num >= 1 && skip->num <= 255)
        f->skip_exit = (int)skip->num;
    return 0;
}

int ctest_tests_add(struct rt_model *m, const char *build_dir, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    if (!realpath(build_dir, dir)) {
        snprintf(err, errlen, "-ctest %s: %s", build_dir, strerror(errno));
        return -1;
    }
    /* ctest elsewhere lists nothing and succeeds: say what is wrong instead. */
    char *testfile = xasprintf("%s/CTestTestfile.cmake", dir);
    bool is_build_dir = access(testfile, R_OK) == 0;
    free(testfile);
    if (!is_build_dir) {
        snprintf(err, errlen, "-ctest %s: no CTestTestfile.cmake there (want a CMake build folder of a project that "
                              "calls enable_testing())", build_dir);
        return -1;
    }
    size_t len = 0;
    char *text = show_only_json(dir, &len, err, errlen);
    if (!text)
        return -1;
    struct json_doc *doc = NULL;
    char why[128];
    const struct jval *root = json_parse(text, len, &doc, why, sizeof why);
    const struct jval *tests = json_get(root, "tests");
    int rc = 0;
    if (!root || strcmp(json_get_str(root, "kind", ""), "ctestInfo") != 0 || !tests || tests->type != J_ARR) {
        snprintf(err, errlen, "-ctest %s: ctest's output is not its JSON test list (%s)", build_dir,
                 root ? "no \"ctestInfo\" with \"tests\"" : why);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < tests->n; i++)
        rc = add_test(m, tests->items[i], dir, err, errlen);
    json_free(doc);
    free(text);
    return rc;
}
