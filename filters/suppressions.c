/*
 * suppressions.c — parsing suppression files and matching reports against
 * them (see suppressions.h for the format and the matching order).
 *
 * Parsing may allocate and format messages; matching (everything below
 * suppressions_match) only reads the list, calls template_match and bumps a
 * counter, which is what the detector runtime can afford in a report.
 */
#include "suppressions.h"

#include <stdlib.h>
#include <string.h>

#include "template_match.h"

static const char *const type_names[] = {
    [SUPP_RACE] = "race",
    [SUPP_RACE_TOP] = "race_top",
    [SUPP_THREAD] = "thread",
    [SUPP_MUTEX] = "mutex",
    [SUPP_SIGNAL] = "signal",
    [SUPP_DEADLOCK] = "deadlock",
    [SUPP_CALLED_FROM_LIB] = "called_from_lib",
};
#define TYPE_COUNT (sizeof type_names / sizeof type_names[0])
#define KNOWN_TYPES "race, race_top, thread, mutex, signal, deadlock, called_from_lib"

const char *supp_type_name(supp_type type)
{
    return (size_t)type < TYPE_COUNT ? type_names[type] : "?";
}

/* --- parsing ---------------------------------------------------------------- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Narrows [*start, *end) to exclude blanks on both sides. */
static void trim(const char *line, size_t *start, size_t *end)
{
    while (*start < *end && is_blank(line[*start]))
        (*start)++;
    while (*end > *start && is_blank(line[*end - 1]))
        (*end)--;
}

static bool lookup_type(const char *name, size_t len, supp_type *type)
{
    for (size_t i = 0; i < TYPE_COUNT; i++) {
        if (strlen(type_names[i]) == len && memcmp(type_names[i], name, len) == 0) {
            *type = (supp_type)i;
            return true;
        }
    }
    return false;
}

static void drop_entries_from(suppressions *list, size_t count)
{
    while (list->count > count)
        free((char *)list->entries[--list->count].pattern);
}

static int append_entry(suppressions *list, supp_entry entry, const char *pattern, size_t len)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? 2 * list->capacity : 16;
        supp_entry *entries = realloc(list->entries, capacity * sizeof *entries);
        if (!entries)
            return -1;
        list->entries = entries;
        list->capacity = capacity;
    }
    char *copy = strndup(pattern, len);
    if (!copy)
        return -1;
    entry.pattern = copy;
    list->entries[list->count++] = entry;
    return 0;
}

/* Parses one line (no newline); 0 on success or when the line holds no
 * entry, -1 with err set. */
static int parse_line(suppressions *list, const char *line, size_t len, const filter_origin *at,
                      const char *path, filter_error *err)
{
    size_t start = 0, end = len;
    trim(line, &start, &end);
    if (start == end || line[start] == '#')
        return 0;
    const char *nul = memchr(line, '\0', len);
    if (nul) {
        filter_error_at(err, at, (size_t)(nul - line), "NUL byte in suppression line");
        return -1;
    }
    const char *colon = memchr(line + start, ':', end - start);
    size_t type_start = start, type_end = colon ? (size_t)(colon - line) : start;
    trim(line, &type_start, &type_end);
    if (type_start == type_end) {
        filter_error_at(err, at, start, "expected TYPE:PATTERN (e.g. race:my_function), got '%.*s'",
                        (int)(end - start), line + start);
        return -1;
    }
    supp_type type;
    if (!lookup_type(line + type_start, type_end - type_start, &type)) {
        filter_error_at(err, at, type_start, "unknown suppression type '%.*s' (known: " KNOWN_TYPES ")",
                        (int)(type_end - type_start), line + type_start);
        return -1;
    }
    size_t pattern_start = (size_t)(colon - line) + 1, pattern_end = end;
    trim(line, &pattern_start, &pattern_end);
    if (pattern_start == pattern_end) {
        filter_error_at(err, at, pattern_start, "empty pattern after '%s:'", type_names[type]);
        return -1;
    }
    supp_entry entry = {.type = type, .path = path, .line = at->line};
    if (append_entry(list, entry, line + pattern_start, pattern_end - pattern_start) != 0) {
        filter_error_at(err, at, start, "out of memory");
        return -1;
    }
    return 0;
}

/* Records a copy of path in the list, for the entries to point to. */
static const char *keep_path(suppressions *list, const char *path)
{
    if (!path)
        return "";
    char **paths = realloc(list->paths, (list->path_count + 1) * sizeof *paths);
    if (!paths)
        return NULL;
    list->paths = paths;
    char *copy = strdup(path);
    if (copy)
        list->paths[list->path_count++] = copy;
    return copy;
}

int suppressions_parse(suppressions *list, const char *text, size_t len, const char *path,
                       filter_error *err)
{
    size_t old_count = list->count;
    const char *kept = keep_path(list, path);
    if (!kept) {
        filter_error_set(err, 0, 0, "out of memory");
        return -1;
    }
    filter_origin at = {.path = path, .line = 1, .column = 1};
    for (size_t pos = 0; pos <= len; at.line++) {
        const char *newline = memchr(text + pos, '\n', len - pos);
        size_t line_end = newline ? (size_t)(newline - text) : len;
        if (parse_line(list, text + pos, line_end - pos, &at, kept, err) != 0) {
            drop_entries_from(list, old_count);
            if (path)
                free(list->paths[--list->path_count]);
            return -1;
        }
        pos = line_end + 1;
    }
    return 0;
}

void suppressions_free(suppressions *list)
{
    drop_entries_from(list, 0);
    free(list->entries);
    for (size_t i = 0; i < list->path_count; i++)
        free(list->paths[i]);
    free(list->paths);
    *list = (suppressions){0};
}

/* --- matching (no allocation, no libc) ----------------------------------- */

/* The first entry of this type matching str, in file order. */
static supp_entry *match_string(suppressions *list, supp_type type, const char *str)
{
    for (size_t i = 0; i < list->count; i++) {
        supp_entry *e = &list->entries[i];
        if (e->type == type && template_match(e->pattern, str))
            return e;
    }
    return NULL;
}

static supp_entry *match_frame(suppressions *list, supp_type type, const supp_frame *frame)
{
    supp_entry *e = match_string(list, type, frame->function);
    if (!e)
        e = match_string(list, type, frame->file);
    if (!e)
        e = match_string(list, type, frame->module);
    return e;
}

static const supp_entry *hit(supp_entry *e)
{
    /* Reports of different threads may be matched concurrently. */
    if (e)
        __atomic_fetch_add(&e->hits, 1, __ATOMIC_RELAXED);
    return e;
}

const supp_entry *suppressions_match(suppressions *list, supp_type report_type,
                                     const supp_stack *stacks, size_t stack_count)
{
    for (size_t s = 0; s < stack_count; s++) {
        const supp_stack *stack = &stacks[s];
        supp_entry *e = NULL;
        for (size_t f = 0; !e && f < stack->count; f++)
            e = match_frame(list, report_type, &stack->frames[f]);
        if (!e && report_type == SUPP_RACE && stack->count > 0)
            e = match_frame(list, SUPP_RACE_TOP, &stack->frames[0]);
        if (e)
            return hit(e);
    }
    return NULL;
}

const supp_entry *suppressions_match_global(suppressions *list, supp_type report_type,
                                            const char *name, const char *module)
{
    supp_entry *e = match_string(list, report_type, name);
    return hit(e ? e : match_string(list, report_type, module));
}

size_t suppressions_matched(const suppressions *list)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count; i++)
        n += __atomic_load_n(&list->entries[i].hits, __ATOMIC_RELAXED) > 0;
    return n;
}
