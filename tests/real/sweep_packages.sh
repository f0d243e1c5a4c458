# tests/real/sweep_packages.sh — the real programs of tests/real/sweep.sh:
# how each Debian source package is built and which of its programs run.
# Sourced by sweep.sh, which calls, for a package P (its name with '-'
# and '.' turned into '_'):
#
#   build_P SRC TREE      build into TREE (an empty directory) from SRC (the
#                         unpacked source, never written), with $CC (one
#                         word: a compiler, or racetest's `racetest-cc`) and
#                         $SAN_FLAGS (-fsanitize=thread for ThreadSanitizer,
#                         empty for racetest) on every compile and link;
#                         build output goes to stderr; status 0 on success
#   workloads_P           print the workloads, one a line: NAME COMMAND...
#                         (a program under TREE and its arguments: no shell;
#                         $TREE, $DATA and $N in it are expanded by sweep.sh)
#   prepare_P SRC DATA    optional: write the input files the workloads read
#                         into DATA (shared by both builds)
#   AS_USER_P=1           optional: run the workloads as nobody when root
#
# Every workload runs in a directory of its own (the current directory is
# writable and starts empty); its stdout is compared between the tools, so
# it must be the same from run to run: what a program prints that is not
# (timings, pids) is filtered by a function filter_P, when defined, that
# reads stdout and writes what is compared.
#
# Choice of packages: C code with threads of its own, a self-test or a
# driver that runs in seconds, and no build dependency that Debian's base
# system lacks (zlib and tcl are enough).

# ---- xz-utils: liblzma's multithreaded encoder and decoder (xz -T2) -------
build_xz_utils() {
    local src=$1 tree=$2
    cp -a "$src/." "$tree/" || return 2
    (cd "$tree" && ./configure -q CC="$CC" CFLAGS="-O2 -g $SAN_FLAGS" LDFLAGS="$SAN_FLAGS" \
        --disable-shared --disable-nls --disable-doc --disable-scripts --disable-lzmainfo \
        --disable-lzmadec --disable-xzdec && make -j"$(nproc)" -s) >&2
}
prepare_xz_utils() {
    local data=$2
    seq -f 'line %g of the racetest sweep, with some words to compress' 1 60000 >"$data/xz.txt"
    # 16 blocks of 128 KiB: the decoder hands them to its two threads.
    "$SWEEP_TREE_TSAN/src/xz/xz" -T1 --block-size=128KiB -6 -c "$data/xz.txt" >"$data/xz.txt.xz"
}
workloads_xz_utils() {
    echo 'compress-T2 $TREE/src/xz/xz -T2 --block-size=128KiB -6 -c $DATA/xz.txt'
    echo 'compress-T4 $TREE/src/xz/xz -T4 --block-size=64KiB -2 -c $DATA/xz.txt'
    echo 'decompress-T2 $TREE/src/xz/xz -T2 -dc $DATA/xz.txt.xz'
    echo 'test-T3 $TREE/src/xz/xz -T3 -tv $DATA/xz.txt.xz'
}

# ---- c-blosc: the blocked compressor's thread pool (examples and tests) ---
BLOSC_SRCS="blosc.c blosclz.c shuffle.c shuffle-generic.c shuffle-sse2.c bitshuffle-generic.c
    bitshuffle-sse2.c fastcopy.c"
BLOSC_PROGS="examples/multithread.c tests/test_nthreads.c tests/test_api.c tests/test_noinit.c
    tests/test_nolock.c tests/test_forksafe.c"
build_c_blosc() {
    local src=$1 tree=$2 f
    local flags=(-O2 -g -msse2 -DSHUFFLE_SSE2_ENABLED -DHAVE_ZLIB $SAN_FLAGS)
    for f in $BLOSC_SRCS; do
        "$CC" "${flags[@]}" -c "$src/blosc/$f" -o "$tree/${f%.c}.o" || return 2
    done
    for f in $BLOSC_PROGS; do
        f=${f##*/}
        "$CC" "${flags[@]}" -I"$src/blosc" -o "$tree/${f%.c}" "$src/"*/"$f" "$tree"/*.o -lz -pthread ||
            return 2
    done
}
workloads_c_blosc() {
    local f
    for f in $BLOSC_PROGS; do
        f=${f##*/}
        echo "${f%.c} \$TREE/${f%.c}"
    done
}
# The programs print their argv[0] ("STARTING TESTS for PATH"), and the
# forking tests print from several processes at once.
filter_c_blosc() { sed -E 's|STARTING TESTS for [^ ]*/(test_[a-z_]+)|STARTING TESTS for \1|g' | sort; }

# ---- libuv1: the thread, thread-pool and cross-thread tests of its suite ---
AS_USER_libuv1=1 # the suite refuses to run as root
LIBUV_TESTS="barrier_1 barrier_2 barrier_3 barrier_serial_thread condvar_1 condvar_2 condvar_3
    condvar_4 condvar_5 semaphore_1 semaphore_2 semaphore_3 async async_null_cb
    getaddrinfo_concurrent signal_multiple_loops fs_file_async fs_async_dir fs_async_sendfile
    threadpool_queue_work_simple threadpool_cancel_getaddrinfo threadpool_cancel_random
    threadpool_cancel_work threadpool_cancel_fs threadpool_cancel_single thread_local_storage
    thread_stack_size thread_mutex thread_mutex_recursive thread_rwlock thread_rwlock_trylock
    thread_create random_async process_title_threadsafe run_once metrics_idle_time_thread
    threadpool_multiple_event_loops fork_threadpool_queue_work_simple"
# signal_multiple_loops prints how many loops and signals it got through,
# the fork tests their pids.
filter_libuv1() { sed -E 's/[0-9]+/N/g'; }
build_libuv1() {
    local src=$1 tree=$2
    cmake -S "$src" -B "$tree" -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="-O2 -g $SAN_FLAGS" \
        -DCMAKE_EXE_LINKER_FLAGS="$SAN_FLAGS" -DCMAKE_BUILD_TYPE=None -DLIBUV_BUILD_TESTS=ON \
        -DLIBUV_BUILD_BENCH=OFF >&2 &&
        cmake --build "$tree" -j"$(nproc)" --target uv_run_tests_a >&2
}
workloads_libuv1() {
    local t
    # TEST TEST: the test body in this process, without the runner's child
    for t in $LIBUV_TESTS; do echo "$t \$TREE/uv_run_tests_a $t $t"; done
    # the runner: a child process runs the test, another one its helper server
    for t in tcp_ping_pong pipe_ping_pong; do echo "$t \$TREE/uv_run_tests_a $t"; done
}

# ---- sqlite3: its multithreaded stress program (test/threadtest3.c) -----
# (threadtest4.c, shared-cache mode, failed 1 run in 3 or 4 under each
# tool: "database schema is locked", which it does not retry; left out.)
build_sqlite3() {
    local src=$1 tree=$2
    # The amalgamation is generated natively (tclsh, lemon); the same one
    # for both builds would do, but it takes seconds only.
    (cd "$tree" && "$src/configure" --disable-tcl CC=cc >/dev/null && make -s sqlite3.c) >&2 ||
        return 2
    local flags=(-O2 -g $SAN_FLAGS -DSQLITE_THREADSAFE=1 -DHAVE_USLEEP=1 -I"$tree" -I"$src/src")
    "$CC" "${flags[@]}" -c "$tree/sqlite3.c" -o "$tree/sqlite3.o" &&
        "$CC" "${flags[@]}" -c "$src/src/test_multiplex.c" -o "$tree/test_multiplex.o" &&
        "$CC" "${flags[@]}" -I"$src/test" -o "$tree/threadtest3" "$src/test/threadtest3.c" \
            "$tree/sqlite3.o" "$tree/test_multiplex.o" -ldl -lpthread -lm
}
workloads_sqlite3() {
    # threadtest3's tests run for a fixed time (walthread1 20 s, the others 10 s)
    echo 'walthread1 $TREE/threadtest3 walthread1'
    echo 'shared1 $TREE/threadtest3 shared1'
    echo 'stress1 $TREE/threadtest3 stress1'
}
# The threads print how many iterations they made in the fixed time, and
# stress1's transient "no such table" warnings come and go with the schedule.
filter_sqlite3() { sed -E '/^Warning: /d; /errors out of/!s/[0-9]+/N/g'; }
