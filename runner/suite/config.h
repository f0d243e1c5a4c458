/*
 * suite/config.h — `racetest -config FILE`: flags kept in a file (the
 * profiles in configs/), read before the command line, which overrides them.
 *
 * Format, one setting per line:
 *     # a comment (also after blanks)
 *     count = 100          the flag -count=100
 *     failfast             a boolean flag, true
 *     race = false
 *     paths = ./tests/...  positional paths, separated by blanks
 * Names are the flag names without the dash (letters, digits, _ . and -, as
 * in shard-by); values are taken verbatim after
 * trimming blanks (no quoting). A line without a name, a second -config
 * inside a config file, or a path that starts with '-' (it would be read as
 * a flag) is an error naming FILE:LINE. Unknown names are
 * reported by the flag parser, prefixed with the file name.
 */
#ifndef RACETEST_TEST_CONFIG_H
#define RACETEST_TEST_CONFIG_H

#include <stddef.h>

struct config_args {
    int argc;
    char **argv; /* "-name=value" strings and paths, owned */
    unsigned *lines; /* the line of each argv[i], for "FILE:LINE: ..." errors */
};

/* The FILE of the last -config/--config flag in argv (borrowed), or NULL.
 * Stops at "--". */
const char *test_config_find(int argc, char **argv);

/* Reads FILE into flag arguments. Returns 0, or -1 with "FILE:LINE: why" or
 * "FILE: why" in err. */
int test_config_load(const char *path, struct config_args *out, char *err, size_t errlen);

/* Parses the text of a config file (pure; path only names it in errors). */
int test_config_parse(const char *text, const char *path, struct config_args *out, char *err, size_t errlen);

void test_config_free(struct config_args *c);

#endif
