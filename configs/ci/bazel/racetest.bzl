"""racetest_test: a Bazel test that stresses *_test.c files with racetest.

Copy this folder (racetest.bzl, racetest_test.sh, BUILD) into your workspace
as //racetest, then in a package's BUILD:

    load("//racetest:racetest.bzl", "racetest_test")

    racetest_test(
        name = "race_stress",
        srcs = glob(["tests/*_test.c", "tests/*.h"]),
        paths = ["tests/..."],
        flags = ["-count=100"],
        shard_count = 4,
        racetest = "/opt/racetest/bin/racetest",
    )

`bazel test //pkg:race_stress` runs racetest on the files (racetest builds
them itself, with the race detector). Bazel's protocols do the rest:
  - shard_count: each shard runs the tests racetest deals it
    (TEST_TOTAL_SHARDS / TEST_SHARD_INDEX; racetest touches
    TEST_SHARD_STATUS_FILE so Bazel knows it shards);
  - the JUnit report goes to XML_OUTPUT_FILE (bazel-testlogs/.../test.xml);
  - each shard keeps its -json events and SARIF in its undeclared outputs
    (bazel-testlogs/.../test.outputs/outputs.zip: racetest.json,
    racetest.sarif); `racetest merge` the shards' racetest.json for one
    report;
  - --runs_per_test=N: each run has its own seeds and its own block of run
    numbers (from TEST_RANDOM_SEED), so the runs of all N merge as one
    longer run.
A test that found races exits 66, which Bazel shows as FAILED.
"""

def racetest_test(name, srcs, paths, racetest = "racetest", flags = [], **kwargs):
    """A sh_test running `racetest FLAGS PATHS` on srcs.

    Args:
      name: the test target.
      srcs: the *_test.c files and what they include (the test's data).
      paths: racetest's path arguments, relative to the workspace root
        (e.g. "pkg/tests/..."); the package's path is prepended.
      racetest: the racetest executable: an absolute path (the test
        sandbox's PATH is Bazel's own).
      flags: racetest flags, e.g. ["-count=100", "-timeout=2m"].
      **kwargs: sh_test's (shard_count, size, timeout, tags, ...).
    """
    pkg = native.package_name()
    native.sh_test(
        name = name,
        srcs = ["//racetest:racetest_test.sh"],
        data = srcs,
        args = [racetest] + flags + [(pkg + "/" + p) if pkg else p for p in paths],
        **kwargs
    )
