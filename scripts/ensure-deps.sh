#!/bin/sh
# Checks that the build dependencies are present (through pkg-config) and
# installs the missing Debian packages when running as root; otherwise names
# the exact command to run. Called by make before anything is compiled.
set -u

# pkg-config module -> Debian package
need=""
command -v pkg-config >/dev/null 2>&1 || need="pkg-config"
for pair in cmocka:libcmocka-dev libpcre2-8:libpcre2-dev libunwind:libunwind-dev libdw:libdw-dev; do
    mod=${pair%%:*}
    pkg=${pair#*:}
    if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$mod" 2>/dev/null; then
        need="$need $pkg"
    fi
done
# clang's OpenMP runtime (libomp, omp.h): gcc ships libgomp, clang needs
# it for -fopenmp programs (tests/conformance/openmp). Not a pkg-config module.
# Without clang at all, the check below installs clang and this needs it too.
if ! command -v clang >/dev/null 2>&1 ||
    ! printf '#include <omp.h>\nint main(void) { return omp_get_max_threads() < 1; }\n' |
        clang -fopenmp -x c -o /dev/null - >/dev/null 2>&1; then
    need="$need libomp-dev"
fi
# clang and its libFuzzer runtime build the fuzz targets (mk/fuzz.mk); a
# link of an empty target is the one test that both are there.
if ! printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' |
    clang -fsanitize=fuzzer -x c - -o /dev/null >/dev/null 2>&1; then
    need="$need clang libclang-rt-dev"
fi
[ -z "$need" ] && exit 0

# pkg-config is named even when present: apt keeps it, and the line stays one
# the user can paste as is.
line="apt-get install -y libcmocka-dev libpcre2-dev libunwind-dev libdw-dev libomp-dev pkg-config clang libclang-rt-dev"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "racetest: installing missing build dependencies:$need" >&2
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq && apt-get install -y -qq $need >/dev/null; then
        exit 0
    fi
    echo "racetest: could not install the dependencies; run: apt-get update && $line" >&2
    exit 1
fi
echo "racetest: missing build dependencies:$need" >&2
echo "racetest: install them with: sudo apt-get update && sudo $line" >&2
exit 1
