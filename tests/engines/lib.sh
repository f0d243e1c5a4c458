# tests/engines/lib.sh — what the engine tests (make check-engines) share,
# sourced after they set ROOT (the racetest tree) and tmp (their temp dir),
# with tests/e2e/suite_lib.sh's ok/bad/skip/run.
#
# The tests run the commands of configs/ci/ as the engines would, on a
# workspace made here:
#   $tmp/src/tests/          the CI fixture tree (tests/e2e/fixtures/ci/tree:
#                            synthetic races, failures, a crash, skips)
#   $tmp/src/configs/nightly.conf
#                            configs/nightly.conf with `count = 4` for its 45
#                            minutes and `race = false` (the fixture's races
#                            are synthetic events), all else as shipped
#   $tmp/racetest/           a racetest "source tree" (RACETEST_SRC) whose
#                            bin/ links to this tree's and whose configs/ is
#                            the one above
# and compare the merged shards with the unsharded run of the same profile
# (shard_equal.py).
RT=$ROOT/bin/racetest
ENGINES=$ROOT/tests/engines
cache=${XDG_CACHE_HOME:-$HOME/.cache}/racetest-tests

make_workspace() {
    mkdir -p "$tmp/src/configs" "$tmp/racetest/bin" &&
        cp -r "$ROOT/tests/e2e/fixtures/ci/tree" "$tmp/src/tests" &&
        sed 's/^duration = .*/count = 4/' "$ROOT/configs/nightly.conf" >"$tmp/src/configs/nightly.conf" &&
        echo "race = false" >>"$tmp/src/configs/nightly.conf" &&
        ln -s "$RT" "$tmp/racetest/bin/racetest" &&
        ln -s "$tmp/src/configs" "$tmp/racetest/configs"
}

# The unsharded run of the profile: $tmp/ref/racetest.json and .sarif.
unsharded_reference() {
    rm -rf "$tmp/ref" && cp -r "$tmp/src" "$tmp/ref" &&
        (cd "$tmp/ref" && "$RT" -config configs/nightly.conf ./tests/... >/dev/null 2>&1; [ $? = 66 ])
}

# shards_equal NAME MERGED.json MERGED.sarif: ok/bad on shard_equal.py.
shards_equal() {
    if python3 "$ENGINES/shard_equal.py" "$tmp/ref/racetest.json" "$2" "$tmp/ref/racetest.sarif" "$3" >"$tmp/out" 2>&1; then
        ok "$1"
    else
        bad "$1" "want the merged shards equal to the unsharded run (tests, verdicts, runs, unique races, summary, SARIF fingerprints)"
    fi
}

# npm_tool PACKAGE BIN: installs PACKAGE into the cache once; prints the path of BIN.
npm_tool() {
    local bin=$cache/npm/node_modules/.bin/$2
    if [ ! -x "$bin" ]; then
        mkdir -p "$cache/npm" && npm install --no-audit --no-fund --prefix "$cache/npm" "$1" >/dev/null 2>&1
    fi
    [ -x "$bin" ] && echo "$bin"
}

# apt_install PACKAGE...: installs what is missing (the engine tests may).
apt_install() {
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} = 0 ] && return 0
    [ "$(id -u)" = 0 ] || { echo "need root to install: ${missing[*]}" >&2; return 1; }
    { apt-get install -y -qq "${missing[@]}" || { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; }; } >/dev/null 2>&1
}
