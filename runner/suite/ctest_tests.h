/*
 * suite/ctest_tests.h — `racetest [flags] -ctest BUILD_DIR`: the tests a CMake
 * project registered with add_test, stressed under the runner.
 *
 * The tests come from `ctest --show-only=json-v1` run in BUILD_DIR (so the
 * project must be configured and built). Each CTest test becomes a file of
 * the model made by suite/binary_tests.h from its command, named after the
 * CTest test (ids NAME/TEST, so -run/-skip select CTest names), with
 *   WORKING_DIRECTORY  where its processes run (default: BUILD_DIR)
 *   ENVIRONMENT        added to their environment
 *   TIMEOUT            the per-run timeout of its runs (else -timeout)
 *   DISABLED           the test is left out, as ctest does
 * A cmocka binary linked with racetest's glue keeps its tests and the
 * in-process repetition; any other command is one test, one process per run.
 *
 * Errors (exit 2) name BUILD_DIR or the CTest test: no CTestTestfile.cmake
 * in BUILD_DIR, ctest failing or missing,
 * output that is not ctest's JSON, a test without a command (its executable
 * not built).
 */
#ifndef RACETEST_CTEST_TESTS_H
#define RACETEST_CTEST_TESTS_H

#include <stddef.h>

#include "runner/suite/model.h"

/* Adds BUILD_DIR's CTest tests to m. Returns 0, or -1 with a message. */
int ctest_tests_add(struct rt_model *m, const char *build_dir, char *err, size_t errlen);

#endif
