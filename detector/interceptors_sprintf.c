/*
 * interceptors_sprintf.c — printf into memory: sprintf, snprintf and their
 * va_list and _FORTIFY_SOURCE variants write the destination buffer (as
 * much of it as they filled: the result and its null, within the size),
 * and read the strings their format reads (printf_args.h); asprintf only
 * reads (its buffer is new). The checks come before the call for the
 * reads and after it for the write, with the caller's pc, for
 * instrumented callers only (caller_module.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "access.h"
#include "caller_module.h"
#include "interceptors.h"
#include "printf_args.h"
#include "thread.h"

extern int __vsprintf_chk(char *s, int flag, size_t slen, const char *fmt, va_list ap);
extern int __vsnprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, va_list ap);
extern int __sprintf_chk(char *s, int flag, size_t slen, const char *fmt, ...);
extern int __snprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, ...);

/* The bytes a call that returned r wrote into a buffer of `size` bytes
 * (SIZE_MAX: unbounded, sprintf). */
static void wrote(struct rt_thread *t, char *s, size_t size, int r, uptr pc)
{
    if (r < 0 || !size || t->ignore || !caller_instrumented(pc))
        return;
    size_t n = (size_t)r + 1;
    access_range(t, (uptr)s, n < size ? n : size, true, false, pc);
}

static void reads(struct rt_thread *t, const char *fmt, va_list ap, uptr pc)
{
    if (!t->ignore)
        printf_check_args(t, fmt, ap, pc);
}

static int vsnprintf_at(char *s, size_t n, const char *fmt, va_list ap, uptr pc)
{
    struct rt_thread *t = cur_thread();
    reads(t, fmt, ap, pc);
    int r = REAL(vsnprintf)(s, n, fmt, ap);
    wrote(t, s, n, r, pc);
    return r;
}

static int vsprintf_at(char *s, const char *fmt, va_list ap, uptr pc)
{
    struct rt_thread *t = cur_thread();
    reads(t, fmt, ap, pc);
    int r = REAL(vsprintf)(s, fmt, ap);
    wrote(t, s, SIZE_MAX, r, pc);
    return r;
}

int vsnprintf(char *s, size_t n, const char *fmt, va_list ap)
{
    return vsnprintf_at(s, n, fmt, ap, CALLER_PC());
}

int vsprintf(char *s, const char *fmt, va_list ap)
{
    return vsprintf_at(s, fmt, ap, CALLER_PC());
}

int snprintf(char *s, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf_at(s, n, fmt, ap, CALLER_PC());
    va_end(ap);
    return r;
}

int sprintf(char *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsprintf_at(s, fmt, ap, CALLER_PC());
    va_end(ap);
    return r;
}

static int vsnprintf_chk_at(char *s, size_t n, int flag, size_t slen, const char *fmt,
                            va_list ap, uptr pc)
{
    struct rt_thread *t = cur_thread();
    reads(t, fmt, ap, pc);
    int r = REAL(__vsnprintf_chk)(s, n, flag, slen, fmt, ap);
    wrote(t, s, n, r, pc);
    return r;
}

static int vsprintf_chk_at(char *s, int flag, size_t slen, const char *fmt, va_list ap, uptr pc)
{
    struct rt_thread *t = cur_thread();
    reads(t, fmt, ap, pc);
    int r = REAL(__vsprintf_chk)(s, flag, slen, fmt, ap);
    wrote(t, s, SIZE_MAX, r, pc);
    return r;
}

int __vsnprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, va_list ap)
{
    return vsnprintf_chk_at(s, n, flag, slen, fmt, ap, CALLER_PC());
}

int __vsprintf_chk(char *s, int flag, size_t slen, const char *fmt, va_list ap)
{
    return vsprintf_chk_at(s, flag, slen, fmt, ap, CALLER_PC());
}

int __snprintf_chk(char *s, size_t n, int flag, size_t slen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf_chk_at(s, n, flag, slen, fmt, ap, CALLER_PC());
    va_end(ap);
    return r;
}

int __sprintf_chk(char *s, int flag, size_t slen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsprintf_chk_at(s, flag, slen, fmt, ap, CALLER_PC());
    va_end(ap);
    return r;
}

static int vasprintf_at(char **out, const char *fmt, va_list ap, uptr pc)
{
    reads(cur_thread(), fmt, ap, pc);
    return REAL(vasprintf)(out, fmt, ap);
}

int vasprintf(char **out, const char *fmt, va_list ap)
{
    return vasprintf_at(out, fmt, ap, CALLER_PC());
}

int asprintf(char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vasprintf_at(out, fmt, ap, CALLER_PC());
    va_end(ap);
    return r;
}
