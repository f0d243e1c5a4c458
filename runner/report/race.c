/*
 * report/race.c — see report/race.h.
 */
#include "runner/report/race.h"

#include <stdlib.h>
#include <string.h>

#include "runner/report/json.h"

char *race_frame_text(const struct race_frame *f)
{
    if (*f->file && f->line && *f->func)
        return xasprintf("%s:%u in %s", f->file, f->line, f->func);
    if (*f->file && f->line)
        return xasprintf("%s:%u", f->file, f->line);
    if (*f->func)
        return xasprintf("%s", f->func);
    return xstrdup("an unknown location");
}

static void read_access(const struct jval *a, struct race_access *out)
{
    out->kind = xstrdup(json_get_str(a, "kind", "access"));
    out->thread = xstrdup(json_get_str(a, "thread", "a thread"));
    const struct jval *st = json_get(a, "stack");
    size_t n = st && st->type == J_ARR ? st->n : 0;
    out->frames = xcalloc(n ? n : 1, sizeof *out->frames);
    for (size_t i = 0; i < n; i++) {
        const struct jval *f = st->items[i];
        out->frames[i].func = xstrdup(json_get_str(f, "func", ""));
        out->frames[i].file = xstrdup(json_get_str(f, "file", ""));
        double line = json_get_num(f, "line", 0);
        out->frames[i].line = line > 0 && line < 4e9 ? (unsigned)line : 0;
    }
    out->nframes = n;
}

/* "global 'counter'" out of "Location is global 'counter' of size 4 at 0x...". */
static char *location_of(const char *report)
{
    const char *p = report ? strstr(report, "\nLocation is ") : NULL;
    if (!p)
        return NULL;
    p += strlen("\nLocation is ");
    size_t n = strcspn(p, "\n");
    const char *cut[] = {" of size ", " at 0x"};
    for (size_t i = 0; i < 2; i++) {
        const char *c = strstr(p, cut[i]);
        if (c && (size_t)(c - p) < n)
            n = (size_t)(c - p);
    }
    while (n > 0 && (p[n - 1] == '.' || p[n - 1] == ':' || p[n - 1] == ' '))
        n--; /* "stack of main thread." goes into a sentence of its own */
    return n ? xasprintf("%.*s", (int)n, p) : NULL;
}

void race_info_get(const struct rt_race *r, struct race_info *out)
{
    memset(out, 0, sizeof *out);
    struct json_doc *doc = NULL;
    const char *aj = r->accesses_json ? r->accesses_json : "";
    const struct jval *acc = *aj ? json_parse(aj, strlen(aj), &doc, NULL, 0) : NULL;
    if (acc && acc->type == J_ARR)
        for (size_t i = 0; i < acc->n && i < 2; i++)
            read_access(acc->items[i], &out->acc[out->nacc++]);
    json_free(doc);
    out->location = location_of(r->report);
    out->rule = r->kind ? r->kind : "data-race";
    const char *what = r->kind ? r->kind : "data race";

    if (out->nacc > 0 && out->acc[0].nframes > 0) {
        char *where = race_frame_text(&out->acc[0].frames[0]);
        out->title = xasprintf("%s %s", what, where);
        free(where);
    } else if (r->key && *r->key && !r->kind) {
        /* The key's first side, FILE:LINE:FUNC. */
        size_t n = strcspn(r->key, "|");
        out->title = xasprintf("data race %.*s", (int)n, r->key);
    } else {
        out->title = xstrdup(what);
    }
}

void race_info_free(struct race_info *ri)
{
    for (size_t i = 0; i < ri->nacc; i++) {
        struct race_access *a = &ri->acc[i];
        for (size_t k = 0; k < a->nframes; k++) {
            free(a->frames[k].func);
            free(a->frames[k].file);
        }
        free(a->frames);
        free(a->kind);
        free(a->thread);
    }
    free(ri->location);
    free(ri->title);
    memset(ri, 0, sizeof *ri);
}
