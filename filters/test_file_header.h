/*
 * test_file_header.h — the directives at the top of a *_test.c file.
 *
 * Owns: finding and reading the header directives of DESIGN.md ("Test
 * files") in a file's text (the caller reads the file; no I/O here):
 *     //racetest:build EXPR          at most one; Go's //go:build grammar
 *     // +build a,b c                legacy; several lines are AND-ed
 *     //racetest:cflags -O1 -DX=1    compiler flags, any number of lines
 *     //racetest:ldflags -lm         linker flags, any number of lines
 *     //racetest:sources a.c "b c.c" more sources, relative to the test file
 * The header is everything before the first line that holds code: blank
 * lines, line comments and block comments (a license block, say).
 * Directives are `//` lines that start (after indentation) with `//racetest:`
 * exactly, or with `//` then `+build`; a `//` inside a block comment is text.
 * Words of cflags/ldflags/sources are separated by blanks; "..." quotes a
 * word or part of one (`-DMSG="a b"` is the one word `-DMSG=a b`), with \"
 * and \\ as the only escapes inside quotes; there is no other quoting.
 *
 * Rules, stricter than Go where Go is silent, because a directive that is
 * silently dropped makes a test build or run differently than its author
 * thinks: when both forms are present, //racetest:build decides and the
 * // +build lines are only syntax-checked (Go's rule); a second
 * //racetest:build line, an unknown //racetest: directive, a directive below
 * the first line of code, and a cflags/ldflags/sources line with no words
 * are errors. Every error names the file, line and column.
 */
#ifndef RACETEST_TEST_FILE_HEADER_H
#define RACETEST_TEST_FILE_HEADER_H

#include <stddef.h>

#include "build_constraint.h"
#include "filter_error.h"

/* Owned words, NULL-terminated (words[count] == NULL) so that they can be
 * spliced into an argv. */
typedef struct {
    char **words;
    size_t count;
} word_list;

typedef struct {
    constraint *build;  /* NULL: no constraint, the file is always built */
    unsigned build_line; /* line of //racetest:build, else of the first // +build; 0: none */
    word_list cflags;
    word_list ldflags;
    word_list sources;
} test_header;

/* Reads the header of a test file: text is its content (len bytes, need not
 * be NUL-terminated), path names it in messages. Returns 0 with *out filled
 * (release it with test_header_free), or -1 with err set and *out empty. */
int test_header_parse(const char *text, size_t len, const char *path, test_header *out,
                      filter_error *err);

void test_header_free(test_header *h);

#endif
