/*
 * Fuzz target: compiler arguments, `racetest cc ARGS` (runner/cc/args.h):
 * classifying each argument, planning the compile and link steps, the
 * preprocessing-only copy, and splitting a response file (@FILE).
 * Input: the arguments, one per line. Properties: a plan fails with a
 * reason, or every step is a NULL-terminated argv and the link step
 * carries no -fsanitize=thread option (an option's value may be any name);
 * a command that must be split asks for a temporary directory and is then
 * planned with one. The input read as a response file splits into words
 * that, quoted back, split the same.
 */
#include "runner/cc/args.h"
#include "tests/fuzz/fuzz_util.h"

static void check_plan(const struct cc_plan *p)
{
    for (size_t i = 0; i < p->n_steps; i++) {
        const struct cc_step *s = &p->steps[i];
        FUZZ_CHECK(s->argc >= 1 && s->argv[s->argc] == NULL, "step %zu not NULL-terminated", i);
        for (size_t k = 0; k < s->argc; k++)
            FUZZ_CHECK(s->argv[k] != NULL, "step %zu has a NULL argument", i);
    }
    if (p->stage == CC_STAGE_LINK && p->n_steps) {
        const struct cc_step *link = &p->steps[p->n_steps - 1];
        /* An option's separate value is a name, not a flag: "-o
         * -fsanitize=thread" writes a file of that name and stays. */
        for (size_t k = 0; k < link->argc; k++) {
            FUZZ_CHECK(strcmp(link->argv[k], "-fsanitize=thread") != 0,
                       "the link step keeps -fsanitize=thread");
            if (cc_option_takes_value(link->argv[k]))
                k++;
        }
    }
}

/* The response-file text that gives back words (gcc's quoting). */
static char *quote_words(char **words, size_t n)
{
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += 2 * strlen(words[i]) + 3;
    char *text = malloc(cap), *p = text;
    for (size_t i = 0; i < n; i++) {
        if (!words[i][0]) {
            *p++ = '"';
            *p++ = '"';
        }
        for (const char *c = words[i]; *c; c++) {
            if (strchr(" \t\n\r\f\v'\"\\", *c))
                *p++ = '\\';
            *p++ = *c;
        }
        *p++ = ' ';
    }
    *p = '\0';
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);

    size_t nw = 0;
    char **words = cc_split_response_text(text, &nw);
    FUZZ_CHECK(words && words[nw] == NULL, "response split failed");
    char *quoted = quote_words(words, nw);
    size_t nb = 0;
    char **back = cc_split_response_text(quoted, &nb);
    FUZZ_CHECK(back && nb == nw, "%zu words came back as %zu from %s", nw, nb, quoted);
    for (size_t i = 0; i < nw; i++)
        FUZZ_CHECK(strcmp(words[i], back[i]) == 0, "'%s' came back as '%s'", words[i], back[i]);
    cc_argv_free(back);
    cc_argv_free(words);
    free(quoted);

    /* One argument per line. */
    int argc = 0;
    char **argv = malloc((size + 2) * sizeof *argv);
    for (char *line = text, *nl; line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        if (nl || *line)
            argv[argc++] = line;
    }
    argv[argc] = NULL;
    for (int i = 0; i < argc; i++) {
        (void)cc_option_takes_value(argv[i]);
        (void)cc_is_source_name(argv[i]);
    }
    static const char *const cc[] = {"ccache", "gcc"};
    static const char *const compile[] = {"-fsanitize=thread", "-g"};
    static const char *const link[] = {"-Wl,--whole-archive", "librt.a", "-Wl,--no-whole-archive"};
    static const char *const glue[] = {"-Wl,--wrap=_cmocka_run_group_tests", "libglue.a"};
    struct cc_additions add = {compile, 2, link, 3, glue, 2};
    struct cc_plan plan;
    char err[256] = "";
    bool malformed = cc_plan_make(&plan, cc, 2, argc, argv, &add, NULL, err, sizeof err) != 0;
    if (malformed) {
        FUZZ_CHECK_MESSAGE(err);
    } else {
        check_plan(&plan);
        bool split = plan.needs_tmpdir;
        if (split)
            FUZZ_CHECK(plan.n_steps == 0, "steps planned without the temporary directory");
        cc_plan_free(&plan);
        if (split) {
            FUZZ_CHECK(cc_plan_make(&plan, cc, 2, argc, argv, &add, "/tmp/rt.x", err, sizeof err) == 0,
                       "planning with a directory failed: %s", err);
            check_plan(&plan);
            cc_plan_free(&plan);
        }
    }
    size_t nc = 0;
    char **comp = cc_compile_only_args(argc, argv, &nc);
    /* NULL only for a malformed command line (an option without its value),
     * which the plan refuses too; the plan also refuses lines that are well
     * formed but not allowed (-static), whose copy is made. */
    FUZZ_CHECK(comp ? comp[nc] == NULL && nc <= (size_t)argc : malformed, "compile-only copy broken");
    cc_argv_free(comp);
    free(argv);
    free(text);
    return 0;
}
