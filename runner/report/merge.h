/*
 * report/merge.h — `racetest merge [-junit FILE] [-sarif FILE] [-json] [-v]
 * A.json B.json ...`: combines the -json (or -jsonfile) outputs of the
 * shards of one job into one result, as if one racetest had run it all: the
 * unique races (by race key, across shards), every test's runs and verdict,
 * the summary, the exit status, and optionally the JUnit and SARIF reports.
 *
 * Inputs may be cut short: a job killed (SIGKILL, a CI timeout) leaves its
 * events up to the last complete line, and a torn last line. Merge takes
 * every complete event, ignores a torn last line, says which inputs were
 * incomplete, and treats the whole as interrupted (exit 1 unless races were
 * found). A run of a test that appears in two inputs (a retried Kubernetes
 * pod, a file given twice) counts once: the first input wins.
 *
 * Exit status: 66 (or RACETEST_OPTIONS exitcode=) when any race was found;
 * else 1 when a test failed, a test process failed, or an input was
 * incomplete; else 2 when a build failed in a shard; else 0. Unreadable
 * input (a missing file, a line in the middle that is not a JSON event) is
 * exit 2 with FILE:LINE.
 */
#ifndef RACETEST_CMD_MERGE_H
#define RACETEST_CMD_MERGE_H

/* argv[0] is "merge". */
int cmd_merge(int argc, char **argv);

#endif
