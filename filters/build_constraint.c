/*
 * build_constraint.c — parsing, evaluation and explanation of build
 * constraints (see build_constraint.h for the grammar and the contract).
 *
 * A constraint is a tree of nodes allocated one by one; each node records
 * the size of its subtree so that combining constraints can enforce
 * CONSTRAINT_MAX_TERMS without walking them, and so that no input (a
 * 100,000-term line, say) can make the recursive walks overflow the stack.
 */
#include "build_constraint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textbuf.h"

enum op { OP_TAG, OP_NOT, OP_AND, OP_OR };

struct constraint {
    enum op op;
    unsigned size;     /* nodes in this subtree, this one included */
    constraint *x, *y; /* operands: NOT uses x; AND and OR use both */
    char name[];       /* OP_TAG: the tag, NUL-terminated */
};

#define TAG_CHARS "tags are made of letters, digits, '_' and '.'"

/* Deep enough for any constraint a person writes, shallow enough that the
 * recursive descent cannot exhaust the stack on "((((((...". */
#define MAX_NESTING 100

static bool is_tag_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.';
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* --- tag sets ---------------------------------------------------------- */

static bool tags_contain(const build_tags *tags, const char *name, size_t len)
{
    for (size_t i = 0; i < tags->count; i++)
        if (strncmp(tags->names[i], name, len) == 0 && tags->names[i][len] == '\0')
            return true;
    return false;
}

static int tags_add_n(build_tags *tags, const char *name, size_t len, filter_error *err)
{
    for (size_t i = 0; i < len; i++) {
        if (!is_tag_char(name[i])) {
            filter_error_set(err, 0, 0, "invalid build tag '%.*s': " TAG_CHARS, (int)len, name);
            return -1;
        }
    }
    if (len == 0) {
        filter_error_set(err, 0, 0, "empty build tag");
        return -1;
    }
    if (tags_contain(tags, name, len))
        return 0;
    if (tags->count == tags->capacity) {
        size_t capacity = tags->capacity ? 2 * tags->capacity : 8;
        char **names = realloc(tags->names, capacity * sizeof *names);
        if (!names)
            goto out_of_memory;
        tags->names = names;
        tags->capacity = capacity;
    }
    char *copy = strndup(name, len);
    if (!copy)
        goto out_of_memory;
    tags->names[tags->count++] = copy;
    return 0;
out_of_memory:
    filter_error_set(err, 0, 0, "out of memory");
    return -1;
}

int build_tags_add(build_tags *tags, const char *name, filter_error *err)
{
    return tags_add_n(tags, name, strlen(name), err);
}

int build_tags_add_list(build_tags *tags, const char *list, filter_error *err)
{
    const char *p = list;
    while (*p) {
        if (*p == ',' || is_blank(*p)) {
            p++;
            continue;
        }
        size_t len = 0;
        while (p[len] && p[len] != ',' && !is_blank(p[len]))
            len++;
        if (tags_add_n(tags, p, len, err) != 0)
            return -1;
        p += len;
    }
    return 0;
}

/* Go's GOOS and GOARCH names, because the tags mimic Go's. */
#if defined(__linux__)
#define HOST_OS "linux"
#endif
#if defined(__x86_64__)
#define HOST_ARCH "amd64"
#elif defined(__aarch64__)
#define HOST_ARCH "arm64"
#elif defined(__i386__)
#define HOST_ARCH "386"
#elif defined(__arm__)
#define HOST_ARCH "arm"
#elif defined(__riscv) && __riscv_xlen == 64
#define HOST_ARCH "riscv64"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_ARCH "ppc64le"
#elif defined(__powerpc64__)
#define HOST_ARCH "ppc64"
#elif defined(__s390x__)
#define HOST_ARCH "s390x"
#elif defined(__loongarch64)
#define HOST_ARCH "loong64"
#endif

int build_tags_add_host(build_tags *tags, bool race, filter_error *err)
{
    if (race && build_tags_add(tags, "race", err) != 0)
        return -1;
#ifdef HOST_OS
    if (build_tags_add(tags, HOST_OS, err) != 0)
        return -1;
#endif
#ifdef HOST_ARCH
    if (build_tags_add(tags, HOST_ARCH, err) != 0)
        return -1;
#endif
    return 0;
}

bool build_tags_has(const build_tags *tags, const char *name)
{
    return tags_contain(tags, name, strlen(name));
}

static void put_tags(textbuf *tb, const build_tags *tags)
{
    for (size_t i = 0; i < tags->count; i++) {
        if (i)
            textbuf_putc(tb, ',');
        textbuf_puts(tb, tags->names[i]);
    }
}

size_t build_tags_format(const build_tags *tags, char *buf, size_t size)
{
    textbuf tb;
    textbuf_init(&tb, buf, size);
    put_tags(&tb, tags);
    return tb.len;
}

void build_tags_free(build_tags *tags)
{
    for (size_t i = 0; i < tags->count; i++)
        free(tags->names[i]);
    free(tags->names);
    *tags = (build_tags){0};
}

/* --- nodes ------------------------------------------------------------- */

void constraint_free(constraint *c)
{
    if (!c)
        return;
    constraint_free(c->x);
    constraint_free(c->y);
    free(c);
}

static constraint *new_tag(const char *name, size_t len, filter_error *err)
{
    constraint *c = malloc(sizeof *c + len + 1);
    if (!c) {
        filter_error_set(err, 0, 0, "out of memory");
        return NULL;
    }
    *c = (constraint){.op = OP_TAG, .size = 1};
    memcpy(c->name, name, len);
    c->name[len] = '\0';
    return c;
}

/* Takes ownership of x and y (y NULL for OP_NOT); frees them on failure. */
static constraint *new_op(enum op op, constraint *x, constraint *y, filter_error *err)
{
    unsigned size = 1 + x->size + (y ? y->size : 0);
    constraint *c = NULL;
    if (size > CONSTRAINT_MAX_TERMS)
        filter_error_set(err, 0, 0, "build constraint is too complex (more than %d terms)",
                         CONSTRAINT_MAX_TERMS);
    else if (!(c = malloc(sizeof *c)))
        filter_error_set(err, 0, 0, "out of memory");
    if (!c) {
        constraint_free(x);
        constraint_free(y);
        return NULL;
    }
    *c = (constraint){.op = op, .size = size, .x = x, .y = y};
    return c;
}

constraint *constraint_and(constraint *x, constraint *y, filter_error *err)
{
    return new_op(OP_AND, x, y, err);
}

/* --- //racetest:build expressions ---------------------------------------- */

enum token { TOK_END, TOK_TAG, TOK_LPAREN, TOK_RPAREN, TOK_NOT, TOK_AND, TOK_OR, TOK_BAD };

typedef struct {
    const char *text;
    size_t len;
    size_t pos;          /* next byte the lexer reads */
    enum token tok;      /* current token ... */
    size_t tok_start;    /* ... its offset ... */
    size_t tok_len;      /* ... and length */
    unsigned nesting;    /* open parentheses */
    const filter_origin *origin;
    filter_error *err;
    bool failed;         /* an error was recorded: later ones are consequences */
} parser;

__attribute__((format(printf, 3, 4))) static void parse_error(parser *p, size_t offset,
                                                              const char *fmt, ...);

static void parse_error(parser *p, size_t offset, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    va_list ap;
    va_start(ap, fmt);
    filter_error_vat(p->err, p->origin, offset, fmt, ap);
    va_end(ap);
}

/* Reports the byte at offset, which cannot be part of a tag; where says
 * what was being read (" in tag") or is "". */
static void bad_char(parser *p, size_t offset, const char *where)
{
    char c = p->text[offset];
    if (c > ' ' && c < 0x7f)
        parse_error(p, offset, "unexpected character '%c'%s: " TAG_CHARS, c, where);
    else
        parse_error(p, offset, "unexpected byte 0x%02x%s", (unsigned char)c, where);
}

static void lex(parser *p)
{
    while (p->pos < p->len && is_blank(p->text[p->pos]))
        p->pos++;
    p->tok_start = p->pos;
    if (p->pos >= p->len) {
        p->tok = TOK_END;
        p->tok_len = 0;
        return;
    }
    char c = p->text[p->pos];
    char next = p->pos + 1 < p->len ? p->text[p->pos + 1] : '\0';
    size_t n = 1;
    switch (c) {
    case '(': p->tok = TOK_LPAREN; break;
    case ')': p->tok = TOK_RPAREN; break;
    case '!': p->tok = TOK_NOT; break;
    case '&':
    case '|':
        if (next != c) {
            p->tok = TOK_BAD;
            parse_error(p, p->pos, "'%c' is not an operator; did you mean '%c%c'?", c, c, c);
            return;
        }
        p->tok = c == '&' ? TOK_AND : TOK_OR;
        n = 2;
        break;
    default:
        if (!is_tag_char(c)) {
            p->tok = TOK_BAD;
            bad_char(p, p->pos, "");
            return;
        }
        p->tok = TOK_TAG;
        while (p->pos + n < p->len && is_tag_char(p->text[p->pos + n]))
            n++;
    }
    p->tok_len = n;
    p->pos += n;
}

/* The current token as the user wrote it, for "... but found X". */
static void describe_token(const parser *p, char *buf, size_t size)
{
    if (p->tok == TOK_END)
        snprintf(buf, size, "end of expression");
    else
        snprintf(buf, size, "'%.*s'", (int)(p->tok_len > 40 ? 40 : p->tok_len),
                 p->text + p->tok_start);
}

static void expected(parser *p, const char *what)
{
    char found[48];
    describe_token(p, found, sizeof found);
    parse_error(p, p->tok_start, "expected %s but found %s", what, found);
}

static constraint *parse_or(parser *p);

static constraint *parse_atom(parser *p)
{
    if (p->tok == TOK_TAG) {
        filter_error plain;
        constraint *c = new_tag(p->text + p->tok_start, p->tok_len, &plain);
        if (!c)
            parse_error(p, p->tok_start, "%s", plain.msg);
        lex(p);
        return c;
    }
    if (p->tok != TOK_LPAREN) {
        expected(p, "a tag, '!' or '('");
        return NULL;
    }
    size_t open = p->tok_start;
    if (++p->nesting > MAX_NESTING) {
        parse_error(p, open, "build constraint is nested too deeply (more than %d levels)",
                    MAX_NESTING);
        return NULL;
    }
    lex(p);
    constraint *c = parse_or(p);
    if (!c)
        return NULL;
    if (p->tok != TOK_RPAREN) {
        if (p->tok == TOK_END)
            parse_error(p, p->tok_start, "missing ')' to close the '(' at column %u",
                        filter_origin_column(p->origin, open));
        else
            expected(p, "'&&', '||' or ')'");
        constraint_free(c);
        return NULL;
    }
    p->nesting--;
    lex(p);
    return c;
}

static constraint *parse_not(parser *p)
{
    if (p->tok != TOK_NOT)
        return parse_atom(p);
    size_t not_at = p->tok_start;
    lex(p);
    if (p->tok == TOK_NOT) {
        parse_error(p, p->tok_start, "double negation '!!' is not allowed");
        return NULL;
    }
    constraint *x = parse_atom(p);
    if (!x)
        return NULL;
    filter_error plain;
    constraint *c = new_op(OP_NOT, x, NULL, &plain);
    if (!c)
        parse_error(p, not_at, "%s", plain.msg);
    return c;
}

/* One precedence level: operand { op operand }, left-associative. */
static constraint *parse_binary(parser *p, enum token tok, enum op op,
                                constraint *(*operand)(parser *))
{
    constraint *x = operand(p);
    while (x && p->tok == tok) {
        size_t op_at = p->tok_start;
        lex(p);
        constraint *y = operand(p);
        if (!y) {
            constraint_free(x);
            return NULL;
        }
        filter_error plain;
        x = new_op(op, x, y, &plain);
        if (!x)
            parse_error(p, op_at, "%s", plain.msg);
    }
    return x;
}

static constraint *parse_and(parser *p)
{
    return parse_binary(p, TOK_AND, OP_AND, parse_not);
}

static constraint *parse_or(parser *p)
{
    return parse_binary(p, TOK_OR, OP_OR, parse_and);
}

/* Trailing blanks would otherwise place "end of expression" errors after
 * them; leading blanks are skipped by the lexer. */
static size_t trimmed_length(const char *text, size_t len)
{
    while (len && is_blank(text[len - 1]))
        len--;
    return len;
}

int constraint_parse(const char *text, size_t len, const filter_origin *origin,
                     constraint **out, filter_error *err)
{
    parser p = {.text = text, .len = trimmed_length(text, len), .origin = origin, .err = err};
    *out = NULL;
    lex(&p);
    if (p.tok == TOK_END) {
        parse_error(&p, p.tok_start, "empty build constraint");
        return -1;
    }
    constraint *c = parse_or(&p);
    if (c && p.tok != TOK_END) {
        if (p.tok == TOK_RPAREN)
            parse_error(&p, p.tok_start, "unexpected ')' without a matching '('");
        else
            expected(&p, "'&&', '||' or end of expression");
    }
    if (p.failed) {
        constraint_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

/* --- legacy // +build lines ----------------------------------------------- */

/* One comma-separated term at [start, end): "tag" or "!tag". */
static constraint *parse_plus_term(parser *p, size_t start, size_t end)
{
    const char *t = p->text;
    if (start == end) {
        parse_error(p, start, "empty term in ',' list");
        return NULL;
    }
    bool negated = t[start] == '!';
    size_t name = start + negated;
    if (negated && name < end && t[name] == '!') {
        parse_error(p, name, "double negation '!!' is not allowed");
        return NULL;
    }
    if (name == end) {
        parse_error(p, start, "'!' must be followed by a tag");
        return NULL;
    }
    for (size_t i = name; i < end; i++) {
        if (!is_tag_char(t[i])) {
            bad_char(p, i, " in tag");
            return NULL;
        }
    }
    filter_error plain;
    constraint *c = new_tag(t + name, end - name, &plain);
    if (c && negated)
        c = new_op(OP_NOT, c, NULL, &plain);
    if (!c)
        parse_error(p, start, "%s", plain.msg);
    return c;
}

/* Joins acc (may be NULL) and x with op; on failure frees both. */
static constraint *join(parser *p, size_t offset, enum op op, constraint *acc, constraint *x)
{
    if (!acc)
        return x;
    filter_error plain;
    constraint *c = new_op(op, acc, x, &plain);
    if (!c)
        parse_error(p, offset, "%s", plain.msg);
    return c;
}

int constraint_parse_plus_build(const char *text, size_t len, const filter_origin *origin,
                                constraint **out, filter_error *err)
{
    parser p = {.text = text, .len = trimmed_length(text, len), .origin = origin, .err = err};
    constraint *result = NULL;
    *out = NULL;
    size_t pos = 0;
    for (;;) {
        while (pos < p.len && is_blank(text[pos]))
            pos++;
        if (pos == p.len)
            break;
        size_t option_end = pos;
        while (option_end < p.len && !is_blank(text[option_end]))
            option_end++;
        constraint *option = NULL;
        for (size_t start = pos;;) {
            size_t end = start;
            while (end < option_end && text[end] != ',')
                end++;
            constraint *term = parse_plus_term(&p, start, end);
            if (!term)
                constraint_free(option);
            else
                option = join(&p, start, OP_AND, option, term);
            if (!term || !option) {
                constraint_free(result);
                return -1;
            }
            if (end == option_end)
                break;
            start = end + 1;
        }
        if (!(result = join(&p, pos, OP_OR, result, option)))
            return -1;
        pos = option_end;
    }
    if (!result) {
        parse_error(&p, 0, "empty // +build line");
        return -1;
    }
    *out = result;
    return 0;
}

/* --- evaluation and text ---------------------------------------------------- */

bool constraint_eval(const constraint *c, const build_tags *tags)
{
    if (!c)
        return true;
    switch (c->op) {
    case OP_TAG: return build_tags_has(tags, c->name);
    case OP_NOT: return !constraint_eval(c->x, tags);
    case OP_AND: return constraint_eval(c->x, tags) && constraint_eval(c->y, tags);
    case OP_OR: return constraint_eval(c->x, tags) || constraint_eval(c->y, tags);
    }
    return false;
}

static void put_expr(textbuf *tb, const constraint *c);

/* An operand of `parent`, parenthesized where Go's String() does (an OR
 * inside AND, which needs it; an AND inside OR, for clarity; any binary
 * inside NOT) and also around a NOT inside NOT, because "!!a" would not
 * parse back. */
static void put_operand(textbuf *tb, enum op parent, const constraint *c)
{
    bool binary = c->op == OP_AND || c->op == OP_OR;
    bool parens = binary ? c->op != parent : c->op == OP_NOT && parent == OP_NOT;
    if (parens)
        textbuf_putc(tb, '(');
    put_expr(tb, c);
    if (parens)
        textbuf_putc(tb, ')');
}

static void put_expr(textbuf *tb, const constraint *c)
{
    switch (c->op) {
    case OP_TAG:
        textbuf_puts(tb, c->name);
        return;
    case OP_NOT:
        textbuf_putc(tb, '!');
        put_operand(tb, OP_NOT, c->x);
        return;
    case OP_AND:
    case OP_OR:
        put_operand(tb, c->op, c->x);
        textbuf_puts(tb, c->op == OP_AND ? " && " : " || ");
        put_operand(tb, c->op, c->y);
        return;
    }
}

size_t constraint_format(const constraint *c, char *buf, size_t size)
{
    textbuf tb;
    textbuf_init(&tb, buf, size);
    if (c)
        put_expr(&tb, c);
    return tb.len;
}

/* Appends to found, in order, the tags that decide that c evaluates to
 * `value` (which it must): for AND/OR the first operand that decides alone
 * (false for AND, true for OR), otherwise both operands. found has room for
 * c->size entries. */
static void find_deciding_tags(const constraint *c, const build_tags *tags, bool value,
                               const constraint **found, size_t *count)
{
    switch (c->op) {
    case OP_TAG:
        found[(*count)++] = c;
        return;
    case OP_NOT:
        find_deciding_tags(c->x, tags, !value, found, count);
        return;
    case OP_AND:
    case OP_OR: {
        bool decides_alone = c->op == OP_OR;
        if (value == decides_alone) {
            const constraint *x = constraint_eval(c->x, tags) == value ? c->x : c->y;
            find_deciding_tags(x, tags, value, found, count);
        } else {
            find_deciding_tags(c->x, tags, value, found, count);
            find_deciding_tags(c->y, tags, value, found, count);
        }
        return;
    }
    }
}

/* ": tag race is set, tag slow is not set", each tag named once. Without
 * memory for the list the explanation just names no tags. */
static void put_reasons(textbuf *tb, const constraint *c, const build_tags *tags, bool value)
{
    const constraint **found = malloc(c->size * sizeof *found);
    if (!found)
        return;
    size_t count = 0;
    find_deciding_tags(c, tags, value, found, &count);
    for (size_t i = 0, said = 0; i < count; i++) {
        size_t j = 0;
        while (j < i && strcmp(found[j]->name, found[i]->name) != 0)
            j++;
        if (j < i)
            continue;
        textbuf_puts(tb, said++ ? ", tag " : ": tag ");
        textbuf_puts(tb, found[i]->name);
        textbuf_puts(tb, build_tags_has(tags, found[i]->name) ? " is set" : " is not set");
    }
    free(found);
}

size_t constraint_explain(const constraint *c, const build_tags *tags, char *buf, size_t size)
{
    textbuf tb;
    textbuf_init(&tb, buf, size);
    if (!c) {
        textbuf_puts(&tb, "no build constraint, so it is included");
    } else {
        bool value = constraint_eval(c, tags);
        textbuf_puts(&tb, "build constraint `");
        put_expr(&tb, c);
        textbuf_puts(&tb, value ? "` includes it" : "` excludes it");
        put_reasons(&tb, c, tags, value);
    }
    textbuf_puts(&tb, tags->count ? " (tags: " : " (no tags");
    put_tags(&tb, tags);
    textbuf_putc(&tb, ')');
    return tb.len;
}
