# bench/real/zstd_build.sh — builds zstd's command-line tool and its datagen
# from the Debian source tree that bench/real/fetch.sh unpacked. Sourced by
# bench/real/run.sh (the speed comparison) and tests/real/zstd_planted.sh
# (issue 14's planted-bug check), so that both build zstd the same way.
# The functions print their result on stdout, log to stderr, and return 2
# with a message on failure (callers: `x=$(zstd_build ...) || exit 2`).
#
# zstd_build LABEL SRC TREE DEPS CC CFLAGS LDFLAGS [PATCH]
#   Prints TREE/programs/zstd, built from a copy of SRC's lib/ and programs/
#   into TREE, with PATCH (a unified diff of ours, `patch -p1`) applied when
#   given; CC is a command line ("racetest cc"), CFLAGS and LDFLAGS are one
#   string each; the optional zlib/lzma/lz4 formats are left out. The tool
#   is reused while it is newer than SRC, PATCH and every file in DEPS (a
#   space-separated list: the racetest driver and runtime); when only a
#   file of DEPS changed, the objects stand and the tool is relinked.
# zstd_datagen SRC DIR
#   Prints DIR/datagen, zstd's test-data generator, built natively with $CC.

ZSTD_MAKE=(HAVE_ZLIB=0 HAVE_LZMA=0 HAVE_LZ4=0 HAVE_THREAD=1)

zstd_build() {
    local label=$1 src=$2 tree=$3 deps=$4 cc=$5 cflags=$6 ldflags=$7 patch=${8:-} d fresh=1 same_source=0
    local bin=$tree/programs/zstd
    if [ -x "$bin" ] && [ "$bin" -nt "$src" ] && { [ -z "$patch" ] || [ "$bin" -nt "$patch" ]; }; then
        same_source=1
        for d in $deps; do [ "$bin" -nt "$d" ] || fresh=0; done
        [ $fresh = 1 ] && { echo "$bin"; return 0; }
    fi
    if [ $same_source = 1 ]; then
        # Only the runtime changed: the instrumented objects stand, relink.
        rm -f "$bin" "$tree"/programs/obj/*/zstd
    else
        rm -rf "$tree" && mkdir -p "$tree" && cp -r "$src/lib" "$src/programs" "$tree/" ||
            { echo "zstd_build: cannot copy $src to $tree" >&2; return 2; }
        if [ -n "$patch" ] && ! patch -s -p1 -d "$tree" <"$patch" >"$tree/patch.log" 2>&1; then
            sed 's/^/    /' "$tree/patch.log" >&2
            echo "zstd_build: $patch does not apply to $src" >&2
            return 2
        fi
    fi
    echo "zstd_build: building zstd ($label)" >&2
    if ! make -s -j"$(nproc)" -C "$tree/programs" zstd CC="$cc" CFLAGS="$cflags" LDFLAGS="$ldflags" \
        "${ZSTD_MAKE[@]}" >"$tree/build.log" 2>&1; then
        sed 's/^/    /' "$tree/build.log" | tail -n 30 >&2
        echo "zstd_build: the $label build of zstd failed ($tree/build.log)" >&2
        return 2
    fi
    echo "$bin"
}

zstd_datagen() {
    local src=$1 dir=$2
    local datagen=$dir/datagen
    if [ ! -x "$datagen" ] || [ "$src/tests/datagencli.c" -nt "$datagen" ]; then
        rm -rf "$dir/src-datagen" && mkdir -p "$dir/src-datagen" &&
            cp -r "$src/lib" "$src/programs" "$src/tests" "$dir/src-datagen/" ||
            { echo "zstd_datagen: cannot copy $src" >&2; return 2; }
        make -s -C "$dir/src-datagen/tests" datagen CC="${CC:-cc}" >"$dir/datagen.log" 2>&1 ||
            { echo "zstd_datagen: cannot build zstd's datagen ($dir/datagen.log)" >&2; return 2; }
        cp "$dir/src-datagen/tests/datagen" "$datagen" || return 2
    fi
    echo "$datagen"
}
