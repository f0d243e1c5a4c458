/*
 * race_key.c — race identity text and hash (see race_key.h).
 *
 * The text is produced once into a textbuf, which hashes what it is given,
 * so the hash is by construction that of the text, whether or not the
 * caller's buffer was large enough to hold it.
 */
#include "race_key.h"

#include <stdbool.h>

#include "textbuf.h"

uint64_t race_key_hash(const char *text, size_t len)
{
    textbuf tb;
    textbuf_init(&tb, NULL, 0);
    textbuf_put(&tb, text, len);
    return tb.hash;
}

static size_t length(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static bool same(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

size_t race_key_partial(const char *key)
{
    size_t n = length(key);
    if (n < 3 || key[n - 1] != '?' || key[n - 2] != '|' || (n == 3 && key[0] == '?'))
        return 0;
    return n - 2;
}

int race_key_has_side(const char *key, const char *side, size_t len)
{
    size_t n = length(key);
    if (race_key_partial(key) || n < len + 1)
        return 0;
    if (same(key, side, len) && key[len] == '|')
        return 1;
    return key[n - len - 1] == '|' && same(key + n - len, side, len);
}

static const char *known(const char *s)
{
    return s && *s ? s : "?";
}

static void put_side(textbuf *tb, const race_key_frame *f)
{
    if (!f) {
        textbuf_putc(tb, '?');
        return;
    }
    textbuf_puts(tb, known(f->file));
    textbuf_putc(tb, ':');
    textbuf_putu(tb, f->line);
    textbuf_putc(tb, ':');
    textbuf_puts(tb, known(f->function));
}

static int compare_str(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

/* Total order on sides: missing frames last, then file, line, function. */
static bool side_before(const race_key_frame *a, const race_key_frame *b)
{
    if (!a || !b)
        return a != NULL;
    int c = compare_str(known(a->file), known(b->file));
    if (c == 0)
        c = a->line < b->line ? -1 : a->line > b->line;
    if (c == 0)
        c = compare_str(known(a->function), known(b->function));
    return c < 0;
}

size_t race_key(const race_key_frame *a, const race_key_frame *b, char *buf, size_t size,
                uint64_t *hash)
{
    if (side_before(b, a)) {
        const race_key_frame *t = a;
        a = b;
        b = t;
    }
    textbuf tb;
    textbuf_init(&tb, buf, size);
    put_side(&tb, a);
    textbuf_putc(&tb, '|');
    put_side(&tb, b);
    if (hash)
        *hash = tb.hash;
    return tb.len;
}
