/*
 * suite/workdir.h — the private directory of one `racetest test` command
 * (test binaries, outputs and event streams of the runs), and the cleanup of
 * those left behind by a racetest that was killed (kill -9, OOM, power).
 *
 * A work directory is $TMPDIR/racetest-XXXXXX (mode 0700) holding an `owner`
 * file: "PID STARTTIME\n" of the racetest that made it (STARTTIME: field 22
 * of /proc/PID/stat, so a reused PID is not mistaken for the owner). Test
 * processes get RACETEST_WORKDIR=<dir> in their environment, which their
 * children inherit.
 *
 * Sweep: at the next start, a racetest-* directory of this user whose owner
 * is gone is stale: every process of this user whose environment names it
 * (a `sleep 300` a test forked, which outlived the PR_SET_PDEATHSIG of its
 * parent) is killed, then the directory is removed. Directories of live
 * racetests, of other users, or without an owner file are left alone.
 * Limit: racetests in different PID namespaces (containers) sharing one
 * TMPDIR cannot see each other's owners and would take a live one's
 * directory for stale: give each container its own TMPDIR.
 */
#ifndef RACETEST_SUITE_WORKDIR_H
#define RACETEST_SUITE_WORKDIR_H

#include <stddef.h>

/* Creates the work directory under tmp into dir (dirlen bytes). Returns 0,
 * or -1 with a message in err. */
int workdir_create(const char *tmp, char *dir, size_t dirlen, char *err, size_t errlen);

/* Removes a work directory and everything in it. */
void workdir_remove(const char *dir);

/* Cleans up the stale work directories under tmp (see above); returns how
 * many were removed. Never fails: what cannot be read is left alone. */
int workdir_sweep(const char *tmp);

#endif
