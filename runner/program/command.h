/*
 * program/command.h — `racetest build` and `racetest run`, the `go build -race`
 * and `go run -race` of C.
 *
 *   racetest build [-o OUT] FILE.c... [cc flags and other inputs]
 *   racetest run FILE.c... [cc flags and other inputs] [-- ARGS]
 *
 * Arguments other than -o (build) and -- (run) are compiler arguments,
 * kept in their order and handed to `racetest cc` (so -I, -D, -Wl,...,
 * -lcmocka and extra .a/.o inputs work); a word that is not an option or
 * an option's value is an input file and must exist.
 *
 * build writes OUT (default: the first source's name without its suffix)
 * by renaming a finished program over it: a failed build leaves OUT as it
 * was. run builds into the cache (program/build_cache.h) unless an up-to-date entry
 * exists, then execs it with ARGS: its exit status is the program's (66
 * when it found a race).
 * Errors (bad arguments, missing files, compile errors): one line
 * `racetest: ...` on stderr after the compiler's own diagnostics, status 2.
 */
#ifndef RACETEST_CMD_BUILD_H
#define RACETEST_CMD_BUILD_H

/* argv[0] is "build" / "run". */
int cmd_build(int argc, char **argv);
int cmd_run(int argc, char **argv);

#endif
