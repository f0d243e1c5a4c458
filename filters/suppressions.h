/*
 * suppressions.h — ThreadSanitizer-style suppression lists.
 *
 * Owns: the suppression file format and the rule that decides whether a
 * report is suppressed. Reading files and printing summaries belong to the
 * callers (the runner, the detector runtime's `suppressions=FILE` option).
 *
 * Format, one entry per line:   TYPE:PATTERN
 *   TYPE     race, race_top, thread, mutex, signal, deadlock, called_from_lib
 *   PATTERN  a template (template_match.h): `*` wildcards, optional `^`/`$`
 *            anchors, otherwise a substring match
 * Blank lines and lines whose first non-blank character is `#` are ignored;
 * blanks around the line and around TYPE and PATTERN are trimmed. Any other
 * line is an error naming the file (as given by the caller) and the line.
 *
 * Which type covers which report (TSan's): race and race_top a data race,
 * deadlock a lock-order inversion, mutex a misuse of a mutex (double lock,
 * bad unlock, destroy of a locked one), thread a thread leak, signal a
 * signal-unsafe call in a handler. called_from_lib (in TSan: stop checking
 * the calls a library makes into the runtime) suppresses no report; the
 * detector runtime says at start that it cannot honour it.
 *
 * Matching (TSan's IsSuppressed): a report of type T is suppressed when an
 * entry of type T matches the function, the file or the module of any frame
 * of any of the report's stacks, or, for a race report, when a race_top
 * entry matches the top frame of one of them; failing that, when an entry
 * of type T (never race_top) matches the name or the module of the global
 * variable the report is about (suppressions_match_global). The search
 * goes in TSan's order, so the same entry gets the hit: stack by stack;
 * within a stack each frame (innermost first), then race_top on the top
 * frame; within a frame function, file, module; for each string the first
 * entry in file order. The caller chooses the stacks, as TSan does: the
 * two accesses' stacks of a race (not the threads' creation stacks), the
 * stacks a lock-order inversion, a misuse or a signal-unsafe call shows, a
 * leaked thread's creation stack; and the global: the racy variable, or the
 * misused mutex.
 *
 * Invariants: entries keep file order; parsing appends to a list, so several
 * files merge into one list, and a file with an error adds nothing. Matching
 * neither allocates nor calls libc (template_match.h), so the detector
 * runtime can use it inside its report path; the runtime needs
 * suppressions.c, template_match.c and filter_error.c (the last only for
 * parse errors).
 */
#ifndef RACETEST_SUPPRESSIONS_H
#define RACETEST_SUPPRESSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "filter_error.h"

typedef enum {
    SUPP_RACE,
    SUPP_RACE_TOP,
    SUPP_THREAD,
    SUPP_MUTEX,
    SUPP_SIGNAL,
    SUPP_DEADLOCK,
    SUPP_CALLED_FROM_LIB,
} supp_type;

typedef struct {
    supp_type type;
    const char *pattern; /* as written, anchors included */
    const char *path;    /* the file it came from, as the caller named it; "" if none */
    unsigned line;       /* 1-based line in that file */
    unsigned long hits;  /* reports it suppressed (updated atomically) */
} supp_entry;

/* Zero-initialized means empty. Read entries and count; change them only
 * through the functions below. */
typedef struct {
    supp_entry *entries;
    size_t count;
    size_t capacity;
    char **paths; /* owned copies of the file names, one per parsed file */
    size_t path_count;
} suppressions;

/* One frame of a symbolized stack; NULL or "" for what is unknown. */
typedef struct {
    const char *function;
    const char *file;
    const char *module;
} supp_frame;

/* Innermost frame first. */
typedef struct {
    const supp_frame *frames;
    size_t count;
} supp_stack;

/* "race", "race_top", ... */
const char *supp_type_name(supp_type type);

/* Appends the entries of one file's text (len bytes, need not be
 * NUL-terminated). path names the file in messages and entries (NULL: none).
 * Returns 0, or -1 with err set ("supp.txt:3:1: unknown suppression type
 * 'rcae' (known: race, race_top, ...)") and the list unchanged. */
int suppressions_parse(suppressions *list, const char *text, size_t len, const char *path,
                       filter_error *err);

/* The entry that suppresses a report of type report_type (SUPP_RACE,
 * SUPP_THREAD, SUPP_MUTEX, SUPP_SIGNAL or SUPP_DEADLOCK) with these stacks,
 * after counting the hit on it; NULL when nothing matches. */
const supp_entry *suppressions_match(suppressions *list, supp_type report_type,
                                     const supp_stack *stacks, size_t stack_count);

/* The entry of type report_type (not race_top) that matches the name or
 * the module of the global variable a report is about, after counting the
 * hit on it; NULL when none does. Asked when suppressions_match found
 * nothing. */
const supp_entry *suppressions_match_global(suppressions *list, supp_type report_type,
                                            const char *name, const char *module);

/* How many entries suppressed at least one report (TSan's "Matched N
 * suppressions"). */
size_t suppressions_matched(const suppressions *list);

void suppressions_free(suppressions *list);

#endif
