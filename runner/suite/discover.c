/*
 * suite/discover.c — see suite/discover.h. Paths are handled lexically
 * (joined with the current directory, then cleaned), so test ids follow the
 * names the user typed, not where symbolic links point.
 */
#include "runner/suite/discover.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filters/test_file_header.h"

char *path_clean_abs(const char *path)
{
    size_t len = strlen(path);
    char *out = xcalloc(len + 2, 1);
    size_t n = 0;
    out[n++] = '/';
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *e = strchr(p, '/');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == 1 && p[0] == '.') {
            /* nothing */
        } else if (l == 2 && p[0] == '.' && p[1] == '.') {
            if (n > 1) {
                n--; /* the slash after the last component */
                while (n > 1 && out[n - 1] != '/')
                    n--;
            }
        } else {
            if (n > 1 && out[n - 1] != '/')
                out[n++] = '/';
            memcpy(out + n, p, l);
            n += l;
            out[n++] = '/';
        }
        p += l;
    }
    if (n > 1 && out[n - 1] == '/')
        n--;
    out[n] = '\0';
    return out;
}

char *path_display(const char *abs, const char *cwd)
{
    size_t cl = strlen(cwd);
    if (strcmp(cwd, "/") == 0)
        return xstrdup(abs + 1);
    if (strncmp(abs, cwd, cl) == 0 && abs[cl] == '/')
        return xstrdup(abs + cl + 1);
    if (strcmp(abs, cwd) == 0)
        return xstrdup(".");
    return xstrdup(abs);
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the *_test.c files of dir (absolute, clean) into list. */
static int walk(const char *dir, bool recursive, struct strv *list, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    struct strv names = {0};
    struct dirent *de;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            strv_push(&names, de->d_name);
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        const char *name = names.v[i];
        char *full = strcmp(dir, "/") == 0 ? xasprintf("/%s", name) : xasprintf("%s/%s", dir, name);
        struct stat st;
        if (stat(full, &st) == 0) {
            if (S_ISREG(st.st_mode) && has_suffix(name, "_test.c"))
                strv_push(list, full);
            else if (S_ISDIR(st.st_mode) && recursive && name[0] != '.' && name[0] != '_' &&
                     strcmp(name, "testdata") != 0)
                rc = walk(full, true, list, err, errlen);
        }
        free(full);
    }
    strv_free(&names);
    return rc;
}

static void add_words(struct strv *dst, const word_list *w, const char *dir)
{
    for (size_t i = 0; i < w->count; i++) {
        if (dir && w->words[i][0] != '/') {
            char *joined = xasprintf("%s/%s", dir, w->words[i]);
            char *clean = path_clean_abs(joined);
            strv_push(dst, clean);
            free(joined);
            free(clean);
        } else {
            strv_push(dst, w->words[i]);
        }
    }
}

static void read_header(struct rt_file *f, const build_tags *tags)
{
    size_t len;
    char *text = read_file_all(f->path, &len);
    if (!text) {
        f->build_failed = true;
        f->build_output = xasprintf("%s: cannot read: %s\n", f->rel, strerror(errno));
        return;
    }
    test_header h;
    filter_error ferr;
    memset(&ferr, 0, sizeof ferr);
    if (test_header_parse(text, len, f->rel, &h, &ferr) != 0) {
        f->build_failed = true;
        f->build_output = xasprintf("%s\n", ferr.msg);
        free(text);
        return;
    }
    free(text);
    if (!constraint_eval(h.build, tags)) {
        char why[1024];
        constraint_explain(h.build, tags, why, sizeof why);
        f->excluded = true;
        f->reason = xstrdup(why);
    }
    add_words(&f->cflags, &h.cflags, NULL);
    add_words(&f->ldflags, &h.ldflags, NULL);
    add_words(&f->sources, &h.sources, f->dir);
    test_header_free(&h);
}

int test_discover(struct rt_model *m, const char *const *paths, size_t npaths, const build_tags *tags, char *err,
                  size_t errlen)
{
    static const char *const dot[] = {"."};
    if (npaths == 0) {
        paths = dot;
        npaths = 1;
    }
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) {
        snprintf(err, errlen, "cannot determine the current directory: %s", strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < npaths; i++) {
        char *arg = xstrdup(paths[i]);
        bool recursive = false;
        size_t al = strlen(arg);
        if (strcmp(arg, "...") == 0) {
            recursive = true;
            strcpy(arg, ".");
        } else if (al >= 4 && strcmp(arg + al - 4, "/...") == 0) {
            recursive = true;
            arg[al - 4] = '\0';
            if (!*arg)
                strcpy(arg, "/");
        }
        char *joined = arg[0] == '/' ? xstrdup(arg) : xasprintf("%s/%s", cwd, arg);
        char *abs = path_clean_abs(joined);
        free(joined);
        struct stat st;
        if (stat(abs, &st) != 0) {
            snprintf(err, errlen, "%s: %s", paths[i], strerror(errno));
            free(arg);
            free(abs);
            return -1;
        }
        struct strv list = {0};
        if (S_ISDIR(st.st_mode)) {
            if (walk(abs, recursive, &list, err, errlen) < 0) {
                free(arg);
                free(abs);
                strv_free(&list);
                return -1;
            }
        } else if (recursive) {
            snprintf(err, errlen, "%s: not a directory", paths[i]);
            free(arg);
            free(abs);
            return -1;
        } else {
            strv_push(&list, abs);
        }
        for (size_t k = 0; k < list.n; k++) {
            bool dup = false;
            for (size_t j = 0; j < m->nfiles && !dup; j++)
                dup = strcmp(m->files[j].path, list.v[k]) == 0;
            if (dup)
                continue;
            struct rt_file *f = model_add_file(m);
            f->path = xstrdup(list.v[k]);
            f->rel = path_display(f->path, cwd);
            char *slash = strrchr(f->path, '/');
            f->dir = slash == f->path ? xstrdup("/") : xasprintf("%.*s", (int)(slash - f->path), f->path);
            read_header(f, tags);
        }
        strv_free(&list);
        free(arg);
        free(abs);
    }
    return 0;
}
