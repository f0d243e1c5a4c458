#!/bin/sh
# weaken-libc-names.sh ARCHIVE CC — makes the runtime archive's definitions
# of names that the C library (or libm, or gcc's OpenMP runtime) also
# defines weak, in place.
#
# The runtime replaces such functions (malloc, raise, strlen, GOMP_parallel
# ...) by definitions linked --whole-archive into the executable. A program
# may define one of them itself, as it may replace any libc function; with
# strong definitions on both sides the link fails with "multiple
# definition". Weak ones let the program's own definition win, as libc's
# would lose: that function is then the program's, unmodeled.
set -eu
archive=$1
cc=$2

libs=
for lib in libc.so.6 libm.so.6 libgomp.so.1; do
    path=$("$cc" -print-file-name="$lib")
    # A name the compiler does not find comes back unchanged.
    [ "$path" != "$lib" ] && [ -e "$path" ] && libs="$libs $path"
done
[ -n "$libs" ] || { echo "weaken-libc-names.sh: $cc finds no libc.so.6" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086 # one argument per library
nm -D --defined-only $libs | awk 'NF >= 3 { sub(/@.*/, "", $3); print $3 }' | sort -u >"$tmp/lib"
nm -g --defined-only "$archive" | awk 'NF == 3 && $2 ~ /^[TW]$/ { print $3 }' | sort -u >"$tmp/ours"
comm -12 "$tmp/ours" "$tmp/lib" >"$tmp/weaken"
[ -s "$tmp/weaken" ] || { echo "weaken-libc-names.sh: no libc name in $archive" >&2; exit 1; }
objcopy --weaken-symbols="$tmp/weaken" "$archive"
