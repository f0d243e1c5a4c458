/*
 * report/sarif.h — `-sarif FILE`: the unique races as SARIF 2.1.0, the
 * format GitHub code scanning (and other SARIF viewers) read.
 *
 * One run, tool.driver "racetest" with one rule, "data-race" (the short,
 * full and help texts GitHub requires). One result per unique race:
 *   message     both accesses, where the memory is, in which tests and how
 *               many runs, and the command that reruns the first test;
 *   locations   the two racing locations (the top frame of each stack), the
 *               access that found the race first (GitHub shows only the
 *               first); file URIs relative to the repository root when the
 *               file is inside it (reports name files relative to the
 *               working directory), file:// URIs otherwise;
 *   codeFlows   one codeFlow with two threadFlows, one per access, each the
 *               whole stack from the outermost call to the racing access;
 *   partialFingerprints  "racetest/v1" and "primaryLocationLineHash", both
 *               from the race key's hash (filters/race_key.h), which depends
 *               only on the two racing locations: the same race is the same
 *               alert tomorrow, in another shard or another run order.
 * Strings are valid UTF-8 (invalid bytes become U+FFFD).
 *
 * Pure: renders into a buffer (sarif_repo_prefix is the only I/O: it looks
 * for the repository root).
 */
#ifndef RACETEST_REPORT_SARIF_H
#define RACETEST_REPORT_SARIF_H

#include "runner/report/json.h"
#include "runner/suite/flags.h"
#include "runner/suite/model.h"

struct sarif_info {
    const char *cwd;         /* the directory report paths are relative to */
    const char *repo_prefix; /* cwd relative to the repository root ("" at the root or outside any) */
    unsigned max_frames;     /* frames per threadFlow (0: 64) */
    const struct test_opts *opts; /* the run's flags, for each test's "rerun" command
                                     beside its "seed" (NULL: the seed only) */
};

void sarif_render(struct jbuf *b, const struct rt_model *m, const struct sarif_info *info);

/* Renders and writes it to path (atomically), for the races of m as seen
 * from cwd (the repository prefix is looked up here). Returns 0, or -1 with
 * a message naming the path. */
int sarif_write(const char *path, const struct rt_model *m, const struct test_opts *opts, const char *cwd, char *err,
                size_t errlen);

/* The artifactLocation URI of a report's file name (malloc'd), or NULL for
 * an empty name. Relative names are taken relative to cwd. */
char *sarif_uri(const char *file, const char *cwd, const char *repo_prefix);

/* The path of cwd relative to the root of the git repository containing it
 * (the nearest directory above with a .git entry), "" when cwd is the root
 * or in no repository. malloc'd. */
char *sarif_repo_prefix(const char *cwd);

#endif
