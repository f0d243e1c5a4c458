/*
 * event_lines.c — see event_lines.h.
 */
#include "runner/suite/event_lines.h"

#include <string.h>

void event_lines_init(struct event_lines *l)
{
    jbuf_init(&l->pending);
    l->scanned = 0;
}

void event_lines_free(struct event_lines *l)
{
    jbuf_free(&l->pending);
    l->scanned = 0;
}

void event_lines_feed(struct event_lines *l, const char *data, size_t n,
                      void (*fn)(void *ctx, const char *line, size_t len), void *ctx)
{
    jbuf_putn(&l->pending, data, n);
    struct jbuf *b = &l->pending;
    size_t start = 0;
    for (size_t i = l->scanned; i < b->len; i++) {
        if (b->s[i] != '\n')
            continue;
        fn(ctx, b->s + start, i - start);
        start = i + 1;
    }
    memmove(b->s, b->s + start, b->len - start);
    b->len -= start;
    b->s[b->len] = '\0';
    l->scanned = b->len;
}

void event_lines_finish(struct event_lines *l, void (*fn)(void *ctx, const char *line, size_t len),
                        void *ctx)
{
    if (l->pending.len)
        fn(ctx, l->pending.s, l->pending.len);
    jbuf_reset(&l->pending);
    l->scanned = 0;
}
