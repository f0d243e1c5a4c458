/*
 * suite/config.c — see suite/config.h.
 */
#include "runner/suite/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/suite/model.h"

const char *test_config_find(int argc, char **argv)
{
    const char *found = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            break;
        if (a[0] != '-')
            continue;
        const char *n = a[1] == '-' ? a + 2 : a + 1;
        if (strncmp(n, "config=", 7) == 0)
            found = n + 7;
        else if (strcmp(n, "config") == 0 && i + 1 < argc)
            found = argv[++i];
    }
    return found;
}

static void push(struct config_args *c, char *s, unsigned line)
{
    c->argv = xrealloc2(c->argv, (size_t)c->argc + 2, sizeof *c->argv);
    c->lines = xrealloc2(c->lines, (size_t)c->argc + 1, sizeof *c->lines);
    c->lines[c->argc] = line;
    c->argv[c->argc++] = s;
    c->argv[c->argc] = NULL;
}

int test_config_parse(const char *text, const char *path, struct config_args *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    unsigned lineno = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = xasprintf("%.*s", (int)len, p);
        p = nl ? nl + 1 : p + len;
        lineno++;
        char *s = line;
        while (isspace((unsigned char)*s))
            s++;
        size_t l = strlen(s);
        while (l > 0 && isspace((unsigned char)s[l - 1]))
            s[--l] = '\0';
        if (*s == '\0' || *s == '#') {
            free(line);
            continue;
        }
        char *name = s;
        while (*s == '-')
            name = ++s;
        while (*s && (isalnum((unsigned char)*s) || *s == '_' || *s == '.' || *s == '-'))
            s++;
        char *name_end = s;
        while (isspace((unsigned char)*s))
            s++;
        if (*s == '=') {
            s++;
            while (isspace((unsigned char)*s))
                s++;
        } else if (*s) {
            snprintf(err, errlen, "%s:%u: expected `name = value`, found \"%s\"", path, lineno, name);
            free(line);
            test_config_free(out);
            return -1;
        }
        *name_end = '\0';
        if (*name == '\0') {
            snprintf(err, errlen, "%s:%u: a setting needs a name", path, lineno);
            free(line);
            test_config_free(out);
            return -1;
        }
        if (strcmp(name, "config") == 0) {
            snprintf(err, errlen, "%s:%u: a config file cannot include another (-config)", path, lineno);
            free(line);
            test_config_free(out);
            return -1;
        }
        if (strcmp(name, "paths") == 0) {
            /* The blanks that trimming removes (isspace): a path that began
             * with a form feed would lose it when the file is rewritten. */
            for (char *w = strtok(s, " \t\f\v\r"); w; w = strtok(NULL, " \t\f\v\r")) {
                /* The settings become flag arguments: "-v" would be the
                 * flag -v, not a path (found by tests/fuzz/config.c). */
                if (w[0] == '-') {
                    snprintf(err, errlen, "%s:%u: path \"%s\" starts with '-', which makes it a flag; write ./%s",
                             path, lineno, w, w);
                    free(line);
                    test_config_free(out);
                    return -1;
                }
                push(out, xstrdup(w), lineno);
            }
        } else if (*s) {
            push(out, xasprintf("-%s=%s", name, s), lineno);
        } else {
            push(out, xasprintf("-%s", name), lineno);
        }
        free(line);
    }
    return 0;
}

int test_config_load(const char *path, struct config_args *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char *text = read_file_all(path, NULL);
    if (!text) {
        snprintf(err, errlen, "-config %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = test_config_parse(text, path, out, err, errlen);
    free(text);
    return rc;
}

void test_config_free(struct config_args *c)
{
    for (int i = 0; i < c->argc; i++)
        free(c->argv[i]);
    free(c->argv);
    free(c->lines);
    memset(c, 0, sizeof *c);
}
