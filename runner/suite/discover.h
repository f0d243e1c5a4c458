/*
 * suite/discover.h — finds the test files named by the path arguments and
 * reads their headers (build constraint, cflags/ldflags/sources directives,
 * through filters/test_file_header.h).
 *
 * Paths (DESIGN.md): `dir` is that folder's *_test.c files, `dir/...` the
 * folder and every folder below it (skipping folders whose names start with
 * "." or "_" and "testdata", as go does), a file path that file. No path
 * means ".". Files are sorted by path within each argument and reported once
 * even when several arguments reach them.
 *
 * FILE of a test id is the file's path relative to the current directory
 * after lexical cleaning ("./tests/../tests/a_test.c" -> "tests/a_test.c"),
 * or its absolute path when it lies outside.
 *
 * A file whose header cannot be read is kept as a build failure with the
 * error (file:line:column) as its diagnostics; a constraint that excludes the
 * file marks it excluded with the explanation.
 */
#ifndef RACETEST_TEST_DISCOVER_H
#define RACETEST_TEST_DISCOVER_H

#include <stddef.h>

#include "filters/build_constraint.h"
#include "runner/suite/model.h"

/* Appends the files to m. Returns 0, or -1 with a message naming the path
 * in err (a path that does not exist, an unreadable folder). */
int test_discover(struct rt_model *m, const char *const *paths, size_t npaths, const build_tags *tags, char *err,
                  size_t errlen);

/* Lexically cleans an absolute path ("/a/./b/../c" -> "/a/c"). Returns a
 * malloc'd string. */
char *path_clean_abs(const char *path);

/* The display form of an absolute path: relative to cwd when inside it. */
char *path_display(const char *abs, const char *cwd);

#endif
