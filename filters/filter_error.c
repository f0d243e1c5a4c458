/*
 * filter_error.c — formatting of filter_error messages (see filter_error.h).
 */
#include "filter_error.h"

#include <stdarg.h>
#include <stdio.h>

static void set_message(filter_error *err, size_t used, const char *fmt, va_list ap)
{
    if (used < sizeof err->msg)
        vsnprintf(err->msg + used, sizeof err->msg - used, fmt, ap);
}

void filter_error_set(filter_error *err, unsigned line, unsigned column, const char *fmt, ...)
{
    if (!err)
        return;
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    set_message(err, 0, fmt, ap);
    va_end(ap);
}

unsigned filter_origin_column(const filter_origin *origin, size_t offset)
{
    unsigned first = origin && origin->column ? origin->column : 1;
    return first + (unsigned)offset;
}

void filter_error_vat(filter_error *err, const filter_origin *origin, size_t offset,
                      const char *fmt, va_list ap)
{
    if (!err)
        return;
    const char *path = origin ? origin->path : NULL;
    unsigned line = origin ? origin->line : 0;
    unsigned column = filter_origin_column(origin, offset);
    int n;
    if (path && line)
        n = snprintf(err->msg, sizeof err->msg, "%s:%u:%u: ", path, line, column);
    else if (path)
        n = snprintf(err->msg, sizeof err->msg, "%s: column %u: ", path, column);
    else if (line)
        n = snprintf(err->msg, sizeof err->msg, "line %u, column %u: ", line, column);
    else
        n = snprintf(err->msg, sizeof err->msg, "column %u: ", column);
    err->line = line;
    err->column = column;
    set_message(err, n < 0 ? 0 : (size_t)n, fmt, ap);
}

void filter_error_at(filter_error *err, const filter_origin *origin, size_t offset,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    filter_error_vat(err, origin, offset, fmt, ap);
    va_end(ap);
}
