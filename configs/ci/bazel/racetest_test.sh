#!/bin/bash
# The test script of racetest_test (racetest.bzl), run by `bazel test`:
# racetest RACETEST FLAGS... PATHS... from the workspace's runfiles, with its
# temporary files in the test's TEST_TMPDIR and its -json events and SARIF
# kept as undeclared outputs for `racetest merge`. Sharding, the shard
# status file and the JUnit file come from Bazel's environment, which
# racetest reads itself.
set -u
racetest=$1
shift
cd "${TEST_SRCDIR:?run this with bazel test}/${TEST_WORKSPACE:?}" || exit 2
export TMPDIR=${TEST_TMPDIR:-${TMPDIR:-/tmp}}
out=${TEST_UNDECLARED_OUTPUTS_DIR:-$TMPDIR}
exec "$racetest" -jsonfile "$out/racetest.json" -sarif "$out/racetest.sarif" "$@"
