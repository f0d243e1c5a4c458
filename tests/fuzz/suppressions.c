/*
 * Fuzz target: suppression files (filters/suppressions.h) and the template
 * matcher behind them. The input is a whole file. Properties: a parse
 * fails with a message naming the file and leaves the list as it was, or
 * appends entries; an entry whose pattern is a plain word (no *, ^ or $)
 * suppresses a report of its type whose frame, or (but for race_top) whose
 * global variable, is named by that word; no template matches an empty name.
 */
#include "filters/suppressions.h"
#include "filters/template_match.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    suppressions list = {0};
    filter_error err = {0};
    /* A first file, so that a failing second one must leave it intact. */
    static const char first[] = "race:first_file_fn\n";
    FUZZ_CHECK(suppressions_parse(&list, first, sizeof first - 1, "a.supp", &err) == 0, "%s", err.msg);
    if (suppressions_parse(&list, (const char *)data, size, "b.supp", &err) != 0) {
        FUZZ_CHECK_MESSAGE(err.msg);
        FUZZ_CHECK(strncmp(err.msg, "b.supp:", 7) == 0, "error does not name the file: %s", err.msg);
        FUZZ_CHECK(list.count == 1, "a failed parse changed the list");
    }
    for (size_t i = 0; i < list.count; i++) {
        const supp_entry *e = &list.entries[i];
        FUZZ_CHECK(e->pattern && e->line >= 1, "entry %zu incomplete", i);
        FUZZ_CHECK(!template_match(e->pattern, ""), "'%s' matched an empty name", e->pattern);
        /* A plain word matches itself (as a function, a file, a module). */
        if (!strpbrk(e->pattern, "*^$") && e->pattern[0]) {
            FUZZ_CHECK(template_match(e->pattern, e->pattern), "'%s' does not match itself", e->pattern);
            supp_frame f = {.function = e->pattern, .file = "x.c", .module = "m"};
            supp_stack st = {.frames = &f, .count = 1};
            supp_type t = e->type == SUPP_RACE_TOP ? SUPP_RACE : e->type;
            if (t != SUPP_CALLED_FROM_LIB)
                FUZZ_CHECK(suppressions_match(&list, t, &st, 1) != NULL, "'%s' suppresses nothing",
                           e->pattern);
            /* ...and as a global's name, except race_top (top frames only). */
            if (t != SUPP_CALLED_FROM_LIB && e->type != SUPP_RACE_TOP)
                FUZZ_CHECK(suppressions_match_global(&list, t, e->pattern, "m") != NULL,
                           "'%s' does not suppress by a global's name", e->pattern);
        }
    }
    /* Every entry against a frame made of the input's first line. */
    const uint8_t *d = data;
    size_t n = size;
    char *line = fuzz_take(&d, &n, '\n');
    supp_frame frames[2] = {{.function = line, .file = line, .module = NULL}, {.function = "main"}};
    supp_stack stacks[2] = {{.frames = frames, .count = 2}, {.frames = frames + 1, .count = 1}};
    for (supp_type t = SUPP_RACE; t <= SUPP_DEADLOCK; t++)
        if (t != SUPP_RACE_TOP) {
            suppressions_match(&list, t, stacks, 2);
            suppressions_match_global(&list, t, line, "main");
        }
    suppressions_matched(&list);
    free(line);
    suppressions_free(&list);
    return 0;
}
