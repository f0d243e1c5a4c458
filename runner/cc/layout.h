/*
 * cc/layout.h — where the detector runtime and the annotations header are,
 * and the exact flags `racetest cc` adds to compile and link steps.
 *
 * Layout (identical in the build tree and after `make install PREFIX=P`):
 *   <exe_dir>/racetest                 the running executable (/proc/self/exe)
 *   <exe_dir>/../lib/racetest/         libracetest_rt.a, racetest.dynlist, rt-libs
 *   <exe_dir>/../include/              racetest.h
 * RACETEST_LIBDIR and RACETEST_INCLUDEDIR override the two directories (tests,
 * unusual installs). rt-libs holds the runtime's own link libraries
 * (libdw, libunwind, -lpthread ...), recorded by make when it built racetest.
 */
#ifndef RACETEST_CC_LAYOUT_H
#define RACETEST_CC_LAYOUT_H

#include <limits.h>
#include <stddef.h>

#include "runner/cc/args.h"

struct cc_layout {
    char libdir[PATH_MAX];
    char includedir[PATH_MAX];
    char archive[PATH_MAX];     /* libdir/libracetest_rt.a */
    char dynlist[PATH_MAX];     /* libdir/racetest.dynlist */
    char rtlibs_file[PATH_MAX]; /* libdir/rt-libs */
    char header[PATH_MAX];      /* includedir/racetest.h */

    /* Filled by cc_layout_flags(); strings owned by the layout. */
    char *compile[24];
    size_t n_compile;
    char **link;                /* whole-archive runtime, dynamic list, rt-libs */
    size_t n_link;
    char *cmocka_glue[3];       /* the wraps and libdir/libracetest_cmocka.a */
    size_t n_cmocka_glue;
};

/* Resolves the directories. Returns 0, or -1 with a one-line reason. */
int cc_layout_find(struct cc_layout *l, char *err, size_t errlen);

/* Builds the flag lists. Reading rt-libs is needed only for links; when it
 * is missing, the link list still names the archive and the check below
 * reports what is missing. For gcc (any compiler RACETEST_CC does not name
 * clang) the compile flags also keep the string and memory functions
 * out of line (-fno-builtin-memcpy ...): gcc expands them inline after its
 * ThreadSanitizer pass, so their accesses would never be checked. Returns
 * 0, or -1 when out of memory. */
int cc_layout_flags(struct cc_layout *l);

/* Checks that every file a runtime-carrying link needs exists. Returns 0,
 * or -1 with a one-line reason naming the missing file. */
int cc_layout_check_runtime(const struct cc_layout *l, char *err, size_t errlen);

/* The additions, as cc/args.h wants them (borrowed from l). */
struct cc_additions cc_layout_additions(const struct cc_layout *l);

void cc_layout_free(struct cc_layout *l);

#endif
