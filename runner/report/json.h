/*
 * report/json.h — a small JSON writer and reader for the runner's event streams.
 *
 * Writer: a growable string buffer (struct jbuf) with helpers that append
 * correctly escaped JSON strings; the caller writes the punctuation. A jbuf
 * never fails silently: allocation failure aborts the process (the runner
 * cannot report anything sensible without memory).
 *
 * Reader: json_parse() turns one JSON text (an event line) into a tree of
 * struct jval, all allocated in one arena freed by json_free(). Numbers are
 * doubles (event numbers fit exactly); strings are NUL-terminated UTF-8 with
 * escapes decoded (\u0000 becomes U+FFFD so that strings stay C strings).
 * Invariant: the parser never reads past len and rejects trailing garbage.
 */
#ifndef RACETEST_JSON_H
#define RACETEST_JSON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct jbuf {
    char *s;    /* NUL-terminated */
    size_t len; /* bytes before the NUL */
    size_t cap;
};

void jbuf_init(struct jbuf *b);
void jbuf_free(struct jbuf *b);
void jbuf_reset(struct jbuf *b); /* len = 0, keeps the allocation */
void jbuf_putn(struct jbuf *b, const char *s, size_t n);
void jbuf_puts(struct jbuf *b, const char *s);
void jbuf_printf(struct jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void jbuf_vprintf(struct jbuf *b, const char *fmt, va_list ap);
/* Appends s as a quoted JSON string (NULL is written as null). */
void jbuf_str(struct jbuf *b, const char *s);
void jbuf_strn(struct jbuf *b, const char *s, size_t n);

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
    enum jtype type;
    double num;          /* J_NUM; J_BOOL: 0 or 1 */
    char *str;           /* J_STR */
    size_t n;            /* J_ARR, J_OBJ: number of items */
    struct jval **items; /* J_ARR, J_OBJ */
    char **keys;         /* J_OBJ */
};

struct json_doc; /* the arena that owns a parsed tree */

/* Parses text[0..len). Returns the root, owned by *doc, or NULL with a short
 * reason in err (and *doc NULL). */
struct jval *json_parse(const char *text, size_t len, struct json_doc **doc, char *err, size_t errlen);
void json_free(struct json_doc *doc);

/* Appends v as compact JSON. */
void json_write_value(struct jbuf *b, const struct jval *v);
/* The same with the first letter of every object key upper-cased (Go's
 * style, "func" -> "Func"; upper true) or lower-cased (back). */
void json_write_value_keys(struct jbuf *b, const struct jval *v, bool upper);

/* Accessors that tolerate NULL and wrong types (they return the default). */
const struct jval *json_get(const struct jval *obj, const char *key);
const char *json_get_str(const struct jval *obj, const char *key, const char *dflt);
double json_get_num(const struct jval *obj, const char *key, double dflt);
int json_get_bool(const struct jval *obj, const char *key, int dflt);
/* A number in 0..max, fraction dropped; dflt for anything else (a negative
 * or huge number from a damaged or hostile stream included). */
unsigned long long json_get_uint(const struct jval *obj, const char *key, unsigned long long max,
                                 unsigned long long dflt);

#endif
