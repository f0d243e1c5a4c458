/*
 * suite/fixtures.h — CTest test fixtures (FIXTURES_SETUP, FIXTURES_CLEANUP,
 * FIXTURES_REQUIRED) around the stress runs of `racetest -ctest`.
 *
 * A registered test that sets up or cleans up a fixture is a fixture test:
 * it is never stressed (nor listed, nor sharded); it runs once. Every fixture
 * the selected tests require, directly or through the fixture tests of other
 * fixtures, is set up before the first stress run and cleaned up after the
 * last one, so a fixture lives through all the runs of the tests that need
 * it (longer than under ctest, which may end a fixture early: a fixture
 * never lives too short). Order, as ctest's: a setup runs after the setups of
 * the fixtures it requires; a cleanup runs before the cleanups of the
 * fixtures it requires.
 *
 * A fixture test runs with its command, WORKING_DIRECTORY, ENVIRONMENT and
 * TIMEOUT (else -timeout); what it leaves running (a server it started) is
 * left alone. A setup that fails (exit status not 0 or its
 * SKIP_RETURN_CODE, a crash, its timeout) is an error of its file (exit
 * status 1, its output shown) naming the tests that are then not run: those
 * requiring its fixtures. The cleanups run whatever happened; a failed one
 * is an error too.
 *
 * Single-threaded: called by the command before and after the supervisor.
 */
#ifndef RACETEST_FIXTURES_H
#define RACETEST_FIXTURES_H

#include <stdint.h>

#include "runner/suite/aggregate.h"
#include "runner/suite/model.h"

struct fixtures {
    struct strv needed;         /* the fixtures the selected tests need */
    size_t *setup, nsetup;      /* fixture files to run first, in order */
    size_t *cleanup, ncleanup;  /* and last, in order */
};

/* Takes the fixture tests out of the selection. Call after -run/-skip. */
void fixtures_deselect(struct rt_model *m);

/* What the selected tests need (after labels and shards). */
void fixtures_plan(const struct rt_model *m, struct fixtures *fx);

/* Runs the setups (deselecting the tests of a fixture whose setup failed)
 * and, later, the cleanups. Outputs go to files in workdir. */
void fixtures_set_up(const struct fixtures *fx, struct rt_model *m, struct agg *agg, const char *workdir,
                     int64_t default_timeout_ns);
void fixtures_clean_up(const struct fixtures *fx, struct rt_model *m, struct agg *agg, const char *workdir,
                       int64_t default_timeout_ns);

void fixtures_free(struct fixtures *fx);

#endif
