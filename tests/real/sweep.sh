#!/usr/bin/env bash
# tests/real/sweep.sh — issue 13's sweep of real multithreaded C programs:
# each one built with racetest and with clang's ThreadSanitizer, the same
# workloads run a few times under both, and every difference reported.
#
#   tests/real/sweep.sh [PACKAGE...]     (`make real-sweep`; it downloads,
#                                         so it is not part of make check)
#
# The programs come from Debian source packages (bench/real/fetch.sh: a
# cache outside the repository, nothing of theirs committed); the packages,
# their builds and their workloads are in tests/real/sweep_packages.sh
# (default: xz-utils c-blosc libuv1 sqlite3). Both builds use the same
# compiler, $SWEEP_CC (clang), so that the instrumentation is the same and
# every difference is the runtime's: racetest's is `racetest cc` with
# RACETEST_CC=$SWEEP_CC, ThreadSanitizer's `$SWEEP_CC -fsanitize=thread`.
# Each workload runs SWEEP_RUNS (3) times under each tool with the default
# options of both (TSAN_OPTIONS=atexit_sleep_ms=0 only; RACETEST_OPTIONS
# unset). Compared per workload, over its runs:
#   status   the exit statuses seen (66: races reported)
#   output   stdout (through the package's filter), by checksum
#   missed   a race ThreadSanitizer reported that racetest did not
#   extra    a race racetest reported that ThreadSanitizer did not (a
#            suspected false positive, until analysed)
# where a race is the pair of source locations of its two accesses
# (tests/real/race_pairs.awk). A difference that has been analysed is
# listed, with why, in tests/real/sweep_explained.txt; tests/real/RESULTS.md
# ("Sweep") has the analyses.
#
# Environment: SWEEP_RUNS (3), SWEEP_CC (clang), SWEEP_TIMEOUT (300 s per
# run), SWEEP_OUT (builds and run logs; default: the fetch cache's sweep/
# directory), RACETEST_REAL_CACHE (bench/real/fetch.sh).
# Output: one table row per workload, then every difference, marked
# "explained" or "NEW". Exit status: 0 when every difference is explained,
# 1 when one is not, 2 setup error (a package that cannot be fetched or
# built is reported and skipped, and makes the status 2).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD

RUNS=${SWEEP_RUNS:-3}
SWEEP_CC=${SWEEP_CC:-clang}
TIMEOUT=${SWEEP_TIMEOUT:-300}
CACHE=${RACETEST_REAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/racetest/real}
OUT=$(realpath -m "${SWEEP_OUT:-$CACHE/sweep}")
EXPLAINED=$ROOT/tests/real/sweep_explained.txt
PAIRS_AWK=$ROOT/tests/real/race_pairs.awk
RACETEST_CC_BIN=$ROOT/bin/racetest-cc
RUNTIME=$ROOT/lib/racetest/libracetest_rt.a

die() { printf 'tests/real/sweep.sh: %s\n' "$*" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "SWEEP_RUNS must be a positive integer (got '$RUNS')"
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "SWEEP_TIMEOUT must be a positive number of seconds (got '$TIMEOUT')"
command -v "$SWEEP_CC" >/dev/null || die "SWEEP_CC: no compiler '$SWEEP_CC'"
[ -x "$RACETEST_CC_BIN" ] && [ -f "$RUNTIME" ] || die "no $RACETEST_CC_BIN or $RUNTIME (run make)"
[ -f "$EXPLAINED" ] || die "no $EXPLAINED"
mkdir -p "$OUT" || die "cannot create $OUT"

# shellcheck source=tests/real/sweep_packages.sh
. "$ROOT/tests/real/sweep_packages.sh"
PACKAGES=${*:-xz-utils c-blosc libuv1 sqlite3}
for p in $PACKAGES; do
    declare -F "build_${p//[-.]/_}" >/dev/null ||
        die "unknown package '$p' (tests/real/sweep_packages.sh has no build_${p//[-.]/_})"
done

# What a build depends on: the source tree, the compiler, and for racetest
# the driver and runtime. A tree whose stamp says the same is reused.
build_key() { # TOOL SRC
    local key="$2 $("$SWEEP_CC" --version | head -n 1)"
    [ "$1" = racetest ] && key+=" $(cat "$RACETEST_CC_BIN" "$ROOT/bin/racetest" "$RUNTIME" | sha256sum)"
    printf '%s\n' "$key"
}

build() { # PKG TOOL SRC TREE: 0, or 2 with the log's tail on stderr
    local pkg=$1 tool=$2 src=$3 tree=$4 key
    key=$(build_key "$tool" "$src")
    [ -f "$tree/.sweep-built" ] && [ "$(cat "$tree/.sweep-built")" = "$key" ] && return 0
    rm -rf "$tree" && mkdir -p "$tree" || return 2
    echo "sweep: building $pkg with $tool" >&2
    local cc=$SWEEP_CC san=-fsanitize=thread
    [ "$tool" = racetest ] && cc=$RACETEST_CC_BIN san=
    if ! (export CC=$cc SAN_FLAGS=$san RACETEST_CC=$SWEEP_CC
          "build_${pkg//[-.]/_}" "$src" "$tree") >"$tree.build.log" 2>&1; then
        tail -n 20 "$tree.build.log" | sed 's/^/    /' >&2
        echo "sweep: the $tool build of $pkg failed ($tree.build.log)" >&2
        return 2
    fi
    printf '%s\n' "$key" >"$tree/.sweep-built"
}

# One run of a workload: writes DIR/{rc,stdout,stderr,pairs}.
run_one() { # PKG TOOL TREE DATA DIR WORDS...
    local pkg=$1 tool=$2 tree=$3 data=$4 dir=$5; shift 5
    local argv=() w as_user=AS_USER_${pkg//[-.]/_}
    for w in "$@"; do w=${w//\$TREE/$tree}; argv+=("${w//\$DATA/$data}"); done
    rm -rf "$dir" && mkdir -p "$dir/cwd" || return 2
    local pre=()
    if [ "${!as_user:-0}" = 1 ] && [ "$(id -u)" = 0 ]; then
        # As nobody, from a place nobody can reach: a copy of the program.
        local stage
        stage=$(mktemp -d /tmp/racetest-sweep.XXXXXX) || return 2
        chmod 755 "$stage" && cp "${argv[0]}" "$stage/" && mkdir -m 777 "$stage/cwd" || return 2
        argv[0]=$stage/$(basename "${argv[0]}")
        pre=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        (cd "$stage/cwd" && env -u RACETEST_OPTIONS TSAN_OPTIONS=atexit_sleep_ms=0 \
            timeout -k 5 "$TIMEOUT" "${pre[@]}" "${argv[@]}" </dev/null 2>"$dir/stderr" | cat >"$dir/stdout"
            echo "${PIPESTATUS[0]}" >"$dir/rc")
        rm -rf "$stage"
    else
        # stdout through a pipe: the run ends when every process that
        # writes to it (forked children too) has finished.
        (cd "$dir/cwd" && env -u RACETEST_OPTIONS TSAN_OPTIONS=atexit_sleep_ms=0 \
            timeout -k 5 "$TIMEOUT" "${argv[@]}" </dev/null 2>"$dir/stderr" | cat >"$dir/stdout"
            echo "${PIPESTATUS[0]}" >"$dir/rc")
    fi
    cat "$dir/stderr" "$dir/stdout" | awk -f "$PAIRS_AWK" | sort -u >"$dir/pairs"
    local filter=filter_${pkg//[-.]/_}
    if declare -F "$filter" >/dev/null; then
        "$filter" <"$dir/stdout" | sha256sum | cut -c1-12 >"$dir/digest"
    else
        sha256sum <"$dir/stdout" | cut -c1-12 >"$dir/digest"
    fi
}

explained() { # KEY: the text after "KEY: " on the line that starts so, or nothing
    awk -v key="$1: " 'index($0, key) == 1 { print substr($0, length(key) + 1); exit }' "$EXPLAINED"
}

status=0 new=0
DIFFS=()
echo "| package | workload | racetest: exit statuses, races | ThreadSanitizer: exit statuses, races | verdict |"
echo "|---|---|---|---|---|"
for pkg in $PACKAGES; do
    src=$(bench/real/fetch.sh "$pkg") || { echo "sweep: $pkg skipped: no source" >&2; status=2; continue; }
    ver=$(basename "$src")
    base=$OUT/$pkg
    mkdir -p "$base/data" || die "cannot create $base"
    build "$pkg" tsan "$src" "$base/tsan" && build "$pkg" racetest "$src" "$base/racetest" ||
        { echo "sweep: $pkg skipped: build failed" >&2; status=2; continue; }
    if declare -F "prepare_${pkg//[-.]/_}" >/dev/null; then
        SWEEP_TREE_TSAN=$base/tsan "prepare_${pkg//[-.]/_}" "$src" "$base/data" ||
            { echo "sweep: $pkg skipped: preparing its input failed" >&2; status=2; continue; }
    fi
    while read -r name words; do
        read -ra cmd <<<"$words"
        for run in $(seq 1 "$RUNS"); do
            for tool in racetest tsan; do
                run_one "$pkg" "$tool" "$base/$tool" "$base/data" "$base/runs/$name/$tool.$run" "${cmd[@]}" ||
                    die "cannot run $pkg/$name"
            done
        done
        declare -A st=() dg=() races=()
        for tool in racetest tsan; do
            st[$tool]=$(cat "$base/runs/$name/$tool".*/rc | sort -n | uniq | paste -sd, -)
            dg[$tool]=$(cat "$base/runs/$name/$tool".*/digest | sort -u | paste -sd, -)
            sort -u "$base/runs/$name/$tool".*/pairs >"$base/runs/$name/$tool.pairs"
            races[$tool]=$(wc -l <"$base/runs/$name/$tool.pairs")
        done
        keys=()
        [ "${st[racetest]}" = "${st[tsan]}" ] ||
            keys+=("$pkg/$name status|racetest ${st[racetest]}, ThreadSanitizer ${st[tsan]}")
        [ "${dg[racetest]}" = "${dg[tsan]}" ] ||
            keys+=("$pkg/$name output|stdout digests: racetest ${dg[racetest]}, ThreadSanitizer ${dg[tsan]}")
        while read -r a b; do
            keys+=("$pkg/$name missed $a $b|reported by ThreadSanitizer only")
        done < <(comm -13 "$base/runs/$name/racetest.pairs" "$base/runs/$name/tsan.pairs")
        while read -r a b; do
            keys+=("$pkg/$name extra $a $b|reported by racetest only")
        done < <(comm -23 "$base/runs/$name/racetest.pairs" "$base/runs/$name/tsan.pairs")
        verdict=agree
        for k in "${keys[@]}"; do
            why=$(explained "${k%%|*}")
            if [ -n "$why" ]; then
                DIFFS+=("explained  ${k%%|*} (${k#*|}): $why")
                [ "$verdict" = agree ] && verdict="differ (explained)"
            else
                DIFFS+=("NEW        ${k%%|*} (${k#*|})")
                verdict="DIFFER"
                new=1
            fi
        done
        echo "| $ver | $name | ${st[racetest]}; ${races[racetest]} | ${st[tsan]}; ${races[tsan]} | $verdict |"
        unset st dg races
    done < <("workloads_${pkg//[-.]/_}")
done
echo
echo "($RUNS runs per workload and tool; races: distinct pairs of source locations over the runs)"
if [ ${#DIFFS[@]} -gt 0 ]; then
    echo
    echo "Differences:"
    printf '  %s\n' "${DIFFS[@]}"
fi
[ $new = 1 ] && [ $status = 0 ] && status=1
exit $status
