#!/usr/bin/env bash
# bench/real/fetch.sh — puts the Debian source package of a real program in
# a cache outside the repository and prints its unpacked source directory.
#
#   bench/real/fetch.sh PACKAGE        (e.g. zstd)
#
# Third-party source is never committed: it comes from the Debian archive at
# bench time, with `apt-get source` (no build dependencies, no patches of
# ours). When apt has no deb-src entry yet, one is added for the archive
# and suites the system already uses (a file of its own,
# /etc/apt/sources.list.d/racetest-deb-src.sources, then `apt-get update`);
# that needs root, and the error says so otherwise.
#
# Cache: $RACETEST_REAL_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/racetest/real.
# A package already unpacked there is reused as is.
# Exit status 0 and the directory on stdout; 2 with a message on stderr.
set -uo pipefail

die() { printf 'bench/real/fetch.sh: %s\n' "$*" >&2; exit 2; }
[ $# -eq 1 ] || die "usage: bench/real/fetch.sh PACKAGE"
pkg=$1
[[ $pkg =~ ^[a-z0-9][a-z0-9.+-]*$ ]] || die "not a Debian package name: '$pkg'"

cache=${RACETEST_REAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/racetest/real}
mkdir -p "$cache/$pkg" || die "cannot create the cache directory $cache/$pkg"

unpacked() { # the unpacked source tree: the one directory apt-get source makes,
    # named after the source package (zstd's is libzstd-VERSION)
    find "$cache/$pkg" -mindepth 1 -maxdepth 1 -type d | sort | tail -n 1
}

dir=$(unpacked)
if [ -z "$dir" ]; then
    command -v apt-get >/dev/null || die "apt-get not found: the real-program bench needs Debian's archive"
    command -v dpkg-source >/dev/null || die "dpkg-source not found (package dpkg-dev): apt-get source needs it"
    if ! apt-get source --print-uris "$pkg" >/dev/null 2>&1; then
        list=/etc/apt/sources.list.d/racetest-deb-src.sources
        [ -w /etc/apt/sources.list.d ] || die "apt has no deb-src entry for $pkg and $list cannot be written (run as root once, or add a deb-src line yourself)"
        suites=$(sed -n -E 's/^Suites:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
        [ -n "$suites" ] || suites=$(. /etc/os-release && echo "${VERSION_CODENAME:-stable}")
        printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
            "$suites" >"$list" || die "cannot write $list"
        echo "bench/real: added $list (deb-src, $suites); running apt-get update" >&2
        apt-get update -qq >&2 || die "apt-get update failed"
    fi
    (cd "$cache/$pkg" && apt-get source -qq "$pkg" >&2) || die "apt-get source $pkg failed"
    dir=$(unpacked)
    [ -n "$dir" ] || die "apt-get source $pkg left no source directory in $cache/$pkg"
fi
printf '%s\n' "$dir"
