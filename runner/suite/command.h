/*
 * suite/command.h — `racetest [test] [flags] [paths]`: discover, build, rerun and
 * aggregate tests. Entry point called by runner/main.c for `racetest test ...`
 * and for any invocation whose first argument is not another subcommand.
 */
#ifndef RACETEST_CMD_TEST_H
#define RACETEST_CMD_TEST_H

/* argv[0] is "test" (or the program name when the subcommand was implicit);
 * returns the process exit status (0, 1, 2 or 66, see DESIGN.md). */
int cmd_test(int argc, char **argv);

#endif
