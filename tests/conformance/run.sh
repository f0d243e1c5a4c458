#!/usr/bin/env bash
# Detector conformance suite (tests/check.sh protocol).
#
# tests/conformance/racy/*.c  each holds exactly one data race; the racing
#                             line(s) end with the comment RACE (slash-star form).
#                             Expected: exit status 66, exactly one race report,
#                             whose current and previous access stacks each point
#                             (first frame in the program's own file) at a
#                             marked line, together covering every marked line.
#                             A line marked OUTERMOST (slash-star form) is the
#                             entry of a thread whose previous access is deeper
#                             than a report shows: the previous stack must show
#                             "..." and then a frame at that line.
# tests/conformance/clean/*.c correctly synchronized. Expected: exit status 0
#                             and no race report in any of CONFORMANCE_RUNS runs.
#
# Every program is built for every configuration in CONFORMANCE_CC and checked.
#
# Environment:
#   CONFORMANCE_CC         configurations: compilers, each optionally with its own
#                          optimization flag as CC:FLAG (default "gcc clang"; the
#                          matrix is "gcc:-O0 gcc:-O2 clang:-O2"); racetest gets
#                          RACETEST_CC=<cc>. Results are named conformance/MODE/CC/...,
#                          or CC-O2 for CC:-O2.
#   CONFORMANCE_RUNS       runs per clean program (default 50, 10 with the tsan
#                          reference, whose start-up costs ~0.3 s); a program may lower
#                          its own count with a comment "conformance: runs=N"
#                          (and raise its timeout with "conformance: ... timeout=S")
#   CONFORMANCE_RACY_RUNS  runs per racy program (default 1); every run must match
#   CONFORMANCE_REFERENCE  empty (default): build with bin/racetest (our detector);
#                          "tsan": build with "$cc -fsanitize=thread" and check the
#                          same expectations against ThreadSanitizer's report format
#   CONFORMANCE_OPT        optimization flag of configurations that name none
#                          (default: -O1 for gcc, -O2 for clang)
#   CONFORMANCE_JOBS       programs checked at once (default 2)
#   CONFORMANCE_TIMEOUT    seconds per program run (default 20)
#   CONFORMANCE_FILTER     extended regex; only programs whose "racy/NAME" or
#                          "clean/NAME" matches are checked
#   CONFORMANCE_BUILD      racetest build command (default "bin/racetest build")
#   CONFORMANCE_VERBOSE=1  print every report, also for passing programs
#   CONFORMANCE_DIR        folder holding racy/ and clean/ (default: this one);
#                          another set (tests/conformance/openmp) reuses the harness
#   CONFORMANCE_CFLAGS     extra flags for every build (-fopenmp for that set)
#   CONFORMANCE_SUITE      first component of result names (default conformance)
#   CONFORMANCE_CACHE      directory of built programs, reused while source, flags
#                          and toolchain (bin/racetest, lib/racetest/*, compiler
#                          version) are unchanged (default build/conformance;
#                          empty: always rebuild)
#
# Internal: "run.sh --one CC KIND FILE RESULT" checks one program and writes
# its result lines to RESULT; "run.sh --parse MODE PROG OUTPUT" prints what the
# report parser extracts (for debugging the parser).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

CONFORMANCE_CC=${CONFORMANCE_CC:-gcc clang}
CONFORMANCE_RACY_RUNS=${CONFORMANCE_RACY_RUNS:-1}
CONFORMANCE_REFERENCE=${CONFORMANCE_REFERENCE:-}
# ThreadSanitizer needs about 0.3 s per start here, so its reference runs are fewer.
if [ "$CONFORMANCE_REFERENCE" = tsan ]; then CONFORMANCE_RUNS=${CONFORMANCE_RUNS:-10}; fi
CONFORMANCE_RUNS=${CONFORMANCE_RUNS:-50}
CONFORMANCE_OPT=${CONFORMANCE_OPT:-}
CONFORMANCE_JOBS=${CONFORMANCE_JOBS:-2}
CONFORMANCE_TIMEOUT=${CONFORMANCE_TIMEOUT:-20}
CONFORMANCE_FILTER=${CONFORMANCE_FILTER:-}
CONFORMANCE_BUILD=${CONFORMANCE_BUILD:-$root/bin/racetest build}
CONFORMANCE_VERBOSE=${CONFORMANCE_VERBOSE:-0}
CONFORMANCE_CACHE=${CONFORMANCE_CACHE-$root/build/conformance}
CONFORMANCE_DIR=${CONFORMANCE_DIR:-$here}
CONFORMANCE_CFLAGS=${CONFORMANCE_CFLAGS:-}
CONFORMANCE_SUITE=${CONFORMANCE_SUITE:-conformance}
export CONFORMANCE_CACHE CONFORMANCE_DIR CONFORMANCE_CFLAGS CONFORMANCE_SUITE
export CONFORMANCE_CC CONFORMANCE_RUNS CONFORMANCE_RACY_RUNS CONFORMANCE_REFERENCE CONFORMANCE_OPT \
    CONFORMANCE_TIMEOUT CONFORMANCE_BUILD CONFORMANCE_VERBOSE

# Flags every program must compile cleanly with.
# shellcheck disable=SC2206 # CONFORMANCE_CFLAGS is a list of flags
STRICT_FLAGS=(-std=gnu11 -Wall -Wextra -Werror -pthread $CONFORMANCE_CFLAGS)

mode() { [ "$CONFORMANCE_REFERENCE" = tsan ] && echo tsan || echo racetest; }

# A configuration "CC" or "CC:FLAG": its compiler, its optimization flag, and
# the label its results carry ("gcc", "gcc-O2").
cc_of() { echo "${1%%:*}"; }
opt_for() { # $1 = configuration
    if [ "${1#*:}" != "$1" ]; then echo "${1#*:}"
    elif [ -n "$CONFORMANCE_OPT" ]; then echo "$CONFORMANCE_OPT"
    elif [ "$1" = gcc ]; then echo -O1
    else echo -O2
    fi
}
label_of() {
    if [ "${1#*:}" != "$1" ]; then echo "${1%%:*}${1#*:}"; else echo "$1"; fi
}

# parse_report MODE PROGBASENAME OUTPUTFILE
# Prints one line per race report: "race CUR PREV OUTER", where CUR/PREV are
# the line numbers of the first frame located in PROGBASENAME in the
# current-access and previous-access stacks ("-" when that stack has no such
# frame, e.g. "[failed to restore the stack]") and OUTER the lines of
# PROGBASENAME's frames after a "..." in the previous-access stack, comma
# separated ("-" when none). Also prints "warnings N" (all detector warnings
# of any kind) as the last line.
parse_report() {
    awk -v mode="$1" -v prog="$2" '
    function basename(p) { sub(/.*\//, "", p); return p }
    function flush() {
        if (inblock) print "race", (cur == "" ? "-" : cur), (prev == "" ? "-" : prev), (outer == "" ? "-" : outer)
        inblock = 0; section = ""
    }
    BEGIN { inblock = 0; warnings = 0 }
    {
        line = $0
        sub(/\r$/, "", line)
    }
    # Start of a report.
    (mode == "racetest" && line ~ /^WARNING: DATA RACE/) ||
    (mode == "tsan" && line ~ /^WARNING: ThreadSanitizer: data race/) {
        flush(); inblock = 1; cur = ""; prev = ""; outer = ""; elided = 0; section = ""; warnings++; next
    }
    (mode == "racetest" && line ~ /^WARNING: /) || (mode == "tsan" && line ~ /^WARNING: ThreadSanitizer: /) {
        flush(); warnings++; next
    }
    !inblock { next }
    line ~ /^==================/ { flush(); next }
    line ~ /^[ \t]*$/ { next }
    {
        # Header lines: unindented (racetest) / indented by at most 2 (tsan).
        is_header = (mode == "racetest") ? (line ~ /^[^ \t]/) : (line ~ /^ ? ?[^ \t]/)
        if (is_header) {
            h = line; sub(/^[ \t]+/, "", h)
            if (h ~ /^Previous /) section = "prev"
            else if (h ~ /^(Read|Write|Atomic [a-z-]+) (of size [0-9]+ )?at /) section = "cur"
            else section = ""
            next
        }
        if (section == "") next
        if (mode == "racetest" && section == "prev" && line ~ /^  \.\.\.$/) { elided = 1; next }
        file = ""; ln = ""
        if (mode == "tsan") {
            # "    #0 worker /path/prog.c:14:5 (prog+0x1234)"
            if (match(line, /^[ \t]+#[0-9]+ [^ ]+ [^ ]+:[0-9]+(:[0-9]+)?( |$)/)) {
                f = substr(line, RSTART, RLENGTH); sub(/^[ \t]+#[0-9]+ [^ ]+ /, "", f); sub(/ $/, "", f)
                n = split(f, parts, ":")
                if (n >= 3 && parts[n] ~ /^[0-9]+$/ && parts[n-1] ~ /^[0-9]+$/) { ln = parts[n-1]; n -= 2 }
                else { ln = parts[n]; n -= 1 }
                file = parts[1]; for (i = 2; i <= n; i++) file = file ":" parts[i]
            }
        } else {
            # "      tests/counter_test.c:14 +0x3a"
            if (match(line, /^[ \t]+[^ \t]+:[0-9]+( \+0x[0-9a-fA-F]+)?[ \t]*$/)) {
                f = line; sub(/^[ \t]+/, "", f); sub(/ .*/, "", f)
                ln = f; sub(/.*:/, "", ln); file = f; sub(/:[0-9]+$/, "", file)
            }
        }
        if (file == "" || basename(file) != prog) next
        if (section == "cur" && cur == "") cur = ln
        if (section == "prev" && prev == "") prev = ln
        if (section == "prev" && elided) outer = (outer == "" ? "" : outer ",") ln
    }
    END { flush(); print "warnings", warnings }
    ' "$3"
}

indent() { sed -e 's/^/    /' "$@" | head -n 120; }

# build_program CC FILE BIN LOG: builds FILE into BIN with the detector (or
# the reference), reusing a cached binary when the source, the flags and the
# toolchain (CONFORMANCE_TOOLCHAIN_ID) are unchanged.
build_program() {
    local config=$1 file=$2 bin=$3 log=$4 cc opt key="" cached rc
    cc=$(cc_of "$config")
    opt=$(opt_for "$config")
    if [ -n "$CONFORMANCE_CACHE" ]; then
        key=$( { printf '%s\n' "$(mode)" "$cc" "$opt" "${STRICT_FLAGS[*]}" "${CONFORMANCE_TOOLCHAIN_ID:-}" &&
                 cat "$file"; } | sha1sum | cut -c1-20)
        # Without a toolchain id, or if hashing failed, build without the cache.
        if [ -z "${CONFORMANCE_TOOLCHAIN_ID:-}" ] || [ ${#key} -ne 20 ] || [ "$key" = da39a3ee5e6b4b0d3255 ]; then
            key=
        else
            cached=$CONFORMANCE_CACHE/$(basename "$file" .c)-$(mode)-$cc$opt-$key
            if [ -x "$cached" ]; then
                cp "$cached" "$bin" && return 0
            fi
        fi
    fi
    if [ "$(mode)" = tsan ]; then
        "$cc" -fsanitize=thread -g "$opt" "${STRICT_FLAGS[@]}" -o "$bin" "$file" >"$log" 2>&1
    else
        # shellcheck disable=SC2086 # CONFORMANCE_BUILD is a command line
        RACETEST_CC=$cc $CONFORMANCE_BUILD -o "$bin" "$file" "$opt" "${STRICT_FLAGS[@]}" >"$log" 2>&1
    fi
    rc=$?
    [ $rc -eq 0 ] && [ ! -x "$bin" ] && rc=1
    if [ $rc -eq 0 ] && [ -n "$CONFORMANCE_CACHE" ] && [ -n "$key" ] && mkdir -p "$CONFORMANCE_CACHE" 2>/dev/null; then
        # One binary per program, mode, compiler and flag: drop those of older toolchains.
        rm -f "${cached%-*}"-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*[0-9a-f]
        cp "$bin" "$cached.tmp.$$" 2>/dev/null && mv -f "$cached.tmp.$$" "$cached" 2>/dev/null
    fi
    return $rc
}

# check_racy_output OUT MARKED RC LIMIT OUTERMOST: prints why the run does
# not match the expectations of a racy program (nothing when it does).
check_racy_output() {
    local out=$1 marked=$2 rc=$3 limit=$4 outermost=$5 parsed nrace nwarn cur prev outer l
    parsed=$(parse_report "$(mode)" "$base" "$out")
    nrace=$(grep -c '^race ' <<<"$parsed")
    nwarn=$(sed -n 's/^warnings //p' <<<"$parsed")
    read -r _ cur prev outer <<<"$(grep -m1 '^race ' <<<"$parsed")"
    # shellcheck disable=SC2086 # word splitting of the line list is intended
    set -- $marked
    if [ $# -lt 1 ] || [ $# -gt 2 ]; then
        echo "program must mark 1 or 2 racing lines, marks: ${marked:-none}"
    elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        echo "timed out after ${limit}s"
    elif [ "$nrace" -ne 1 ]; then
        echo "expected exactly 1 race report, got $nrace (exit status $rc)"
    elif [ "$nwarn" -ne 1 ]; then
        echo "expected only the race report, got $nwarn warnings (exit status $rc)"
    elif [ "$rc" -ne 66 ]; then
        echo "expected exit status 66, got $rc"
    else
        for l in "$cur" "$prev"; do
            case " $marked " in
            *" $l "*) ;;
            *) echo "report points at line(s) current=$cur previous=$prev, marked: ${marked% }"; return ;;
            esac
        done
        for l in $marked; do
            if [ "$l" != "$cur" ] && [ "$l" != "$prev" ]; then
                echo "report covers lines current=$cur previous=$prev, marked: ${marked% }"
                return
            fi
        done
        for l in $outermost; do
            case ",$outer," in
            *",$l,"*) ;;
            *) echo "previous stack shows no \"...\" then line $l (OUTERMOST); after \"...\": $outer"; return ;;
            esac
        done
    fi
}

# check_one CC KIND FILE RESULT: builds and checks one program, writes the
# result line (and, on failure, the indented output) to RESULT.
check_one() {
    local config=$1 kind=$2 file=$3 result=$4
    local name tmp out rc limit want i why="" text
    base=$(basename "$file")
    name="$CONFORMANCE_SUITE/$(mode)/$(label_of "$config")/$kind/${base%.c}"
    tmp=$(mktemp -d) || { echo "FAIL $name: mktemp failed" >"$result"; return; }
    # shellcheck disable=SC2064 # expand now: tmp is local
    trap "rm -rf '$tmp'" EXIT
    cd "$tmp" || return
    out=$tmp/out
    limit=$CONFORMANCE_TIMEOUT
    want=$(sed -n 's/.*conformance:.* timeout=\([0-9][0-9]*\).*/\1/p' "$file" | head -n 1)
    [ -n "$want" ] && [ "$want" -gt "$limit" ] && limit=$want

    if ! build_program "$config" "$file" "$tmp/prog" "$out"; then
        { echo "FAIL $name: build failed"; indent "$out"; } >"$result"
        return
    fi

    if [ "$kind" = racy ]; then
        local marked outermost
        marked=$(grep -n '/\* RACE \*/' "$file" | cut -d: -f1 | tr '\n' ' ')
        outermost=$(grep -n '/\* OUTERMOST \*/' "$file" | cut -d: -f1 | tr '\n' ' ')
        for ((i = 1; i <= CONFORMANCE_RACY_RUNS; i++)); do
            timeout -k 5 "$limit" ./prog >"$out" 2>&1
            why=$(check_racy_output "$out" "$marked" $? "$limit" "$outermost")
            [ -n "$why" ] && break
        done
        [ "$CONFORMANCE_RACY_RUNS" -gt 1 ] && [ -n "$why" ] && why="run $i/$CONFORMANCE_RACY_RUNS: $why"
        if [ -n "$why" ]; then
            { echo "FAIL $name: $why"; indent "$out"; } >"$result"
        else
            echo "ok $name" >"$result"
            [ "$CONFORMANCE_VERBOSE" = 1 ] && indent "$out" >>"$result"
        fi
        return
    fi

    local runs=$CONFORMANCE_RUNS pattern
    want=$(sed -n 's/.*conformance:.* runs=\([0-9][0-9]*\).*/\1/p' "$file" | head -n 1)
    [ -n "$want" ] && [ "$want" -lt "$runs" ] && runs=$want
    if [ "$(mode)" = tsan ]; then pattern='WARNING: ThreadSanitizer'; else pattern='DATA RACE'; fi
    for ((i = 1; i <= runs; i++)); do
        timeout -k 5 "$limit" ./prog >"$out" 2>&1
        rc=$?
        text=
        IFS= read -r -d '' text <"$out" # no fork per run: the loop runs thousands of times
        if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
            why="run $i/$runs timed out after ${limit}s"
        elif [[ $text == *"$pattern"* ]]; then
            why="run $i/$runs reported a race (exit status $rc)"
        elif [ $rc -ne 0 ]; then
            why="run $i/$runs exited with status $rc"
        fi
        if [ -n "$why" ]; then
            { echo "FAIL $name: $why"; indent "$out"; } >"$result"
            return
        fi
    done
    echo "ok $name ($runs runs)" >"$result"
}

case "${1:-}" in
--one) shift; check_one "$@"; exit 0 ;;
--parse) shift; parse_report "$@"; exit 0 ;;
esac

# Our detector must exist unless the reference is used.
if [ "$(mode)" = racetest ]; then
    first=${CONFORMANCE_BUILD%% *}
    if [ ! -x "$first" ] || ! nm "$root/lib/racetest/libracetest_rt.a" 2>/dev/null | grep -q ' T __tsan_read4$'; then
        n=$(( $(ls "$CONFORMANCE_DIR"/racy/*.c "$CONFORMANCE_DIR"/clean/*.c | wc -l) * $(wc -w <<<"$CONFORMANCE_CC") ))
        echo "skip conformance: $first or the detector runtime (lib/racetest/libracetest_rt.a with __tsan_read4) is not built"
        echo "0 passed, 0 failed, $n skipped"
        exit 0
    fi
fi

# What a cached binary depends on besides its source and flags: the versions
# of the compilers (whatever configurations name them), and our toolchain.
compiler_versions() {
    for c in $CONFORMANCE_CC; do cc_of "$c"; done | sort -u |
        while read -r cc; do "$cc" --version 2>/dev/null | head -n 1; done
}
if [ "$(mode)" = tsan ]; then
    CONFORMANCE_TOOLCHAIN_ID=$(compiler_versions)
else
    CONFORMANCE_TOOLCHAIN_ID=$( { compiler_versions; cat "$first" "$root"/lib/racetest/* 2>/dev/null; } | sha1sum)
fi
export CONFORMANCE_TOOLCHAIN_ID

results=$(mktemp -d) || exit 2
trap 'rm -rf "$results"' EXIT

# One job per (compiler, program). Longest first, so that two workers end
# together: programs with a "conformance:" directive (the slow ones), then the
# clean ones (many runs each), then the racy ones (one run). Results are
# printed in the order of the job list.
jobs=$results/jobs
: >"$jobs"
for config in $CONFORMANCE_CC; do
    if ! command -v "$(cc_of "$config")" >/dev/null; then
        echo "FAIL conformance/$(label_of "$config"): compiler not found"
        echo "0 passed, 1 failed"
        exit 1
    fi
done
k=0
for pass in slow clean racy; do
    for config in $CONFORMANCE_CC; do
        for kind in clean racy; do
            [ "$pass" = clean ] && [ "$kind" = racy ] && continue
            [ "$pass" = racy ] && [ "$kind" = clean ] && continue
            for f in "$CONFORMANCE_DIR/$kind"/*.c; do
                [ -e "$f" ] || continue
                slow=0
                grep -q 'conformance:.*\(runs\|timeout\)=' "$f" && slow=1
                { [ "$pass" = slow ] && [ $slow = 0 ]; } && continue
                { [ "$pass" != slow ] && [ $slow = 1 ]; } && continue
                if [ -n "$CONFORMANCE_FILTER" ] && ! grep -Eq -- "$CONFORMANCE_FILTER" <<<"$kind/$(basename "$f")"; then
                    continue
                fi
                k=$((k + 1))
                printf '%s %s %s %s\n' "$config" "$kind" "$f" "$(printf '%s/r%05d' "$results" "$k")" >>"$jobs"
            done
        done
    done
done

start=$SECONDS
xargs -P "$CONFORMANCE_JOBS" -L 1 "$0" --one <"$jobs"

pass=0 fail=0
for r in "$results"/r*; do
    [ -e "$r" ] || continue
    cat "$r"
    if head -n 1 "$r" | grep -q '^ok '; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
missing=$((k - pass - fail))
if [ "$missing" -gt 0 ]; then
    echo "FAIL conformance: $missing program(s) produced no result"
    fail=$((fail + missing))
fi
echo "# conformance ($(mode), $CONFORMANCE_CC): $k checks in $((SECONDS - start))s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
