/*
 * Fuzz target: `racetest merge`, the reader of whole -json event files
 * from other machines (runner/report/merge.h), run as the command runs:
 * files in, text or JSON and the JUnit/SARIF reports out.
 * Input: byte 0 holds the flags (bit 0 -json, bit 1 -v, bit 2 two inputs,
 * bit 3 -junit and -sarif), the rest is the first input file, or, with
 * bit 2, two files separated by the first form feed byte. Properties: the
 * command returns one of its exit statuses (0, 1, 2, 66) and leaks
 * nothing. Its output goes to stdout/stderr, which `make fuzz` closes.
 */
#include <stdbool.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runner/report/merge.h"
#include "tests/fuzz/fuzz_util.h"

static char outdir[] = "/tmp/racetest-fuzz-merge-XXXXXX";

static void remove_outdir(void)
{
    char path[sizeof outdir + 16];
    snprintf(path, sizeof path, "%s/m.xml", outdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/m.sarif", outdir);
    unlink(path);
    rmdir(outdir);
}

/* A file holding bytes, named for fopen; *fd to close after use. */
static void make_input(const uint8_t *data, size_t size, int *fd, char *path, size_t pathlen)
{
    *fd = memfd_create("shard.json", MFD_CLOEXEC);
    FUZZ_CHECK(*fd >= 0, "memfd_create failed");
    FUZZ_CHECK(write(*fd, data, size) == (ssize_t)size, "short write");
    snprintf(path, pathlen, "/proc/self/fd/%d", *fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    /* Made once per process. Not told by the template's last byte: the
     * random name mkdtemp writes may end in 'X' too (1 in 62), and a
     * second mkdtemp of a name without the template fails. */
    static bool made;
    if (!made) {
        FUZZ_CHECK(mkdtemp(outdir), "mkdtemp failed");
        atexit(remove_outdir);
        made = true;
    }
    unsigned flags = data[0];
    data++, size--;
    char *argv[12];
    int argc = 0;
    char junit[sizeof outdir + 16], sarif[sizeof outdir + 16];
    argv[argc++] = "merge";
    if (flags & 1)
        argv[argc++] = "-json";
    if (flags & 2)
        argv[argc++] = "-v";
    if (flags & 8) {
        snprintf(junit, sizeof junit, "%s/m.xml", outdir);
        snprintf(sarif, sizeof sarif, "%s/m.sarif", outdir);
        argv[argc++] = "-junit";
        argv[argc++] = junit;
        argv[argc++] = "-sarif";
        argv[argc++] = sarif;
    }
    size_t first = size;
    if (flags & 4) {
        const uint8_t *ff = memchr(data, '\f', size);
        if (ff)
            first = (size_t)(ff - data);
    }
    int fd1 = -1, fd2 = -1;
    char p1[64], p2[64];
    make_input(data, first, &fd1, p1, sizeof p1);
    argv[argc++] = p1;
    if (first < size) {
        make_input(data + first + 1, size - first - 1, &fd2, p2, sizeof p2);
        argv[argc++] = p2;
    }
    argv[argc] = NULL;
    int status = cmd_merge(argc, argv);
    fflush(stdout);
    FUZZ_CHECK(status == 0 || status == 1 || status == 2 || status == 66, "exit status %d", status);
    close(fd1);
    if (fd2 >= 0)
        close(fd2);
    return 0;
}
