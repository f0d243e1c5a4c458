/*
 * event_lines.h — cutting a stream that arrives in chunks (the event file a
 * test process appends to, read while it runs) into complete lines.
 *
 * Pure: the caller reads; this keeps the incomplete last line until its
 * newline arrives. Every byte is scanned once, whatever the chunk sizes: a
 * long line that arrives in many reads costs its length, not its length
 * times the number of reads.
 */
#ifndef RACETEST_EVENT_LINES_H
#define RACETEST_EVENT_LINES_H

#include <stddef.h>

#include "runner/report/json.h"

struct event_lines {
    struct jbuf pending; /* bytes after the last newline */
    size_t scanned;      /* how many of them hold no newline */
};

void event_lines_init(struct event_lines *l);
void event_lines_free(struct event_lines *l);

/* Appends n bytes and calls fn(ctx, line, len) for each line they complete
 * (line without its newline, not NUL-terminated), in order. */
void event_lines_feed(struct event_lines *l, const char *data, size_t n,
                      void (*fn)(void *ctx, const char *line, size_t len), void *ctx);

/* At the end of the stream: calls fn for a last line without its newline,
 * if there is one, and forgets it. */
void event_lines_finish(struct event_lines *l, void (*fn)(void *ctx, const char *line, size_t len),
                        void *ctx);

#endif
