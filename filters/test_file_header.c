/*
 * test_file_header.c — scanning a test file's text for its header
 * directives (see test_file_header.h for the syntax and the rules).
 *
 * One pass over all lines: a line classifier tracks block comments and
 * tells where the header ends; directive lines inside the header are parsed,
 * directive lines after it are reported as misplaced. Scanning the whole
 * file (not stopping at the header) is what makes misplaced directives
 * visible.
 */
#include "test_file_header.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIRECTIVE_PREFIX "racetest:"
#define KNOWN_DIRECTIVES "build, cflags, ldflags, sources"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* Whether [s, s+n) holds anything but blanks and comments, updating
 * *in_block (inside a block comment) across lines. String literals are not
 * tracked: a header has none, and below it the classifier only decides
 * where directives are misplaced. */
static bool line_has_code(const char *s, size_t n, bool *in_block)
{
    size_t i = 0;
    while (i < n) {
        if (*in_block) {
            while (i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'))
                i++;
            if (i + 1 >= n)
                return false;
            *in_block = false;
            i += 2;
        } else if (is_blank(s[i])) {
            i++;
        } else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            *in_block = true;
            i += 2;
        } else {
            return !(s[i] == '/' && i + 1 < n && s[i + 1] == '/');
        }
    }
    return false;
}

typedef struct {
    const char *path;
    constraint *build;     /* from //racetest:build */
    unsigned build_line;
    constraint *plus;      /* the // +build lines, AND-ed */
    unsigned plus_line;    /* the first of them */
    unsigned code_line;    /* first line of code; 0 while in the header */
    test_header *out;
    filter_error *err;
} scan;

/* One line of the file being scanned. */
typedef struct {
    const char *text;
    size_t len;
    unsigned number;
} line;

__attribute__((format(printf, 4, 5))) static void error_at(scan *sc, const line *ln,
                                                           size_t offset, const char *fmt, ...);

static void error_at(scan *sc, const line *ln, size_t offset, const char *fmt, ...)
{
    filter_origin at = {.path = sc->path, .line = ln->number, .column = 1};
    va_list ap;
    va_start(ap, fmt);
    filter_error_vat(sc->err, &at, offset, fmt, ap);
    va_end(ap);
}

static int push_word(word_list *list, char *word)
{
    char **words = realloc(list->words, (list->count + 2) * sizeof *words);
    if (!words)
        return -1;
    words[list->count++] = word;
    words[list->count] = NULL;
    list->words = words;
    return 0;
}

static void free_words(word_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->words[i]);
    free(list->words);
    *list = (word_list){0};
}

/* Splits the arguments of a cflags/ldflags/sources directive, starting at
 * byte `from` of the line, and appends them to list. */
static int split_words(scan *sc, const line *ln, size_t from, const char *directive,
                       word_list *list)
{
    const char *s = ln->text;
    size_t n = ln->len, i = from, added = 0;
    for (;;) {
        while (i < n && is_blank(s[i]))
            i++;
        if (i == n)
            break;
        size_t start = i, len = 0;
        char *word = malloc(n - i + 1); /* a word is never longer than the rest */
        if (!word)
            goto out_of_memory;
        while (i < n && !is_blank(s[i])) {
            if (s[i] != '"') {
                word[len++] = s[i++];
                continue;
            }
            size_t open = i++;
            while (i < n && s[i] != '"') {
                if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\'))
                    i++;
                word[len++] = s[i++];
            }
            if (i == n) {
                free(word);
                error_at(sc, ln, open, "unterminated '\"' in //racetest:%s", directive);
                return -1;
            }
            i++;
        }
        if (len == 0) {
            free(word);
            error_at(sc, ln, start, "empty word \"\" in //racetest:%s", directive);
            return -1;
        }
        word[len] = '\0';
        if (push_word(list, word) != 0) {
            free(word);
            goto out_of_memory;
        }
        added++;
    }
    if (added == 0) {
        error_at(sc, ln, from, "//racetest:%s needs at least one %s", directive,
                 strcmp(directive, "sources") == 0 ? "file" : "flag");
        return -1;
    }
    return 0;
out_of_memory:
    error_at(sc, ln, from, "out of memory");
    return -1;
}

static int read_build(scan *sc, const line *ln, size_t from, size_t directive_at)
{
    if (sc->build) {
        error_at(sc, ln, directive_at,
                 "second //racetest:build line (the first is line %u); combine them with &&",
                 sc->build_line);
        return -1;
    }
    filter_origin at = {.path = sc->path, .line = ln->number, .column = (unsigned)from + 1};
    if (constraint_parse(ln->text + from, ln->len - from, &at, &sc->build, sc->err) != 0)
        return -1;
    sc->build_line = ln->number;
    return 0;
}

static int read_plus_build(scan *sc, const line *ln, size_t from)
{
    filter_origin at = {.path = sc->path, .line = ln->number, .column = (unsigned)from + 1};
    constraint *c;
    if (constraint_parse_plus_build(ln->text + from, ln->len - from, &at, &c, sc->err) != 0)
        return -1;
    if (!sc->plus) {
        sc->plus = c;
        sc->plus_line = ln->number;
        return 0;
    }
    filter_error plain;
    sc->plus = constraint_and(sc->plus, c, &plain);
    if (!sc->plus) {
        error_at(sc, ln, from, "%s", plain.msg);
        return -1;
    }
    return 0;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
    size_t len = strlen(prefix);
    return n >= len && memcmp(s, prefix, len) == 0;
}

/* Dispatches a //racetest: directive whose name is [name, name_end). */
static int read_racetest_directive(scan *sc, const line *ln, size_t at, size_t name,
                                   size_t name_end, const char *label)
{
    const char *directive = ln->text + name;
    size_t len = name_end - name;
    if (len == 5 && memcmp(directive, "build", 5) == 0)
        return read_build(sc, ln, name_end, at);
    if (len == 6 && memcmp(directive, "cflags", 6) == 0)
        return split_words(sc, ln, name_end, "cflags", &sc->out->cflags);
    if (len == 7 && memcmp(directive, "ldflags", 7) == 0)
        return split_words(sc, ln, name_end, "ldflags", &sc->out->ldflags);
    if (len == 7 && memcmp(directive, "sources", 7) == 0)
        return split_words(sc, ln, name_end, "sources", &sc->out->sources);
    error_at(sc, ln, at, "unknown directive %s (known: " KNOWN_DIRECTIVES ")", label);
    return -1;
}

/* Handles a `//` line whose "//" is at byte `at`: parses a directive in the
 * header, rejects one below it, ignores ordinary comments. */
static int read_comment(scan *sc, const line *ln, size_t at)
{
    const char *s = ln->text;
    size_t n = ln->len, name = at + 2, name_end;
    bool racetest = starts_with(s + name, n - name, DIRECTIVE_PREFIX);
    char label[64];
    if (racetest) {
        name += strlen(DIRECTIVE_PREFIX);
        name_end = name;
        while (name_end < n && !is_blank(s[name_end]))
            name_end++;
        snprintf(label, sizeof label, "//" DIRECTIVE_PREFIX "%.*s",
                 (int)(name_end - name > 40 ? 40 : name_end - name), s + name);
    } else {
        /* Go's rule: "//", optional blanks, "+build", then a blank or the end. */
        while (name < n && is_blank(s[name]))
            name++;
        name_end = name + strlen("+build");
        if (!starts_with(s + name, n - name, "+build") || (name_end < n && !is_blank(s[name_end])))
            return 0;
        snprintf(label, sizeof label, "// +build");
    }
    if (sc->code_line) {
        error_at(sc, ln, at, "%s must come before the first line of code (line %u)", label,
                 sc->code_line);
        return -1;
    }
    if (racetest)
        return read_racetest_directive(sc, ln, at, name, name_end, label);
    return read_plus_build(sc, ln, name_end);
}

void test_header_free(test_header *h)
{
    constraint_free(h->build);
    free_words(&h->cflags);
    free_words(&h->ldflags);
    free_words(&h->sources);
    *h = (test_header){0};
}

int test_header_parse(const char *text, size_t len, const char *path, test_header *out,
                      filter_error *err)
{
    *out = (test_header){0};
    scan sc = {.path = path, .out = out, .err = err};
    /* A UTF-8 byte-order mark is not code. */
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        text += 3;
        len -= 3;
    }
    bool in_block = false;
    line ln = {.number = 1};
    for (size_t pos = 0; pos < len; pos += ln.len + 1, ln.number++) {
        const char *newline = memchr(text + pos, '\n', len - pos);
        ln.text = text + pos;
        ln.len = newline ? (size_t)(newline - ln.text) : len - pos;
        bool was_in_block = in_block;
        if (line_has_code(ln.text, ln.len, &in_block)) {
            if (!sc.code_line)
                sc.code_line = ln.number;
            continue;
        }
        if (was_in_block)
            continue;
        size_t at = 0;
        while (at < ln.len && is_blank(ln.text[at]))
            at++;
        if (at + 1 < ln.len && ln.text[at] == '/' && ln.text[at + 1] == '/' &&
            read_comment(&sc, &ln, at) != 0) {
            constraint_free(sc.build);
            constraint_free(sc.plus);
            test_header_free(out);
            return -1;
        }
    }
    if (sc.build) {
        constraint_free(sc.plus);
        out->build = sc.build;
        out->build_line = sc.build_line;
    } else {
        out->build = sc.plus;
        out->build_line = sc.plus_line;
    }
    return 0;
}
