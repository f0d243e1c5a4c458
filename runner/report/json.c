/*
 * report/json.c — see report/json.h. The reader is a recursive-descent parser over a
 * bounded buffer with a nesting limit (event lines are shallow; the limit
 * keeps a malicious or corrupt line from exhausting the stack).
 */
#include "runner/report/json.h"
#include "runner/report/utf8.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "racetest: out of memory\n");
        abort();
    }
    return q;
}

/* ---- writer ---------------------------------------------------------- */

void jbuf_init(struct jbuf *b)
{
    b->cap = 256;
    b->s = xrealloc(NULL, b->cap);
    b->s[0] = '\0';
    b->len = 0;
}

void jbuf_free(struct jbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

void jbuf_reset(struct jbuf *b)
{
    b->len = 0;
    b->s[0] = '\0';
}

static void reserve(struct jbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    while (b->len + extra + 1 > b->cap)
        b->cap *= 2;
    b->s = xrealloc(b->s, b->cap);
}

void jbuf_putn(struct jbuf *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void jbuf_puts(struct jbuf *b, const char *s)
{
    jbuf_putn(b, s, strlen(s));
}

void jbuf_vprintf(struct jbuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    if ((size_t)n >= b->cap - b->len) {
        reserve(b, (size_t)n);
        vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    }
    b->len += (size_t)n;
}

void jbuf_printf(struct jbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    jbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

void jbuf_strn(struct jbuf *b, const char *s, size_t n)
{
    reserve(b, n + 2);
    b->s[b->len++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': jbuf_putn(b, "\\\"", 2); break;
        case '\\': jbuf_putn(b, "\\\\", 2); break;
        case '\n': jbuf_putn(b, "\\n", 2); break;
        case '\t': jbuf_putn(b, "\\t", 2); break;
        case '\r': jbuf_putn(b, "\\r", 2); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                jbuf_printf(b, "\\u%04x", c);
            } else {
                /* Invalid UTF-8 becomes U+FFFD, as in Go's test2json. */
                size_t l = utf8_seq_len((const unsigned char *)s + i, n - i);
                if (l == 0) {
                    jbuf_puts(b, UTF8_REPLACEMENT);
                } else {
                    jbuf_putn(b, (const char *)&s[i], l);
                    i += l - 1;
                }
            }
        }
    }
    jbuf_putn(b, "\"", 1);
}

void jbuf_str(struct jbuf *b, const char *s)
{
    if (!s)
        jbuf_puts(b, "null");
    else
        jbuf_strn(b, s, strlen(s));
}

/* ---- reader ---------------------------------------------------------- */

struct json_doc {
    void **blocks; /* every allocation of one parse */
    size_t n, cap;
};

struct parser {
    const char *p, *end;
    struct json_doc *doc;
    const char *err;
    int depth;
};

enum { MAX_DEPTH = 64 };

static void *alloc(struct parser *ps, size_t n)
{
    struct json_doc *d = ps->doc;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->blocks = xrealloc(d->blocks, d->cap * sizeof *d->blocks);
    }
    void *m = xrealloc(NULL, n);
    memset(m, 0, n);
    d->blocks[d->n++] = m;
    return m;
}

static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static struct jval *parse_value(struct parser *ps);

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* ps->p is at the opening quote. */
static char *parse_string(struct parser *ps)
{
    const char *s = ++ps->p;
    /* Decoded text is never longer than the escaped text. */
    const char *q = s;
    while (q < ps->end && *q != '"') {
        if (*q == '\\')
            q++;
        q++;
    }
    if (q >= ps->end) {
        ps->err = "unterminated string";
        return NULL;
    }
    char *out = alloc(ps, (size_t)(q - s) + 4);
    size_t n = 0;
    while (ps->p < ps->end && *ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p++;
        if (c < 0x20) {
            ps->err = "control character in string";
            return NULL;
        }
        if (c != '\\') {
            out[n++] = (char)c;
            continue;
        }
        if (ps->p >= ps->end) {
            ps->err = "bad escape";
            return NULL;
        }
        char e = *ps->p++;
        switch (e) {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned cp;
            if (ps->end - ps->p < 4 || hex4(ps->p, &cp) < 0) {
                ps->err = "bad \\u escape";
                return NULL;
            }
            ps->p += 4;
            if (cp >= 0xd800 && cp < 0xdc00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
                unsigned lo;
                if (hex4(ps->p + 2, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    ps->p += 6;
                }
            }
            if (cp == 0 || (cp >= 0xd800 && cp < 0xe000))
                cp = 0xfffd;
            n += put_utf8(out + n, cp);
            break;
        }
        default:
            ps->err = "bad escape";
            return NULL;
        }
    }
    ps->p++; /* closing quote */
    out[n] = '\0';
    return out;
}

static struct jval *parse_number(struct parser *ps)
{
    char buf[64];
    size_t n = 0;
    while (ps->p < ps->end && n < sizeof buf - 1 && strchr("+-0123456789.eE", *ps->p))
        buf[n++] = *ps->p++;
    buf[n] = '\0';
    char *endp;
    double d = strtod(buf, &endp);
    if (n == 0 || *endp != '\0') {
        ps->err = "bad number";
        return NULL;
    }
    if (isinf(d)) { /* 1e400: no double holds it, and JSON has no infinity to write back */
        ps->err = "number out of range";
        return NULL;
    }
    struct jval *v = alloc(ps, sizeof *v);
    v->type = J_NUM;
    v->num = d;
    return v;
}

static int literal(struct parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, word, n) == 0) {
        ps->p += n;
        return 1;
    }
    return 0;
}

/* Collects items (and keys for objects) into arena arrays. */
static struct jval *parse_container(struct parser *ps, int is_obj)
{
    if (++ps->depth > MAX_DEPTH) {
        ps->err = "nesting too deep";
        return NULL;
    }
    ps->p++; /* [ or { */
    size_t cap = 8, n = 0;
    struct jval **items = xrealloc(NULL, cap * sizeof *items);
    char **keys = is_obj ? xrealloc(NULL, cap * sizeof *keys) : NULL;
    char close = is_obj ? '}' : ']';
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
    } else {
        for (;;) {
            char *key = NULL;
            skip_ws(ps);
            if (is_obj) {
                if (ps->p >= ps->end || *ps->p != '"') {
                    ps->err = "expected a key";
                    goto fail;
                }
                if (!(key = parse_string(ps)))
                    goto fail;
                skip_ws(ps);
                if (ps->p >= ps->end || *ps->p != ':') {
                    ps->err = "expected ':'";
                    goto fail;
                }
                ps->p++;
            }
            struct jval *v = parse_value(ps);
            if (!v)
                goto fail;
            if (n == cap) {
                cap *= 2;
                items = xrealloc(items, cap * sizeof *items);
                if (is_obj)
                    keys = xrealloc(keys, cap * sizeof *keys);
            }
            items[n] = v;
            if (is_obj)
                keys[n] = key;
            n++;
            skip_ws(ps);
            if (ps->p < ps->end && *ps->p == ',') {
                ps->p++;
                continue;
            }
            if (ps->p < ps->end && *ps->p == close) {
                ps->p++;
                break;
            }
            ps->err = is_obj ? "expected ',' or '}'" : "expected ',' or ']'";
            goto fail;
        }
    }
    struct jval *v = alloc(ps, sizeof *v);
    v->type = is_obj ? J_OBJ : J_ARR;
    v->n = n;
    v->items = alloc(ps, (n ? n : 1) * sizeof *items);
    memcpy(v->items, items, n * sizeof *items);
    if (is_obj) {
        v->keys = alloc(ps, (n ? n : 1) * sizeof *keys);
        memcpy(v->keys, keys, n * sizeof *keys);
    }
    free(items);
    free(keys);
    ps->depth--;
    return v;
fail:
    free(items);
    free(keys);
    return NULL;
}

static struct jval *parse_value(struct parser *ps)
{
    skip_ws(ps);
    if (ps->p >= ps->end) {
        ps->err = "unexpected end";
        return NULL;
    }
    char c = *ps->p;
    if (c == '{' || c == '[')
        return parse_container(ps, c == '{');
    if (c == '"') {
        char *s = parse_string(ps);
        if (!s)
            return NULL;
        struct jval *v = alloc(ps, sizeof *v);
        v->type = J_STR;
        v->str = s;
        return v;
    }
    if (c == '-' || (c >= '0' && c <= '9'))
        return parse_number(ps);
    struct jval *v = alloc(ps, sizeof *v);
    if (literal(ps, "true")) {
        v->type = J_BOOL;
        v->num = 1;
    } else if (literal(ps, "false")) {
        v->type = J_BOOL;
    } else if (literal(ps, "null")) {
        v->type = J_NULL;
    } else {
        ps->err = "unexpected character";
        return NULL;
    }
    return v;
}

struct jval *json_parse(const char *text, size_t len, struct json_doc **docp, char *err, size_t errlen)
{
    struct parser ps = {.p = text, .end = text + len, .err = NULL, .depth = 0};
    ps.doc = xrealloc(NULL, sizeof *ps.doc);
    memset(ps.doc, 0, sizeof *ps.doc);
    struct jval *v = parse_value(&ps);
    if (v) {
        skip_ws(&ps);
        if (ps.p != ps.end) {
            ps.err = "trailing characters";
            v = NULL;
        }
    }
    if (!v) {
        if (err && errlen)
            snprintf(err, errlen, "%s at byte %zu", ps.err ? ps.err : "invalid JSON", (size_t)(ps.p - text));
        json_free(ps.doc);
        *docp = NULL;
        return NULL;
    }
    *docp = ps.doc;
    return v;
}

void json_free(struct json_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n; i++)
        free(doc->blocks[i]);
    free(doc->blocks);
    free(doc);
}

const struct jval *json_get(const struct jval *obj, const char *key)
{
    if (!obj || obj->type != J_OBJ)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}

const char *json_get_str(const struct jval *obj, const char *key, const char *dflt)
{
    const struct jval *v = json_get(obj, key);
    return v && v->type == J_STR ? v->str : dflt;
}

double json_get_num(const struct jval *obj, const char *key, double dflt)
{
    const struct jval *v = json_get(obj, key);
    return v && v->type == J_NUM ? v->num : dflt;
}

int json_get_bool(const struct jval *obj, const char *key, int dflt)
{
    const struct jval *v = json_get(obj, key);
    return v && v->type == J_BOOL ? (int)v->num : dflt;
}

unsigned long long json_get_uint(const struct jval *obj, const char *key, unsigned long long max,
                                 unsigned long long dflt)
{
    const struct jval *v = json_get(obj, key);
    /* Compared as doubles before the conversion, which is undefined for a
     * value out of range (1e300, -1, and 2^64, which (double)ULLONG_MAX
     * rounds up to). */
    if (!v || v->type != J_NUM || !(v->num >= 0) || v->num >= 0x1p64 || v->num > (double)max)
        return dflt;
    unsigned long long n = (unsigned long long)v->num;
    return n <= max ? n : dflt; /* (double)max may round up */
}

static void write_value(struct jbuf *b, const struct jval *v, int keycase);

void json_write_value(struct jbuf *b, const struct jval *v)
{
    write_value(b, v, 0);
}

void json_write_value_keys(struct jbuf *b, const struct jval *v, bool upper)
{
    write_value(b, v, upper ? 1 : -1);
}

/* keycase: 0 keys as they are, 1 first letter upper-cased, -1 lower-cased. */
static void write_value(struct jbuf *b, const struct jval *v, int keycase)
{
    if (!v) {
        jbuf_puts(b, "null");
        return;
    }
    switch (v->type) {
    case J_NULL: jbuf_puts(b, "null"); break;
    case J_BOOL: jbuf_puts(b, v->num ? "true" : "false"); break;
    case J_NUM:
        /* In range before the conversion, which is undefined outside it. */
        if (v->num < 9e15 && v->num > -9e15 && v->num == (double)(long long)v->num)
            jbuf_printf(b, "%lld", (long long)v->num);
        else
            jbuf_printf(b, "%.17g", v->num);
        break;
    case J_STR: jbuf_str(b, v->str); break;
    case J_ARR:
    case J_OBJ:
        jbuf_puts(b, v->type == J_ARR ? "[" : "{");
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                jbuf_puts(b, ",");
            if (v->type == J_OBJ) {
                size_t at = b->len + 1; /* the key's first letter, after its quote */
                jbuf_str(b, v->keys[i]);
                char c = b->s[at];
                if (keycase > 0 && c >= 'a' && c <= 'z')
                    b->s[at] = (char)(c - 'a' + 'A');
                else if (keycase < 0 && c >= 'A' && c <= 'Z')
                    b->s[at] = (char)(c - 'A' + 'a');
                jbuf_puts(b, ":");
            }
            write_value(b, v->items[i], keycase);
        }
        jbuf_puts(b, v->type == J_ARR ? "]" : "}");
        break;
    }
}
