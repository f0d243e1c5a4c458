/*
 * cc/args.c — classification of compiler arguments and the plan of steps
 * that `racetest cc` runs instead of the user's one command.
 *
 * Invariants (see cc/args.h for the promises):
 *  - Every argument is classified exactly once, left to right, and an
 *    option that takes a separate value marks its value with its own kind,
 *    so that a value ("-o prog", "-I dir", "-l m") is never mistaken for an
 *    input file and is always kept or dropped together with its option.
 *  - The link step keeps the user's arguments in their order (libraries
 *    after objects matter to the linker); only sources are replaced, and
 *    -x, -fsanitize=thread and -static-libtsan are removed.
 *  - No I/O: all file names are computed from strings.
 */
#include "runner/cc/args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- growable argument vector -------------------------------------- */

struct strvec {
    char **v;
    size_t n, cap;
    bool oom;
};

static void sv_push_owned(struct strvec *sv, char *s)
{
    if (sv->oom || !s) {
        sv->oom = true;
        free(s);
        return;
    }
    if (sv->n + 2 > sv->cap) { /* +1 for the terminating NULL */
        size_t cap = sv->cap ? sv->cap * 2 : 16;
        char **v = realloc(sv->v, cap * sizeof *v);
        if (!v) {
            sv->oom = true;
            free(s);
            return;
        }
        sv->v = v;
        sv->cap = cap;
    }
    sv->v[sv->n++] = s;
    sv->v[sv->n] = NULL;
}

static void sv_push(struct strvec *sv, const char *s)
{
    sv_push_owned(sv, strdup(s));
}

static void sv_pushf(struct strvec *sv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void sv_pushf(struct strvec *sv, const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    sv_push_owned(sv, s);
}

static void sv_free(struct strvec *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

void cc_argv_free(char **argv)
{
    if (!argv)
        return;
    for (char **p = argv; *p; p++)
        free(*p);
    free(argv);
}

/* ---- option tables -------------------------------------------------- */

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Link-only options whose value is the next argument. */
static const char *const link_value_opts[] = {
    "-Xlinker", "-u", "-T", "-z", "-e", "-l", "-L", NULL,
};

/* Other options whose value is the next argument (gcc and clang). */
static const char *const value_opts[] = {
    "-o", "-x", "-I", "-D", "-U", "-include", "-imacros", "-iquote", "-isystem",
    "-idirafter", "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-isysroot",
    "-imultilib", "-MF", "-MT", "-MQ", "-aux-info", "--param", "-Xassembler",
    "-Xpreprocessor", "-Xclang", "-mllvm", "-target", "-arch", "-A", "-dumpbase",
    "-dumpdir", "-dumpbase-ext", "--sysroot", "-B", "-ivfsoverlay", "-iframework",
    "-Xanalyzer", "-wrapper", NULL,
};

/* Link-only options that stand alone. clang -Werror rejects them in a
 * compile step ("argument unused during compilation"), so split compile
 * steps must not see them. */
static const char *const link_flags[] = {
    "-shared", "-static", "-static-libgcc", "-static-libstdc++", "-static-pie",
    "-static-libasan", "-static-libtsan", "-static-liblsan", "-static-libubsan",
    "-shared-libgcc", "-rdynamic", "-pie", "-no-pie", "-nostdlib", "-nostartfiles",
    "-nodefaultlibs", "-nolibc", "-s", "-r", "-symbolic", NULL,
};

bool cc_option_takes_value(const char *opt)
{
    return in_list(opt, value_opts) || in_list(opt, link_value_opts);
}

static bool is_link_only(const char *a)
{
    if (in_list(a, link_flags) || in_list(a, link_value_opts))
        return true;
    if (starts_with(a, "-l") || starts_with(a, "-L") || starts_with(a, "-Wl,") ||
        starts_with(a, "-T") || starts_with(a, "-z") || starts_with(a, "-fuse-ld=") ||
        starts_with(a, "--ld-path="))
        return true;
    /* -uSYMBOL, but -undef is a preprocessor option. */
    return starts_with(a, "-u") && strcmp(a, "-undef") != 0;
}

static const char *suffix_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot + 1 : "";
}

bool cc_is_source_name(const char *path)
{
    /* gcc's table of suffixes it compiles (C, C++, Objective-C, assembly,
     * preprocessed). Anything else goes to the linker. */
    static const char *const compiled[] = {
        "c", "i", "ii", "m", "mi", "mm", "M", "mii", "cc", "cp", "cxx", "cpp",
        "CPP", "c++", "C", "s", "S", "sx", NULL,
    };
    return in_list(suffix_of(path), compiled);
}

/* A -fsanitize= list that names thread: it must not reach the linker. */
static bool names_tsan(const char *a)
{
    if (!starts_with(a, "-fsanitize="))
        return false;
    const char *p = a + strlen("-fsanitize=");
    while (*p) {
        size_t len = strcspn(p, ",");
        if (len == 6 && strncmp(p, "thread", 6) == 0)
            return true;
        p += len;
        if (*p == ',')
            p++;
    }
    return false;
}

/* The same list without "thread" ("-fsanitize=" when nothing is left);
 * NULL when out of memory. */
static char *without_tsan(const char *a)
{
    const char *p = a + strlen("-fsanitize=");
    size_t cap = strlen(a) + 1;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    strcpy(out, "-fsanitize=");
    size_t n = strlen(out);
    bool kept = false;
    while (*p) {
        size_t len = strcspn(p, ",");
        if (len && !(len == 6 && strncmp(p, "thread", 6) == 0)) {
            if (kept)
                out[n++] = ',';
            kept = true;
            memcpy(out + n, p, len);
            n += len;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    out[n] = '\0';
    return out;
}

/* ---- classification ------------------------------------------------- */

enum kind {
    K_OTHER,     /* compile/common option: kept everywhere */
    K_SOURCE,    /* input file that is compiled */
    K_LINKIN,    /* input file handed to the linker (.o .a .so ...) */
    K_OUTPUT,    /* -o and its value */
    K_LANG,      /* -x and its value */
    K_LINKONLY,  /* link-only option (and its value) */
    K_TSAN,      /* -fsanitize=...thread... */
};

struct classified {
    enum kind *kind;
    const char **lang;   /* for K_SOURCE: the -x language in force, or NULL */
    size_t n_inputs, n_sources;
    const char *output;  /* value of -o, or NULL */
    bool has_E, has_M, has_c, has_S, has_syntax_only, has_shared, has_r;
    const char *static_flag; /* -static or -static-pie, or NULL */
    bool has_MD, has_MF;
};

static int classify(struct classified *c, int argc, char *const argv[], char *err,
                    size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->kind = calloc((size_t)argc + 1, sizeof *c->kind);
    c->lang = calloc((size_t)argc + 1, sizeof *c->lang);
    if (!c->kind || !c->lang) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const char *lang = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool separate = cc_option_takes_value(a);
        if (separate && i + 1 >= argc) {
            snprintf(err, errlen, "option %s needs a value", a);
            return -1;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            c->n_inputs++;
            if (strcmp(a, "-") == 0 || lang || cc_is_source_name(a)) {
                c->kind[i] = K_SOURCE;
                c->lang[i] = lang;
                c->n_sources++;
            } else {
                c->kind[i] = K_LINKIN;
            }
            continue;
        }
        enum kind k = K_OTHER;
        if (starts_with(a, "-o")) { /* -o FILE or -oFILE */
            k = K_OUTPUT;
            c->output = separate ? argv[i + 1] : a + 2;
        } else if (starts_with(a, "-x")) { /* -x LANG or -xLANG */
            k = K_LANG;
            lang = separate ? argv[i + 1] : a + 2;
            if (strcmp(lang, "none") == 0)
                lang = NULL;
        } else if (is_link_only(a)) {
            k = K_LINKONLY;
            c->has_shared |= strcmp(a, "-shared") == 0;
            c->has_r |= strcmp(a, "-r") == 0;
            if (strcmp(a, "-static") == 0 || strcmp(a, "-static-pie") == 0)
                c->static_flag = a;
        } else if (names_tsan(a)) {
            k = K_TSAN;
        } else {
            c->has_E |= strcmp(a, "-E") == 0;
            c->has_M |= strcmp(a, "-M") == 0 || strcmp(a, "-MM") == 0;
            c->has_c |= strcmp(a, "-c") == 0;
            c->has_S |= strcmp(a, "-S") == 0;
            c->has_syntax_only |= strcmp(a, "-fsyntax-only") == 0;
            c->has_MD |= strcmp(a, "-MD") == 0 || strcmp(a, "-MMD") == 0;
            c->has_MF |= strcmp(a, "-MF") == 0 || starts_with(a, "-MF");
        }
        c->kind[i] = k;
        if (separate)
            c->kind[++i] = k;
    }
    return 0;
}

static void classified_free(struct classified *c)
{
    free(c->kind);
    free(c->lang);
}

/* ---- plan ------------------------------------------------------------ */

static void push_words(struct strvec *sv, const char *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sv_push(sv, w[i]);
}

static int add_step(struct cc_plan *plan, struct strvec *sv)
{
    if (sv->oom) {
        sv_free(sv);
        return -1;
    }
    struct cc_step *s = realloc(plan->steps, (plan->n_steps + 1) * sizeof *s);
    if (!s) {
        sv_free(sv);
        return -1;
    }
    plan->steps = s;
    s[plan->n_steps].argv = sv->v;
    s[plan->n_steps].argc = sv->n;
    plan->n_steps++;
    memset(sv, 0, sizeof *sv);
    return 0;
}

/* "dir/name.c" -> "name" (at most 64 characters, for readable temp names). */
static void stem_of(const char *path, char *out, size_t outlen)
{
    if (strcmp(path, "-") == 0) {
        snprintf(out, outlen, "stdin");
        return;
    }
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (len > 64)
        len = 64;
    snprintf(out, outlen, "%.*s", (int)len, base);
}

/* gcc -MD without -MF in a compile+link command writes the dependency file
 * next to the output; a split compile step would write it next to the
 * temporary object, which is deleted, so name it explicitly. */
static void push_depfile(struct strvec *sv, const char *output, const char *stem)
{
    const char *slash = output ? strrchr(output, '/') : NULL;
    if (slash)
        sv_pushf(sv, "%.*s/%s.d", (int)(slash - output), output, stem);
    else
        sv_pushf(sv, "%s.d", stem);
}

/* argv[i], an argument that is not an option's separate value, names the
 * cmocka library: -lcmocka, "-l cmocka" (at the -l), or an input file
 * libcmocka.so[.N] or libcmocka.a. */
static bool names_cmocka(int argc, char *const argv[], int i, bool link_input)
{
    const char *a = argv[i];
    if (strcmp(a, "-lcmocka") == 0 || (strcmp(a, "-l") == 0 && i + 1 < argc && strcmp(argv[i + 1], "cmocka") == 0))
        return true;
    const char *base = strrchr(a, '/') ? strrchr(a, '/') + 1 : a;
    return link_input && (strcmp(base, "libcmocka.a") == 0 || strncmp(base, "libcmocka.so", 12) == 0);
}

/* The command links racetest's cmocka glue itself (as the README showed
 * before racetest cc added it): adding it again would wrap twice. */
static bool links_glue(int argc, char *const argv[])
{
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (strstr(argv[i], "--wrap=_cmocka_run_group_tests") ||
            (n >= 20 && strcmp(argv[i] + n - 20, "libracetest_cmocka.a") == 0))
            return true;
    }
    return false;
}

int cc_plan_make(struct cc_plan *plan, const char *const *cc_words, size_t n_cc_words,
                 int argc, char *const argv[], const struct cc_additions *add,
                 const char *tmpdir, char *err, size_t errlen)
{
    memset(plan, 0, sizeof *plan);
    if (errlen)
        err[0] = '\0';
    struct classified c;
    if (classify(&c, argc, argv, err, errlen) != 0) {
        classified_free(&c);
        return -1;
    }
    struct strvec sv = {0};
    int rc = -1;

    if (c.n_inputs == 0)
        plan->stage = CC_STAGE_INFO;
    else if (c.has_E || c.has_M)
        plan->stage = CC_STAGE_PREPROCESS;
    else if (c.has_c || c.has_S || c.has_syntax_only)
        plan->stage = CC_STAGE_COMPILE;
    else
        plan->stage = CC_STAGE_LINK;

    if (plan->stage != CC_STAGE_LINK) {
        push_words(&sv, cc_words, n_cc_words);
        for (int i = 0; i < argc; i++)
            sv_push(&sv, argv[i]);
        if (plan->stage != CC_STAGE_INFO)
            push_words(&sv, add->compile, add->n_compile);
        rc = add_step(plan, &sv);
        goto out;
    }

    plan->links_runtime = !c.has_shared && !c.has_r;
    if (plan->links_runtime && c.static_flag) {
        /* The runtime replaces libc functions by interposition and finds
         * the real ones with dlsym: that needs the dynamic linker. */
        snprintf(err, errlen, "cannot specify %s with -fsanitize=thread", c.static_flag);
        goto out;
    }
    if (c.n_sources > 0 && !tmpdir) {
        plan->needs_tmpdir = true;
        rc = 0;
        goto out;
    }

    /* One compile step per source, into a temporary object. */
    char **objects = calloc(c.n_sources + 1, sizeof *objects);
    if (!objects)
        goto out;
    plan->temp_objects = objects;
    size_t n_obj = 0;
    for (int i = 0; i < argc; i++) {
        if (c.kind[i] != K_SOURCE)
            continue;
        char stem[80];
        stem_of(argv[i], stem, sizeof stem);
        if (asprintf(&objects[n_obj], "%s/%zu-%s.o", tmpdir, n_obj, stem) < 0) {
            objects[n_obj] = NULL;
            goto out;
        }
        plan->n_temp_objects = ++n_obj;

        push_words(&sv, cc_words, n_cc_words);
        for (int j = 0; j < argc; j++)
            if (c.kind[j] == K_OTHER || c.kind[j] == K_TSAN)
                sv_push(&sv, argv[j]);
        if (c.has_MD && !c.has_MF) {
            sv_push(&sv, "-MF");
            push_depfile(&sv, c.output, stem);
        }
        if (c.lang[i]) {
            sv_push(&sv, "-x");
            sv_push(&sv, c.lang[i]);
        }
        sv_push(&sv, argv[i]);
        sv_push(&sv, "-c");
        sv_push(&sv, "-o");
        sv_push(&sv, objects[n_obj - 1]);
        push_words(&sv, add->compile, add->n_compile);
        if (add_step(plan, &sv) != 0)
            goto out;
    }

    /* The link step: the user's arguments in order, sources replaced. */
    push_words(&sv, cc_words, n_cc_words);
    n_obj = 0;
    bool want_glue = plan->links_runtime && add->n_cmocka_glue > 0 && !links_glue(argc, argv);
    bool next_is_value = false; /* argv[i] is the separate value of argv[i - 1] */
    for (int i = 0; i < argc; i++) {
        bool is_value = next_is_value;
        next_is_value = !is_value && cc_option_takes_value(argv[i]);
        if (want_glue && !is_value && names_cmocka(argc, argv, i, c.kind[i] == K_LINKIN)) {
            push_words(&sv, add->cmocka_glue, add->n_cmocka_glue);
            want_glue = false;
        }
        switch (c.kind[i]) {
        case K_SOURCE:
            sv_push(&sv, objects[n_obj++]);
            break;
        case K_LANG: /* would make the compiler read objects as source */
            break;
        case K_TSAN: {
            char *rest = without_tsan(argv[i]);
            if (rest && strcmp(rest, "-fsanitize=") == 0)
                free(rest); /* the list was only "thread" */
            else
                sv_push_owned(&sv, rest);
            break;
        }
        default:
            if (strcmp(argv[i], "-static-libtsan") != 0)
                sv_push(&sv, argv[i]);
        }
    }
    if (plan->links_runtime)
        push_words(&sv, add->link, add->n_link);
    rc = add_step(plan, &sv);

out:
    if (rc != 0) {
        sv_free(&sv);
        cc_plan_free(plan);
        if (!err[0])
            snprintf(err, errlen, "out of memory");
    }
    classified_free(&c);
    return rc;
}

void cc_plan_free(struct cc_plan *plan)
{
    for (size_t i = 0; i < plan->n_steps; i++)
        cc_argv_free(plan->steps[i].argv);
    free(plan->steps);
    for (size_t i = 0; i < plan->n_temp_objects; i++)
        free(plan->temp_objects[i]);
    free(plan->temp_objects);
    plan->steps = NULL;
    plan->temp_objects = NULL;
    plan->n_steps = plan->n_temp_objects = 0;
}

/* ---- helpers for build/run ------------------------------------------ */

char **cc_compile_only_args(int argc, char *const argv[], size_t *out_n)
{
    struct classified c;
    char err[128] = "";
    struct strvec sv = {0};
    if (classify(&c, argc, argv, err, sizeof err) == 0) {
        for (int i = 0; i < argc; i++)
            if (c.kind[i] == K_OTHER || c.kind[i] == K_TSAN)
                sv_push(&sv, argv[i]);
    } else {
        sv.oom = true;
    }
    classified_free(&c);
    if (sv.oom) {
        sv_free(&sv);
        return NULL;
    }
    if (!sv.v) { /* no arguments: still return an empty, terminated array */
        sv.v = calloc(1, sizeof *sv.v);
        if (!sv.v)
            return NULL;
    }
    if (out_n)
        *out_n = sv.n;
    return sv.v;
}

char **cc_split_response_text(const char *text, size_t *out_n)
{
    struct strvec sv = {0};
    size_t len = strlen(text);
    char *word = malloc(len + 1);
    if (!word)
        return NULL;
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
               *p == '\v')
            p++;
        if (!*p)
            break;
        size_t n = 0;
        char quote = 0;
        for (; *p; p++) {
            if (*p == '\\' && p[1]) {
                word[n++] = *++p;
            } else if (quote) {
                if (*p == quote)
                    quote = 0;
                else
                    word[n++] = *p;
            } else if (*p == '\'' || *p == '"') {
                quote = *p;
            } else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
                       *p == '\f' || *p == '\v') {
                break;
            } else {
                word[n++] = *p;
            }
        }
        word[n] = '\0';
        sv_push(&sv, word);
    }
    free(word);
    if (sv.oom) {
        sv_free(&sv);
        return NULL;
    }
    if (!sv.v) {
        sv.v = calloc(1, sizeof *sv.v);
        if (!sv.v)
            return NULL;
    }
    if (out_n)
        *out_n = sv.n;
    return sv.v;
}
