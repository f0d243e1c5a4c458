/*
 * cc/driver.h — `racetest cc ARGS...`: a C compiler that builds programs
 * with the race detector (the toolchain half of `go build -race`).
 *
 * Behaves like the compiler named by RACETEST_CC (default "cc"; several
 * words allowed, e.g. "ccache gcc"): same arguments, same diagnostics, same
 * exit status. Compile steps get -fsanitize=thread -g
 * -fno-omit-frame-pointer -DRACETEST_RACE=1 -I<includedir>; links of
 * programs get the racetest runtime instead of libtsan (see cc/args.h).
 * RACETEST_CC_TRACE=1 prints every command run on stderr.
 *
 * Queries for build systems (as the only argument):
 *   --print-cflags   the compile additions, one line
 *   --print-ldflags  what a link of a program needs, one line
 *   --print-libdir / --print-includedir
 */
#ifndef RACETEST_CC_DRIVER_H
#define RACETEST_CC_DRIVER_H

#include <stddef.h>

/* argv[0] is "cc"; argv[1..] the compiler arguments. Returns the status of
 * the failing step, 0 on success, 2 when racetest itself cannot proceed
 * (runtime missing, malformed command line). Never execs: callers such as
 * `racetest build` continue after it. */
int cc_driver_main(int argc, char **argv);

/* The compiler command: RACETEST_CC split into words (no shell), "cc" when
 * unset or blank. NULL-terminated, owned (free with cc_argv_free). */
char **cc_driver_compiler_words(size_t *n);

#endif
