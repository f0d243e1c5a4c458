/*
 * printf_args.c — the arguments a printf-family format reads (see
 * printf_args.h). The walk follows glibc's conversion syntax: flags,
 * width and precision (a '*' takes an int argument), length modifiers,
 * then the conversion, which says the type of the next argument.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "access.h"
#include "caller_module.h"
#include "printf_args.h"
#include "thread.h"

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_BIG_L, LEN_J, LEN_Z, LEN_T };

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static const char *skip_digits(const char *p)
{
    while (is_digit(*p))
        p++;
    return p;
}

static const char *parse_length(const char *p, enum length *len)
{
    switch (*p) {
    case 'h':
        if (p[1] == 'h') {
            *len = LEN_HH;
            return p + 2;
        }
        *len = LEN_H;
        return p + 1;
    case 'l':
        if (p[1] == 'l') {
            *len = LEN_LL;
            return p + 2;
        }
        *len = LEN_L;
        return p + 1;
    case 'q': *len = LEN_LL; return p + 1;
    case 'L': *len = LEN_BIG_L; return p + 1;
    case 'j': *len = LEN_J; return p + 1;
    case 'z': case 'Z': *len = LEN_Z; return p + 1;
    case 't': *len = LEN_T; return p + 1;
    default: *len = LEN_NONE; return p;
    }
}

/* Bytes of a string that a conversion reads: up to and with its null, or
 * `prec` characters when the precision stops it first. Our own loops: the
 * runtime calls no interceptor. */
static size_t string_bytes(const char *s, int prec)
{
    size_t n = 0;
    while ((prec < 0 || n < (size_t)prec) && s[n])
        n++;
    return prec >= 0 && n == (size_t)prec ? n : n + 1;
}

static size_t wide_string_bytes(const wchar_t *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return (n + 1) * sizeof *s;
}

static size_t count_target_size(enum length len)
{
    switch (len) {
    case LEN_HH: return 1;
    case LEN_H: return sizeof(short);
    case LEN_L: case LEN_LL: case LEN_J: case LEN_Z: case LEN_T: return 8;
    default: return sizeof(int);
    }
}

/* Consumes an integer argument of the given length. */
static void skip_integer(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_L: case LEN_LL: case LEN_J: case LEN_Z: case LEN_T: (void)va_arg(*ap, long); break;
    default: (void)va_arg(*ap, int); break;
    }
}

static void walk(struct rt_thread *t, const char *p, va_list *ap, uptr pc)
{
    for (; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        if (*skip_digits(p) == '$')
            return;   /* positional arguments: not followed */
        while (*p == '-' || *p == '+' || *p == ' ' || *p == '#' || *p == '0' || *p == '\'' ||
               *p == 'I')
            p++;
        if (*p == '*') {
            (void)va_arg(*ap, int);
            p++;
        } else {
            p = skip_digits(p);
        }
        int prec = -1;
        if (*p == '.') {
            p++;
            if (*p == '*') {
                prec = va_arg(*ap, int);
                p++;
            } else {
                prec = 0;
                for (; is_digit(*p); p++)
                    prec = prec * 10 + (*p - '0');
            }
        }
        enum length len;
        p = parse_length(p, &len);
        switch (*p) {
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': case 'c': case 'C':
            skip_integer(ap, *p == 'c' || *p == 'C' ? LEN_NONE : len);
            break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
            if (len == LEN_BIG_L)
                (void)va_arg(*ap, long double);
            else
                (void)va_arg(*ap, double);
            break;
        case 'p':
            (void)va_arg(*ap, void *);
            break;
        case 'm':
            break;
        case 's': case 'S':
            if (len == LEN_L || *p == 'S') {
                const wchar_t *w = va_arg(*ap, const wchar_t *);
                if (w && prec < 0)
                    access_range(t, (uptr)w, wide_string_bytes(w), false, false, pc);
            } else {
                const char *s = va_arg(*ap, const char *);
                if (s)
                    access_range(t, (uptr)s, string_bytes(s, prec), false, false, pc);
            }
            break;
        case 'n': {
            void *target = va_arg(*ap, void *);
            if (target)
                access_range(t, (uptr)target, count_target_size(len), true, false, pc);
            break;
        }
        default:
            return;   /* unknown conversion: the argument types are lost */
        }
    }
}

void printf_check_args(struct rt_thread *t, const char *fmt, va_list ap, uptr pc)
{
    if (!fmt || !caller_instrumented(pc))
        return;
    int saved = errno;
    va_list aq;
    va_copy(aq, ap);
    walk(t, fmt, &aq, pc);
    va_end(aq);
    errno = saved;
}
