#!/usr/bin/env bash
# bench/run.sh — overhead of racetest against ThreadSanitizer, side by side.
#
#   bench/run.sh [WORKLOAD...]        (default: every bench/workloads/*.c)
#
# Builds each workload several ways from one source into build/bench/:
#   native      $CC -O2 -g -pthread
#   gcc-tsan    gcc -O2 -g -fsanitize=thread -pthread          (libtsan)
#   clang-tsan  clang -O2 -g -fsanitize=thread -pthread        (if clang works)
#   racetest    bin/racetest build -o OUT -O2 file.c           (once the runtime
#               exports __tsan_read4; until then the column says n/a)
#   racetest-clang  the same with RACETEST_CC=clang: clang's instrumentation
#               of the same source, so that racetest (clang) / clang TSan
#               compares the two runtimes alone (gcc and clang instrument
#               differently: gcc emits 3.5x the hooks of clang on large_heap)
# and, where bench/go/NAME.go exists and `go` is installed, the Go twin built
# with `go build` and `go build -race`.
#
# Runs the builds interleaved (rep 1: every workload × every build, rep 2: ...)
# so that machine noise spreads over all columns alike, checks every run (exit
# status 0, the same stdout checksum as the native build, and no race report
# from a detector: a report on these race-free programs is a detector bug and
# is shown in full), then prints two Markdown tables (time, memory) of the
# medians with the geometric mean of each ratio column.
#
# The tables go to stdout; progress and problems go to stderr.
# Exit status: 0 all runs clean; 1 some run failed, crashed, reported a race or
# printed a wrong checksum (the tables are still printed, the cell marked);
# 2 setup error.
#
# Environment:
#   BENCH_REPS=5         repetitions of each (workload, build)
#   BENCH_TIMEOUT=300    seconds before one run is killed (status 124; gig_heap
#                        needs minutes under a detector on a loaded machine)
#   BENCH_BUILDS="native gcc-tsan clang-tsan racetest racetest-clang"   which C builds to try
#   BENCH_GO=auto        auto | 0 (skip the Go twins)
#   BENCH_GO_REPS=3      repetitions of the Go twins (the first N reps run them)
#   CC (cc), TSAN_GCC (gcc), TSAN_CLANG (clang), RACETEST (bin/racetest),
#   RACETEST_RT (lib/racetest/libracetest_rt.a), MEASURE (build/bench/measure),
#   BENCH_OUT (build/bench)
#   TSAN_OPTIONS / RACETEST_OPTIONS / GORACE are passed through, with the
#   at-exit sleep turned off where the tool has one (it would only add a
#   constant second to every detector run).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

REPS=${BENCH_REPS:-5}
TIMEOUT=${BENCH_TIMEOUT:-300}
CC=${CC:-cc}
TSAN_GCC=${TSAN_GCC:-gcc}
TSAN_CLANG=${TSAN_CLANG:-clang}
RACETEST=${RACETEST:-bin/racetest}
RACETEST_RT=${RACETEST_RT:-lib/racetest/libracetest_rt.a}
OUT=${BENCH_OUT:-build/bench}
MEASURE=${MEASURE:-$OUT/measure}
BUILDS=${BENCH_BUILDS:-native gcc-tsan clang-tsan racetest racetest-clang}
BENCH_GO=${BENCH_GO:-auto}
GO_REPS=${BENCH_GO_REPS:-3}

export TSAN_OPTIONS="atexit_sleep_ms=0${TSAN_OPTIONS:+ $TSAN_OPTIONS}"
export GORACE="atexit_sleep_ms=0${GORACE:+ $GORACE}"
export RACETEST_OPTIONS="${RACETEST_OPTIONS:-}"

# Lines a detector prints when it reports something; any of them on a
# race-free workload fails the run.
REPORT_RE='WARNING: (ThreadSanitizer|DATA RACE)|Found [0-9]+ data race|ThreadSanitizer: (reported|CHECK failed)|SUMMARY: ThreadSanitizer'

log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 2; }

[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPS must be a positive integer"

mkdir -p "$OUT" || die "cannot create $OUT"
if [ ! -x "$MEASURE" ] || [ bench/measure.c -nt "$MEASURE" ]; then
    $CC -std=gnu11 -O2 -Wall -Wextra -o "$MEASURE" bench/measure.c || die "cannot build $MEASURE"
fi

# ---- which workloads ------------------------------------------------------
if [ $# -gt 0 ]; then
    WORKLOADS=("$@")
else
    WORKLOADS=()
    for f in bench/workloads/*.c; do WORKLOADS+=("$(basename "$f" .c)"); done
fi
for w in "${WORKLOADS[@]}"; do
    [ -f "bench/workloads/$w.c" ] || die "no workload bench/workloads/$w.c"
done

# ---- which builds are possible ---------------------------------------------
racetest_ready() { # a few tries: a concurrent `make` may be rewriting the archive.
    # (grep reads all of nm's output: with -q, nm may die of SIGPIPE and
    # pipefail would call that a failure.)
    local try
    for try in 1 2 3; do
        [ -x "$RACETEST" ] && nm "$RACETEST_RT" 2>/dev/null | grep ' T __tsan_read4' >/dev/null && return 0
        [ -e "$RACETEST_RT" ] || return 1
        sleep "$try"
    done
    return 1
}
tsan_works() { # compiler: can it build and run a trivial TSan program?
    local probe="$OUT/.probe-$1"
    printf '#include <pthread.h>\nstatic void *f(void *a) { return a; }\nint main(void) { pthread_t t; pthread_create(&t, 0, f, 0); return pthread_join(t, 0); }\n' >"$probe.c"
    "$1" -O2 -fsanitize=thread -pthread -o "$probe" "$probe.c" 2>/dev/null && "$probe" >/dev/null 2>&1
}
declare -A SKIP_WHY=()
ACTIVE=()
for b in $BUILDS; do
    case $b in
    native) ACTIVE+=(native) ;;
    gcc-tsan) if tsan_works "$TSAN_GCC"; then ACTIVE+=(gcc-tsan); else SKIP_WHY[$b]="$TSAN_GCC -fsanitize=thread does not work here"; fi ;;
    clang-tsan) if command -v "$TSAN_CLANG" >/dev/null && tsan_works "$TSAN_CLANG"; then ACTIVE+=(clang-tsan); else SKIP_WHY[$b]="no working $TSAN_CLANG -fsanitize=thread"; fi ;;
    racetest) if racetest_ready; then ACTIVE+=(racetest); else SKIP_WHY[$b]="runtime not built yet ($RACETEST_RT lacks __tsan_read4)"; fi ;;
    racetest-clang)
        if ! racetest_ready; then SKIP_WHY[$b]="runtime not built yet ($RACETEST_RT lacks __tsan_read4)"
        elif ! command -v "$TSAN_CLANG" >/dev/null; then SKIP_WHY[$b]="no $TSAN_CLANG to instrument with"
        else ACTIVE+=(racetest-clang); fi ;;
    *) die "unknown build '$b' in BENCH_BUILDS" ;;
    esac
done
[[ " ${ACTIVE[*]} " == *" native "* ]] || die "the native build is the baseline and cannot be left out"
for b in "${!SKIP_WHY[@]}"; do log "bench: skipping $b: ${SKIP_WHY[$b]}"; done

GO_ACTIVE=0
if [ "$BENCH_GO" != 0 ] && command -v go >/dev/null 2>&1 && compgen -G 'bench/go/*.go' >/dev/null; then
    GO_ACTIVE=1
    export GOCACHE=${GOCACHE:-$PWD/$OUT/gocache}
elif [ "$BENCH_GO" != 0 ]; then
    log "bench: skipping the Go twins: no go command"
fi

# ---- build ----------------------------------------------------------------
declare -A BIN=() BUILD_FAILED=() BAD=()
failures=0
fail() { log ""; log "bench: FAILURE: $*"; failures=$((failures + 1)); }

stale() { # target source [extra dependencies...]: true when target must be rebuilt
    local t=$1; shift
    [ -x "$t" ] || return 0
    for d in "$@"; do [ -e "$d" ] && [ "$d" -nt "$t" ] && return 0; done
    return 1
}

build_one() { # build workload
    local b=$1 w=$2 src="bench/workloads/$2.c" out="$OUT/$1/$2" log_file="$OUT/$1/$2.build.log"
    mkdir -p "$OUT/$b"
    local deps=("$src") cmd=()
    case $b in
    native) read -ra cmd <<<"$CC"; cmd+=(-O2 -g -pthread -o "$out" "$src") ;; # CC may be "ccache cc"
    gcc-tsan) cmd=("$TSAN_GCC" -O2 -g -fsanitize=thread -pthread -o "$out" "$src") ;;
    clang-tsan) cmd=("$TSAN_CLANG" -O2 -g -fsanitize=thread -pthread -o "$out" "$src") ;;
    racetest) cmd=("$RACETEST" build -o "$out" -O2 "$src"); deps+=("$RACETEST" "$RACETEST_RT") ;;
    racetest-clang) cmd=(env "RACETEST_CC=$TSAN_CLANG" "$RACETEST" build -o "$out" -O2 "$src"); deps+=("$RACETEST" "$RACETEST_RT") ;;
    go-native) src="bench/go/$w.go" deps=("$src"); cmd=(go build -o "$out" "$src") ;;
    go-race) src="bench/go/$w.go" deps=("$src"); cmd=(go build -race -o "$out" "$src") ;;
    esac
    BIN[$b:$w]=$out
    stale "$out" "${deps[@]}" || return 0
    if ! "${cmd[@]}" >"$log_file" 2>&1; then
        BUILD_FAILED[$b:$w]=1
        fail "$b build of $w failed: ${cmd[*]}"
        sed 's/^/    /' "$log_file" | head -n 40 >&2
    fi
}

log "bench: building into $OUT/ (${ACTIVE[*]}$([ $GO_ACTIVE = 1 ] && echo ' go-native go-race'))"
for w in "${WORKLOADS[@]}"; do
    for b in "${ACTIVE[@]}"; do build_one "$b" "$w"; done
    if [ $GO_ACTIVE = 1 ] && [ -f "bench/go/$w.go" ]; then
        build_one go-native "$w"
        build_one go-race "$w"
    fi
done

# builds of each workload that run, in the order they run
runs_of() { # workload rep
    local w=$1 rep=$2 b
    # A (workload, build) that failed once is not run again: its cell shows
    # the failure, and a detector that hangs must not eat the time budget.
    for b in "${ACTIVE[@]}"; do [ -z "${BUILD_FAILED[$b:$w]:-}${BAD[$b:$w]:-}" ] && echo "$b"; done
    if [ $GO_ACTIVE = 1 ] && [ -f "bench/go/$w.go" ] && [ "$rep" -le "$GO_REPS" ]; then
        for b in go-native go-race; do [ -z "${BUILD_FAILED[$b:$w]:-}${BAD[$b:$w]:-}" ] && echo "$b"; done
    fi
}

# ---- run ------------------------------------------------------------------
declare -A WALLS=() RSS=() REF_OUT=()
RUN_DIR="$OUT/runs"
mkdir -p "$RUN_DIR"

is_detector() { [ "$1" != native ] && [ "$1" != go-native ]; }

run_one() { # build workload rep
    local b=$1 w=$2 rep=$3 key="$1:$2"
    local so="$RUN_DIR/$b.$w.$rep.out" se="$RUN_DIR/$b.$w.$rep.err" line
    line=$("$MEASURE" -t "$TIMEOUT" -o "$so" -e "$se" -- "${BIN[$key]}") || {
        fail "$b $w: measure could not run ${BIN[$key]}"; BAD[$key]="FAIL"; return; }
    local wall rss status
    wall=$(sed -E 's/.*wall_s=([0-9.]+).*/\1/' <<<"$line")
    rss=$(sed -E 's/.*maxrss_kib=([0-9]+).*/\1/' <<<"$line")
    status=$(sed -E 's/.*status=([0-9]+).*/\1/' <<<"$line")
    local problem=""
    if is_detector "$b" && grep -Eq "$REPORT_RE" "$se"; then
        problem="RACE"
        if [ -z "${BAD[$key]:-}" ]; then
            fail "$b reported a race (or a detector error) on race-free workload $w (run $rep, exit $status$([ "$status" = 124 ] && echo ": timed out after ${TIMEOUT}s")); report follows, full text in $se"
            sed -n '1,80p' "$se" | sed 's/^/    /' >&2
        fi
    elif [ "$status" != 0 ]; then
        problem="FAIL($status)"
        if [ -z "${BAD[$key]:-}" ]; then
            fail "$b $w run $rep exited with status $status$([ "$status" = 124 ] && echo " (timed out after ${TIMEOUT}s)")$([ "$status" -gt 128 ] && [ "$status" != 124 ] && echo " (signal $((status - 128)))"); stderr in $se:"
            tail -n 30 "$se" | sed 's/^/    /' >&2
        fi
    else
        # Same program, same answer: a differing checksum means a build or
        # runtime changed the program's meaning.
        # The Go twins do the same arithmetic and print the same line.
        local ref_key="$w"
        if [ -z "${REF_OUT[$ref_key]:-}" ]; then
            REF_OUT[$ref_key]=$(cat "$so")
        elif [ "$(cat "$so")" != "${REF_OUT[$ref_key]}" ]; then
            problem="WRONG"
            [ -z "${BAD[$key]:-}" ] && fail "$b $w run $rep printed '$(cat "$so")', expected '${REF_OUT[$ref_key]}'"
        fi
    fi
    if [ -n "$problem" ]; then
        BAD[$key]=$problem
    else
        WALLS[$key]+="$wall "
        RSS[$key]+="$rss "
        rm -f "$so" "$se"
    fi
}

start=$(date +%s)
for ((rep = 1; rep <= REPS; rep++)); do
    log "bench: repetition $rep/$REPS"
    for w in "${WORKLOADS[@]}"; do
        for b in $(runs_of "$w" "$rep"); do run_one "$b" "$w" "$rep"; done
    done
done
for key in "${!BAD[@]}"; do log "bench: ${key%%:*} ${key#*:}: ${BAD[$key]}, not rerun after its first failure"; done
log "bench: runs took $(($(date +%s) - start)) s"

# ---- report ---------------------------------------------------------------
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) exit; printf "%.2f", a / b }'; }
geomean() { tr ' ' '\n' | grep . | awk '{ s += log($1); n++ } END { if (n) printf "%.2f", exp(s / n) }'; }

declare -A MED_T=() MED_M=()
for w in "${WORKLOADS[@]}"; do
    for b in "${ACTIVE[@]}" go-native go-race; do
        MED_T[$b:$w]=$(median <<<"${WALLS[$b:$w]:-}")
        MED_M[$b:$w]=$(median <<<"${RSS[$b:$w]:-}")
    done
done

cell_value() { # build workload kind(t|m): a median cell, or why there is none
    local b=$1 w=$2 v
    if [ -n "${BAD[$b:$w]:-}" ]; then echo "**${BAD[$b:$w]}**"; return; fi
    if [ -n "${BUILD_FAILED[$b:$w]:-}" ]; then echo "**BUILD FAILED**"; return; fi
    if [ "$3" = t ]; then v=${MED_T[$b:$w]:-}; else v=${MED_M[$b:$w]:-}; fi
    if [ -z "$v" ]; then echo "n/a"; return; fi
    if [ "$3" = t ]; then printf '%.3f' "$v"; else awk -v k="$v" 'BEGIN { printf "%.1f", k / 1024 }'; fi
}
# RAT[num/base/kind:workload] = median(num)/median(base); COL[num/base/kind]
# lists a column's ratios for its geometric mean. Filled in this shell, not in
# a $(...) subshell, so that the lists survive.
declare -A RAT=() COL=()
compute_ratio() { # num-build base-build workload kind(t|m)
    local b=$1 base=$2 w=$3 kind=$4 a c r
    if [ "$kind" = t ]; then a=${MED_T[$b:$w]:-} c=${MED_T[$base:$w]:-}; else a=${MED_M[$b:$w]:-} c=${MED_M[$base:$w]:-}; fi
    [ -n "${BAD[$b:$w]:-}${BAD[$base:$w]:-}" ] && a=""
    r=$(ratio "$a" "$c")
    RAT[$b/$base/$kind:$w]=$r
    [ -n "$r" ] && COL[$b/$base/$kind]+="$r "
    return 0
}
times_or_na() { if [ -n "$1" ]; then echo "$1×"; else echo "n/a"; fi; }
ratio_cell() { # num-build base-build workload kind
    times_or_na "${RAT[$1/$2/$4:$3]:-}"
}
has() { [[ " ${ACTIVE[*]} " == *" $1 "* ]] || [ -n "${SKIP_WHY[$1]:-}" ]; } # a column to show

COLS=() # C builds shown, in order: skipped ones too, as n/a
for b in native gcc-tsan clang-tsan racetest racetest-clang; do has "$b" && COLS+=("$b"); done
label() {
    case $1 in native) echo "native" ;; gcc-tsan) echo "gcc TSan" ;; clang-tsan) echo "clang TSan" ;;
    racetest) echo "racetest" ;; racetest-clang) echo "racetest (clang)" ;; go-native) echo "Go" ;; go-race) echo "Go -race" ;; esac
}

table() { # kind(t|m) title unit
    local kind=$1 title=$2 unit=$3 b w row
    local ratio_cols=()
    for b in "${COLS[@]}"; do [ "$b" != native ] && ratio_cols+=("$b/native"); done
    has gcc-tsan && has racetest && ratio_cols+=("racetest/gcc-tsan")
    has clang-tsan && has racetest && ratio_cols+=("racetest/clang-tsan")
    has clang-tsan && has racetest-clang && ratio_cols+=("racetest-clang/clang-tsan")

    echo "### $title"
    echo
    row="| workload |"
    for b in "${COLS[@]}"; do row+=" $(label "$b") ($unit) |"; done
    for c in "${ratio_cols[@]}"; do row+=" $(label "${c%/*}") / $(label "${c#*/}") |"; done
    echo "$row"
    row="|---|"
    for _ in "${COLS[@]}" "${ratio_cols[@]}"; do row+="---:|"; done
    echo "$row"
    for w in "${WORKLOADS[@]}"; do
        row="| $w |"
        for b in "${COLS[@]}"; do row+=" $(cell_value "$b" "$w" "$kind") |"; done
        for c in "${ratio_cols[@]}"; do row+=" $(ratio_cell "${c%/*}" "${c#*/}" "$w" "$kind") |"; done
        echo "$row"
    done
    row="| **geometric mean** |"
    for _ in "${COLS[@]}"; do row+=" |"; done
    for c in "${ratio_cols[@]}"; do
        local g
        g=$(geomean <<<"${COL[${c%/*}/${c#*/}/$kind]:-}")
        row+=" $(times_or_na "$g" | sed -E 's/(.*×)/**\1**/') |"
    done
    echo "$row"
    echo
}

go_table() {
    local any=0 w row
    for w in "${WORKLOADS[@]}"; do [ -f "bench/go/$w.go" ] && any=1; done
    [ $any = 1 ] || return 0
    echo "### Go twins (go build vs go build -race, median of $((GO_REPS < REPS ? GO_REPS : REPS)) runs)"
    echo
    echo "| workload | Go (s) | Go -race (s) | Go -race / Go | Go (MiB) | Go -race (MiB) | Go -race / Go (mem) |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for w in "${WORKLOADS[@]}"; do
        [ -f "bench/go/$w.go" ] || continue
        echo "| $w | $(cell_value go-native "$w" t) | $(cell_value go-race "$w" t) | $(ratio_cell go-race go-native "$w" t) | $(cell_value go-native "$w" m) | $(cell_value go-race "$w" m) | $(ratio_cell go-race go-native "$w" m) |"
    done
    local gt gm
    gt=$(geomean <<<"${COL[go-race/go-native/t]:-}") gm=$(geomean <<<"${COL[go-race/go-native/m]:-}")
    echo "| **geometric mean** | | | $(times_or_na "$gt" | sed -E 's/(.*×)/**\1**/') | | | $(times_or_na "$gm" | sed -E 's/(.*×)/**\1**/') |"
    echo
}

for w in "${WORKLOADS[@]}"; do
    for kind in t m; do
        for b in gcc-tsan clang-tsan racetest racetest-clang; do compute_ratio "$b" native "$w" $kind; done
        for b in gcc-tsan clang-tsan; do compute_ratio racetest "$b" "$w" $kind; done
        compute_ratio racetest-clang clang-tsan "$w" $kind
        compute_ratio go-race go-native "$w" $kind
    done
done

table t "Wall time (median of $REPS runs, seconds) and slowdown" s
table m "Peak RSS (median of $REPS runs, MiB) and memory overhead" MiB
if [ $GO_ACTIVE = 1 ]; then go_table; fi
notes=()
for b in "${!SKIP_WHY[@]}"; do notes+=("$(label "$b"): n/a — ${SKIP_WHY[$b]}"); done
[ ${#notes[@]} -gt 0 ] && printf -- '- %s\n' "${notes[@]}" && echo

if [ $failures -gt 0 ]; then
    log ""
    log "bench: $failures FAILURE(S) — see the messages above; marked cells: RACE = a detector reported on a race-free program, FAIL(n) = exit status n, WRONG = checksum differs from the native build"
    exit 1
fi
exit 0
