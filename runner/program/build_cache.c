/*
 * program/build_cache.c — keys, manifests and the directory of `racetest run`.
 * See program/build_cache.h for the layout and the invariants.
 */
#include "runner/program/build_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/program/content_hash.h"
#include "runner/cc/spawn.h"
#include "runner/version.h"

static int mkdir_p(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0755);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

int build_cache_dir(char *out, size_t outlen, char *err, size_t errlen)
{
    const char *c = getenv("RACETEST_CACHE");
    const char *x = getenv("XDG_CACHE_HOME");
    const char *h = getenv("HOME");
    int n;
    if (c && *c)
        n = snprintf(out, outlen, "%s", c);
    else if (x && *x)
        n = snprintf(out, outlen, "%s/racetest", x);
    else if (h && *h)
        n = snprintf(out, outlen, "%s/.cache/racetest", h);
    else {
        snprintf(err, errlen, "no cache directory: set RACETEST_CACHE or HOME");
        return -1;
    }
    if (n < 0 || (size_t)n >= outlen) {
        snprintf(err, errlen, "cache directory path too long");
        return -1;
    }
    if (mkdir_p(out) != 0) {
        snprintf(err, errlen, "cannot create the cache directory %s: %s", out,
                 strerror(errno));
        return -1;
    }
    return 0;
}

static int hash_file_into(struct content_hash *c, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[65536];
    ssize_t n;
    uint64_t total = 0;
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            return -1;
        }
        content_hash_bytes(c, buf, (size_t)n);
        total += (uint64_t)n;
    }
    close(fd);
    content_hash_u64(c, total);
    return 0;
}

int build_cache_hash_file(const char *path, char hex[33])
{
    struct content_hash c;
    content_hash_init(&c);
    if (hash_file_into(&c, path) != 0)
        return -1;
    content_hash_hex(&c, hex);
    return 0;
}

/* Identity of a file without reading it: a rebuilt runtime archive or an
 * upgraded compiler changes inode, size or mtime. */
static void hash_stat(struct content_hash *c, const char *path)
{
    struct stat st;
    content_hash_str(c, path);
    if (stat(path, &st) != 0) {
        content_hash_str(c, "missing");
        return;
    }
    content_hash_u64(c, (uint64_t)st.st_dev);
    content_hash_u64(c, (uint64_t)st.st_ino);
    content_hash_u64(c, (uint64_t)st.st_size);
    content_hash_u64(c, (uint64_t)st.st_mtim.tv_sec);
    content_hash_u64(c, (uint64_t)st.st_mtim.tv_nsec);
}

/* PATH lookup of the compiler, as execvp would do it. */
static void hash_program(struct content_hash *c, const char *prog)
{
    if (strchr(prog, '/')) {
        hash_stat(c, prog);
        return;
    }
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t len = strcspn(path, ":");
        char cand[PATH_MAX];
        int n = snprintf(cand, sizeof cand, "%.*s/%s", (int)len, len ? path : ".", prog);
        if (n > 0 && (size_t)n < sizeof cand && access(cand, X_OK) == 0) {
            char real[PATH_MAX];
            hash_stat(c, realpath(cand, real) ? real : cand);
            return;
        }
        path += len;
        if (*path == ':')
            path++;
    }
    content_hash_str(c, "not found");
}

int build_cache_key(char *const *cc_words, size_t n_words, char *const *args,
                    const unsigned char *is_input, size_t n_args,
                    const struct cc_layout *layout, char key[33], char *err,
                    size_t errlen)
{
    struct content_hash c;
    content_hash_init(&c);
    content_hash_str(&c, "racetest-run-v1 " RACETEST_VERSION);
    hash_stat(&c, "/proc/self/exe");

    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) {
        snprintf(err, errlen, "cannot read the working directory: %s", strerror(errno));
        return -1;
    }
    content_hash_str(&c, cwd); /* relative paths in flags and inputs */

    /* Environment the compiler and linker read. */
    static const char *const env_keys[] = {
        "CPATH", "C_INCLUDE_PATH", "LIBRARY_PATH", "GCC_EXEC_PREFIX", "COMPILER_PATH",
        "SOURCE_DATE_EPOCH", NULL,
    };
    for (const char *const *k = env_keys; *k; k++) {
        const char *v = getenv(*k);
        content_hash_str(&c, *k);
        content_hash_str(&c, v ? v : "\x01unset");
    }

    /* Compiler identity: its words, the file it runs and what it says. */
    content_hash_u64(&c, n_words);
    for (size_t i = 0; i < n_words; i++)
        content_hash_str(&c, cc_words[i]);
    hash_program(&c, cc_words[0]);
    char **version_argv = calloc(n_words + 2, sizeof *version_argv);
    if (!version_argv) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n_words; i++)
        version_argv[i] = cc_words[i];
    version_argv[n_words] = "--version";
    char *out = NULL;
    size_t out_len = 0;
    int rc = spawn_capture(version_argv, 1, &out, &out_len);
    free(version_argv);
    if (rc != 0) {
        free(out);
        snprintf(err, errlen, "the compiler `%s --version` failed (status %d); set "
                 "RACETEST_CC to a working C compiler", cc_words[0], rc);
        return -1;
    }
    content_hash_field(&c, out, out_len);
    free(out);

    /* Runtime and the flags that point at it. */
    hash_stat(&c, layout->archive);
    hash_stat(&c, layout->dynlist);
    hash_stat(&c, layout->rtlibs_file);
    hash_stat(&c, layout->header);
    for (size_t i = 0; i < layout->n_compile; i++)
        content_hash_str(&c, layout->compile[i]);
    for (size_t i = 0; i < layout->n_link; i++)
        content_hash_str(&c, layout->link[i]);
    /* The cmocka glue a link naming cmocka gets (cc/args.h). */
    for (size_t i = 0; i < layout->n_cmocka_glue; i++) {
        content_hash_str(&c, layout->cmocka_glue[i]);
        if (layout->cmocka_glue[i][0] != '-')
            hash_stat(&c, layout->cmocka_glue[i]);
    }

    /* The command, and the content of every input. */
    content_hash_u64(&c, n_args);
    for (size_t i = 0; i < n_args; i++) {
        content_hash_str(&c, args[i]);
        if (is_input[i] && hash_file_into(&c, args[i]) != 0) {
            snprintf(err, errlen, "%s: %s", args[i], strerror(errno));
            return -1;
        }
    }
    content_hash_hex(&c, key);
    return 0;
}

#define MANIFEST_MAGIC "racetest-deps-v1\n"

int build_cache_valid(const char *entry)
{
    if (access(entry, X_OK) != 0)
        return 0;
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s.deps", entry) >= (int)sizeof path)
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[PATH_MAX + 64];
    int ok = fgets(line, sizeof line, f) && strcmp(line, MANIFEST_MAGIC) == 0;
    while (ok && fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        if (len < 35 || line[32] != ' ' || line[len - 1] != '\n') {
            ok = 0;
            break;
        }
        line[len - 1] = '\0';
        line[32] = '\0';
        char hex[33];
        if (build_cache_hash_file(line + 33, hex) != 0 || strcmp(hex, line) != 0)
            ok = 0;
    }
    fclose(f);
    return ok;
}

int build_cache_write_manifest(const char *entry, char *const *deps, size_t n)
{
    char tmp[PATH_MAX], final[PATH_MAX];
    if (snprintf(final, sizeof final, "%s.deps", entry) >= (int)sizeof final ||
        snprintf(tmp, sizeof tmp, "%s.deps.XXXXXX", entry) >= (int)sizeof tmp)
        return -1;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        return -1;
    }
    int ok = fputs(MANIFEST_MAGIC, f) >= 0;
    for (size_t i = 0; ok && i < n; i++) {
        char hex[33];
        /* A name with a newline could not be read back: no manifest. */
        if (strchr(deps[i], '\n') || build_cache_hash_file(deps[i], hex) != 0)
            ok = 0;
        else
            ok = fprintf(f, "%s %s\n", hex, deps[i]) > 0;
    }
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, final) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}
