/*
 * printf_args.h — the memory a printf-family format reads through its
 * arguments: each %s (and %ls, %S) string, as far as the call reads it
 * (up to the terminating null, or the precision); and each %n target,
 * which the call writes. Checked as ThreadSanitizer does, so that a
 * printf of a buffer that another thread writes is a race.
 *
 * Only instrumented callers are checked (caller_module.h). Formats with
 * positional arguments (%1$s) are not followed (skipped, not
 * guessed), nor anything after a conversion this walker does not know.
 */
#ifndef RT_PRINTF_ARGS_H
#define RT_PRINTF_ARGS_H

#include <stdarg.h>

#include "rt_defs.h"

struct rt_thread;

/* Checks the arguments in ap (a copy is walked; ap is left alone) for the
 * caller at pc. The thread's ignore flag must be down. */
void printf_check_args(struct rt_thread *t, const char *fmt, va_list ap, uptr pc);

#endif
