/*
 * main.c — the `racetest` command: a thin dispatcher to the subcommands.
 *
 *   cc / build / run      the toolchain (cc/driver.h, program/command.h)
 *   merge                 combine shards' -json outputs (report/merge.h)
 *   version, help, -h     answered here
 *   test, and anything else (flags such as -count=100, paths, nothing)
 *                         the test runner, suite/command.h, as `go test` would
 * Invariant: no logic of a subcommand lives here; the exit status is the
 * subcommand's.
 */
#include <stdio.h>
#include <string.h>

#include "runner/cc/driver.h"
#include "runner/program/command.h"
#include "runner/report/merge.h"
#include "runner/suite/command.h"
#include "runner/version.h"

static void usage(FILE *f)
{
    fputs("racetest finds data races in C programs, like `go test -race -count=N`.\n"
          "\n"
          "usage:\n"
          "  racetest [test] [flags] [paths]   build *_test.c files with the race detector,\n"
          "                                    rerun each test, report unique races\n"
          "                                    (e.g. racetest -count=100 ./tests/...;\n"
          "                                    flags: racetest test -h)\n"
          "  racetest cc ARGS...               a C compiler that builds with the detector:\n"
          "                                    CC=\"racetest cc\" make\n"
          "  racetest build [-o OUT] FILE.c... [cc flags]\n"
          "                                    build one program with the detector\n"
          "  racetest run FILE.c... [cc flags] [-- ARGS]\n"
          "                                    build (cached) and run it\n"
          "  racetest merge [-junit F] [-sarif F] SHARD.json...\n"
          "                                    combine the -json outputs of shards\n"
          "                                    (racetest -shard K/N ...) into one result\n"
          "  racetest version                  print the version\n"
          "  racetest help                     this text\n"
          "\n"
          "Programs built with the detector exit 66 when they found a race; tune them\n"
          "with RACETEST_OPTIONS=\"halt_on_error=1 log_path=race.log ...\".\n"
          "The compiler is $RACETEST_CC (default cc); `racetest run` caches builds in\n"
          "$RACETEST_CACHE (default ~/.cache/racetest).\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cmd_test(argc, argv);
    const char *cmd = argv[1];
    if (strcmp(cmd, "cc") == 0)
        return cc_driver_main(argc - 1, argv + 1);
    if (strcmp(cmd, "build") == 0)
        return cmd_build(argc - 1, argv + 1);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0)
        return cmd_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("racetest version %s\n", RACETEST_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
        strcmp(cmd, "-help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "test") == 0)
        return cmd_test(argc - 1, argv + 1);
    return cmd_test(argc, argv);
}
