/*
 * Fuzz target: profiles, `racetest -config FILE` (runner/suite/config.h),
 * read the way cmd_test reads them: the file's text into flag arguments,
 * then each argument through the flag parser (runner/suite/flags.h), which
 * checks the values (counts, durations, seeds, -cpu lists, ...).
 * Properties: a parse fails with "FILE:LINE: why" or gives arguments each
 * with its line; the arguments printed back as a config file (`name =
 * value`, `paths = ...`) parse to the same arguments.
 */
#include "runner/suite/config.h"
#include "runner/suite/flags.h"
#include "runner/suite/model.h"
#include "tests/fuzz/fuzz_util.h"

/* The config file that gives back c's arguments. */
static char *print_config(const struct config_args *c)
{
    size_t cap = 64;
    for (int i = 0; i < c->argc; i++)
        cap += strlen(c->argv[i]) + 16;
    char *text = malloc(cap), *p = text;
    for (int i = 0; i < c->argc; i++) {
        const char *a = c->argv[i];
        if (a[0] != '-') {
            p += sprintf(p, "paths = %s\n", a);
            continue;
        }
        const char *eq = strchr(a, '=');
        if (eq)
            p += sprintf(p, "%.*s = %s\n", (int)(eq - a - 1), a + 1, eq + 1);
        else
            p += sprintf(p, "%s\n", a + 1);
    }
    *p = '\0';
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    struct config_args c;
    char err[1024] = "";
    if (test_config_parse(text, "ci.conf", &c, err, sizeof err) != 0) {
        FUZZ_CHECK(strncmp(err, "ci.conf:", 8) == 0, "error does not name the file: %s", err);
        FUZZ_CHECK(c.argc == 0 && c.argv == NULL, "a failed parse left arguments");
        free(text);
        return 0;
    }
    struct test_opts o;
    test_opts_init(&o);
    for (int i = 0; i < c.argc; i++) {
        FUZZ_CHECK(c.lines[i] >= 1, "argument %d without its line", i);
        if (test_flags_parse(&o, 1, &c.argv[i], err, sizeof err) != 0)
            FUZZ_CHECK_MESSAGE(err);
    }
    test_opts_free(&o);

    char *again = print_config(&c);
    struct config_args back;
    FUZZ_CHECK(test_config_parse(again, "ci.conf", &back, err, sizeof err) == 0, "reprinted config fails: %s\n%s",
               err, again);
    FUZZ_CHECK(back.argc == c.argc, "%d arguments came back as %d:\n%s", c.argc, back.argc, again);
    for (int i = 0; i < c.argc; i++)
        FUZZ_CHECK(strcmp(back.argv[i], c.argv[i]) == 0, "'%s' came back as '%s'", c.argv[i], back.argv[i]);
    test_config_free(&back);
    free(again);
    test_config_free(&c);
    free(text);
    return 0;
}
