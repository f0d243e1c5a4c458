/*
 * suite/build.h — turns the discovered test files into test binaries and asks
 * each binary for its tests.
 *
 * Building: one `racetest build` (or, with -race=false, one plain compiler
 * run) per file, at most -p at once, each in the test file's directory so
 * that relative paths in //racetest:cflags and ldflags mean what they say
 * next to the file; the file and its sources are passed as absolute paths, so
 * that race reports name them in full and strip_path_prefix can shorten them.
 * The cmocka glue is linked with
 *   -Wl,--wrap=_cmocka_run_group_tests -Wl,--wrap=_skip
 *   LIBDIR/libracetest_cmocka.a [LIBDIR/libracetest_rt_noop.a] -lcmocka
 * A failed build keeps the compiler's output for the report; the other files
 * go on.
 *
 * Listing: a binary that contains the glue is run once with RACETEST_LIST=1
 * and its "list" events become tests; any other binary is a plain-main test
 * file, one test named after the file.
 */
#ifndef RACETEST_TEST_BUILD_H
#define RACETEST_TEST_BUILD_H

#include "runner/suite/flags.h"
#include "runner/suite/model.h"

struct build_env {
    const struct test_opts *opts;
    const char *self_exe;   /* the racetest executable, for `racetest build` */
    const char *libdir;     /* where libracetest_cmocka.a lives */
    const char *includedir; /* racetest.h, for -race=false builds (may be NULL) */
    const char *workdir;    /* private temporary directory of this command */
    const char *cwd;        /* the current directory (for -fmacro-prefix-map) */
    unsigned parallel;      /* builds at once */
};

/* Builds every file that is not excluded. Returns the number of failed
 * builds; fills binary, build_failed and build_output. */
size_t test_build_all(struct rt_model *m, const struct build_env *e);

/* Lists the tests of every built file into m->tests (first_test, ntests).
 * A listing that fails marks the file list_failed with the reason in
 * build_output. Returns the number of such files. */
size_t test_list_all(struct rt_model *m, const struct build_env *e);

/* Whether the executable at path contains the cmocka glue. */
bool test_binary_has_glue(const char *path);

#endif
