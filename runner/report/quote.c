/*
 * report/quote.c — see report/quote.h.
 */
#include "runner/report/quote.h"

#include <string.h>

static bool shell_safe(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("_-./,:=+@%^", c));
}

void quote_shell(struct jbuf *b, const char *s)
{
    bool safe = *s != '\0';
    for (const char *p = s; *p && safe; p++)
        safe = shell_safe((unsigned char)*p);
    if (safe) {
        jbuf_puts(b, s);
        return;
    }
    jbuf_puts(b, "'");
    for (; *s; s++) {
        if (*s == '\'')
            jbuf_puts(b, "'\\''");
        else
            jbuf_putn(b, s, 1);
    }
    jbuf_puts(b, "'");
}

void quote_regex(struct jbuf *b, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\^$.|?*+()[]{}/", *s))
            jbuf_puts(b, "\\");
        jbuf_putn(b, s, 1);
    }
}
