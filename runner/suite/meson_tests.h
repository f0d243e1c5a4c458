/*
 * suite/meson_tests.h — `racetest [flags] -meson BUILD_DIR`: the tests a Meson
 * project registered with test(), stressed under the runner.
 *
 * The tests come from BUILD_DIR/meson-info/intro-tests.json, the file that
 * `meson setup` writes and `meson introspect --tests` prints (so racetest
 * needs no meson at run time, and the project must be set up and built).
 * Why not `meson test --wrapper racetest`: meson would start one racetest per
 * test, so the unique races, the reports, -duration and the shards could not
 * span the suite. Each Meson test becomes a file of the model made by
 * suite/binary_tests.h from its command, named after the test (ids
 * NAME/TEST), with
 *   workdir     where its processes run (default: BUILD_DIR, as meson test)
 *   env         added to their environment
 *   timeout     the per-run timeout of its runs (0: -timeout's)
 *   suite       its labels ("project:suite"), for -label/-skip-label
 *   protocol    exitcode: exit status 77 is a skipped run (GNU's, as meson
 *               test); every protocol is judged by the exit status only
 * A cmocka binary linked with racetest's glue keeps its tests and the
 * in-process repetition; any other command is one test, one process per run.
 * Not carried by the introspection file, so not honoured: should_fail, and
 * the environment and wrappers of add_test_setup().
 *
 * Errors (exit 2) name BUILD_DIR or the Meson test: no meson-info there,
 * an unreadable or malformed intro-tests.json, a test whose executable is
 * not built.
 */
#ifndef RACETEST_MESON_TESTS_H
#define RACETEST_MESON_TESTS_H

#include <stddef.h>

#include "runner/suite/model.h"

/* Adds BUILD_DIR's Meson tests to m. Returns 0, or -1 with a message. */
int meson_tests_add(struct rt_model *m, const char *build_dir, char *err, size_t errlen);

#endif
