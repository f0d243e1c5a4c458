/*
 * cc/spawn.h — running the compiler and other helper programs from
 * the racetest toolchain commands (cc, build, run): fork + execvp, never a
 * shell, so that no argument is ever re-interpreted.
 *
 * While a child runs, the parent ignores SIGINT and SIGQUIT (as system(3)
 * does): Ctrl-C reaches the child through the terminal, and the parent
 * survives to delete its temporary files. The child gets them back.
 */
#ifndef RACETEST_TOOLCHAIN_SPAWN_H
#define RACETEST_TOOLCHAIN_SPAWN_H

#include <stddef.h>

/* Runs argv[0] (searched in PATH) and waits. Returns its exit status,
 * 128+N when killed by signal N, 127 when it could not be started (a
 * one-line `racetest: cannot run ...` is printed on stderr). */
int spawn_wait(char *const argv[]);

/* Same, with the child's stdout collected into *out (NUL-terminated,
 * malloc'd, *out_len bytes; free it). When quiet, the child's stderr goes
 * to /dev/null. Returns the status as spawn_wait, or -1 if the pipe or the
 * buffer could not be made. */
int spawn_capture(char *const argv[], int quiet, char **out, size_t *out_len);

#endif
