/*
 * suite/binary_tests.h — `racetest [flags] -- CMD ARGS...`: stress a test
 * binary that was built elsewhere (by CMake, Meson, make) instead of
 * building *_test.c files.
 *
 * The binary becomes the model's only file, run in the current directory
 * with ARGS after it in every process (listing included):
 *   - a binary that contains racetest's cmocka glue (linked as
 *     suite/build.h says) answers the listing protocol, so its tests are
 *     listed, selected with -run/-skip and repeated in-process exactly like
 *     those of a *_test.c file;
 *   - any other binary is one test named after the binary (its base name),
 *     run once per process per run.
 * Race reports come from the detector only if the binary was built with
 * `racetest cc`; otherwise runs still get timeouts, exit statuses and the
 * same reports, without races.
 *
 * Test ids are CMD/TEST with CMD as given on the command line; the rerun
 * commands end in `-- CMD ARGS...` (report/output_common.c).
 */
#ifndef RACETEST_BINARY_TESTS_H
#define RACETEST_BINARY_TESTS_H

#include <stddef.h>

#include "runner/suite/model.h"

/* Adds the binary cmd[0] (a path, or a name looked up in PATH) with the
 * arguments cmd[1..n) to m as a file named cmd[0] that runs in dir. Returns
 * it, or NULL with a message naming the command when it is not an
 * executable file. (suite/ctest_tests.h adds one per CTest test.) */
struct rt_file *binary_tests_add(struct rt_model *m, char *const *cmd, size_t n, const char *dir, char *err,
                                 size_t errlen);

/* The same for a test a build system registered (suite/ctest_tests.h,
 * suite/meson_tests.h): the file is named after the test, so ids are
 * NAME/TEST and -run/-skip select the registered names. */
struct rt_file *binary_tests_add_registered(struct rt_model *m, const char *name, char *const *cmd, size_t n,
                                            const char *dir, char *err, size_t errlen);

#endif
