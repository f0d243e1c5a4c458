# Real engines (issue 17): the sharding and the CI examples of configs/ci/
# run against the real tools, each test installing what it needs (apt
# packages as root, npm packages into ~/.cache/racetest-tests). Minutes and
# network: not part of `make check`. Each fails when the engine integration
# breaks; the merged shards must equal the unsharded run
# (tests/engines/shard_equal.py).
ENGINE_SUITES = tests/engines/github_actions.sh tests/engines/k8s.sh tests/engines/slurm.sh \
	tests/engines/bazel.sh

.PHONY: check-engines
check-engines: all
	@tests/check.sh $(ENGINE_SUITES)
