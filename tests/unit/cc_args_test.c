/*
 * cc_args_test.c — how `racetest cc` classifies compiler command lines and
 * what steps it plans (runner/cc/args.h): instrumented compiles, links
 * that carry our runtime and never libtsan, split compile+link commands,
 * shared objects without the runtime, pass-through queries, racetest's
 * cmocka glue before cmocka.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "runner/cc/args.h"

static const char *const words[] = {"cc"};
static const char *const compile_add[] = {"-fsanitize=thread", "-DRACETEST_RACE=1"};
static const char *const link_add[] = {"-Wl,--whole-archive", "RT.a",
                                       "-Wl,--no-whole-archive", "-ldw"};
static const char *const glue_add[] = {"-Wl,--wrap=_cmocka_run_group_tests", "GLUE.a"};
static const struct cc_additions add = {compile_add, 2, link_add, 4, glue_add, 2};

/* Joins a step into one string for readable assertions. */
static const char *joined(const struct cc_step *s)
{
    static char buf[2048];
    buf[0] = '\0';
    for (size_t i = 0; i < s->argc; i++) {
        if (i)
            strcat(buf, " ");
        strcat(buf, s->argv[i]);
    }
    assert_null(s->argv[s->argc]);
    return buf;
}

static void plan(struct cc_plan *p, const char *tmpdir, int argc, ...)
{
    char *argv[64];
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    argv[argc] = NULL;
    char err[256] = "";
    assert_int_equal(cc_plan_make(p, words, 1, argc, argv, &add, tmpdir, err, sizeof err), 0);
}

static void test_compile_gets_instrumentation(void **state)
{
    (void)state;
    struct cc_plan p;
    plan(&p, NULL, 5, "-O2", "-c", "a.c", "-o", "a.o");
    assert_int_equal(p.stage, CC_STAGE_COMPILE);
    assert_false(p.needs_tmpdir);
    assert_int_equal(p.n_steps, 1);
    assert_string_equal(joined(&p.steps[0]),
                        "cc -O2 -c a.c -o a.o -fsanitize=thread -DRACETEST_RACE=1");
    cc_plan_free(&p);
}

static void test_link_strips_tsan_and_adds_runtime(void **state)
{
    (void)state;
    struct cc_plan p;
    plan(&p, NULL, 7, "-fsanitize=thread", "-o", "prog", "a.o", "-lm", "-static-libtsan",
         "b.a");
    assert_int_equal(p.stage, CC_STAGE_LINK);
    assert_true(p.links_runtime);
    assert_int_equal(p.n_steps, 1);
    assert_string_equal(joined(&p.steps[0]), "cc -o prog a.o -lm b.a -Wl,--whole-archive "
                                             "RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
}

static void test_link_keeps_other_sanitizers(void **state)
{
    (void)state;
    struct cc_plan p;
    plan(&p, NULL, 3, "-fsanitize=undefined,thread", "a.o", "-fsanitize=address");
    assert_string_equal(joined(&p.steps[0]),
                        "cc -fsanitize=undefined a.o -fsanitize=address -Wl,--whole-archive "
                        "RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
}

static void test_compile_and_link_is_split(void **state)
{
    (void)state;
    struct cc_plan p;
    plan(&p, NULL, 9, "-Iinc", "-o", "out/prog", "src/a.c", "x.o", "b.c", "-L", "lib",
         "-lm");
    assert_true(p.needs_tmpdir);
    assert_int_equal(p.n_steps, 0);
    cc_plan_free(&p);

    plan(&p, "/T", 10, "-Iinc", "-o", "out/prog", "src/a.c", "x.o", "b.c", "-L", "lib",
         "-lm", "-Wl,-z,now");
    assert_int_equal(p.stage, CC_STAGE_LINK);
    assert_int_equal(p.n_steps, 3);
    assert_int_equal(p.n_temp_objects, 2);
    assert_string_equal(p.temp_objects[0], "/T/0-a.o");
    assert_string_equal(p.temp_objects[1], "/T/1-b.o");
    /* Compile steps: no link-only options (clang -Werror rejects them). */
    assert_string_equal(joined(&p.steps[0]),
                        "cc -Iinc src/a.c -c -o /T/0-a.o -fsanitize=thread -DRACETEST_RACE=1");
    assert_string_equal(joined(&p.steps[1]),
                        "cc -Iinc b.c -c -o /T/1-b.o -fsanitize=thread -DRACETEST_RACE=1");
    /* Link step: objects where the sources were, libraries after them. */
    assert_string_equal(joined(&p.steps[2]),
                        "cc -Iinc -o out/prog /T/0-a.o x.o /T/1-b.o -L lib -lm -Wl,-z,now "
                        "-Wl,--whole-archive RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
}

static void test_language_option_applies_to_split_sources(void **state)
{
    (void)state;
    struct cc_plan p;
    plan(&p, "/T", 6, "-x", "c", "prog.txt", "-x", "none", "lib.o");
    assert_int_equal(p.n_steps, 2);
    assert_string_equal(joined(&p.steps[0]), "cc -x c prog.txt -c -o /T/0-prog.o "
                                             "-fsanitize=thread -DRACETEST_RACE=1");
    /* -x would make the linker step read objects as C. */
    assert_string_equal(joined(&p.steps[1]), "cc /T/0-prog.o lib.o -Wl,--whole-archive "
                                             "RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
}

/* A program linking cmocka gets the glue right before the first cmocka
 * library, in every spelling; never twice, never without the runtime. */
static void test_cmocka_link_gets_the_glue(void **state)
{
    (void)state;
    struct cc_plan p;
    plan(&p, NULL, 6, "-o", "t", "t.o", "-lcmocka", "-lpthread", "-lcmocka");
    assert_string_equal(joined(&p.steps[0]), "cc -o t t.o -Wl,--wrap=_cmocka_run_group_tests GLUE.a -lcmocka "
                                             "-lpthread -lcmocka -Wl,--whole-archive RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
    plan(&p, NULL, 5, "-o", "t", "t.o", "-l", "cmocka");
    assert_string_equal(joined(&p.steps[0]), "cc -o t t.o -Wl,--wrap=_cmocka_run_group_tests GLUE.a -l cmocka "
                                             "-Wl,--whole-archive RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
    plan(&p, NULL, 4, "-o", "t", "t.o", "/usr/lib/x86_64-linux-gnu/libcmocka.so.0");
    assert_string_equal(joined(&p.steps[0]), "cc -o t t.o -Wl,--wrap=_cmocka_run_group_tests GLUE.a "
                                             "/usr/lib/x86_64-linux-gnu/libcmocka.so.0 "
                                             "-Wl,--whole-archive RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
    /* Linked by hand already (the wraps, or the archive): left as it is. */
    plan(&p, NULL, 6, "-o", "t", "t.o", "-Wl,--wrap=_cmocka_run_group_tests", "/x/libracetest_cmocka.a",
         "-lcmocka");
    assert_string_equal(joined(&p.steps[0]), "cc -o t t.o -Wl,--wrap=_cmocka_run_group_tests "
                                             "/x/libracetest_cmocka.a -lcmocka -Wl,--whole-archive RT.a "
                                             "-Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
    /* Not cmocka: an option's value (an output file so named). */
    plan(&p, NULL, 3, "-o", "libcmocka.so.1", "t.o");
    assert_string_equal(joined(&p.steps[0]), "cc -o libcmocka.so.1 t.o -Wl,--whole-archive RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
    plan(&p, NULL, 4, "-o", "-lcmocka", "t.o", "-lm");
    assert_string_equal(joined(&p.steps[0]), "cc -o -lcmocka t.o -lm -Wl,--whole-archive RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
    /* Not cmocka: a library whose name only starts like it, or a file. */
    plan(&p, NULL, 5, "-o", "t", "t.o", "-lcmocka_extra", "notlibcmocka.so");
    assert_string_equal(joined(&p.steps[0]), "cc -o t t.o -lcmocka_extra notlibcmocka.so -Wl,--whole-archive "
                                             "RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
    /* A shared library carries no runtime, and so no glue. */
    plan(&p, NULL, 5, "-shared", "-o", "libt.so", "t.o", "-lcmocka");
    assert_string_equal(joined(&p.steps[0]), "cc -shared -o libt.so t.o -lcmocka");
    cc_plan_free(&p);
}

static void test_shared_library_has_no_runtime(void **state)
{
    (void)state;
    struct cc_plan p;
    plan(&p, "/T", 6, "-shared", "-fPIC", "-o", "libx.so", "x.c", "-fsanitize=thread");
    assert_false(p.links_runtime);
    assert_int_equal(p.n_steps, 2);
    assert_string_equal(joined(&p.steps[0]),
                        "cc -fPIC -fsanitize=thread x.c -c -o /T/0-x.o -fsanitize=thread "
                        "-DRACETEST_RACE=1");
    assert_string_equal(joined(&p.steps[1]), "cc -shared -fPIC -o libx.so /T/0-x.o");
    cc_plan_free(&p);

    plan(&p, NULL, 4, "-r", "-o", "all.o", "a.o");
    assert_false(p.links_runtime);
    assert_string_equal(joined(&p.steps[0]), "cc -r -o all.o a.o");
    cc_plan_free(&p);
}

/* A static link cannot carry the interposing runtime: one clear error, as
 * gcc gives for -fsanitize=thread; a static shared or relocatable link, or
 * a compile step with -static, is fine. */
static void test_static_link_is_refused(void **state)
{
    (void)state;
    const char *static_flags[] = {"-static", "-static-pie"};
    for (int i = 0; i < 2; i++) {
        struct cc_plan p;
        char *const argv[] = {(char *)static_flags[i], "-o", "prog", "a.c", NULL};
        char err[256] = "";
        assert_int_equal(cc_plan_make(&p, words, 1, 4, argv, &add, "/T", err, sizeof err), -1);
        char want[128];
        snprintf(want, sizeof want, "cannot specify %s with -fsanitize=thread", static_flags[i]);
        assert_string_equal(err, want);
        cc_plan_free(&p);
    }
    struct cc_plan p;
    plan(&p, NULL, 5, "-static", "-c", "a.c", "-o", "a.o");
    assert_int_equal(p.stage, CC_STAGE_COMPILE);
    cc_plan_free(&p);
}

static void test_queries_pass_through(void **state)
{
    (void)state;
    struct cc_plan p;
    plan(&p, NULL, 1, "--version");
    assert_int_equal(p.stage, CC_STAGE_INFO);
    assert_string_equal(joined(&p.steps[0]), "cc --version");
    cc_plan_free(&p);
    plan(&p, NULL, 1, "-print-file-name=libc.so");
    assert_string_equal(joined(&p.steps[0]), "cc -print-file-name=libc.so");
    cc_plan_free(&p);
    plan(&p, NULL, 0);
    assert_string_equal(joined(&p.steps[0]), "cc");
    cc_plan_free(&p);
}

static void test_preprocess_and_dependencies(void **state)
{
    (void)state;
    struct cc_plan p;
    plan(&p, NULL, 4, "-E", "-x", "c", "-");
    assert_int_equal(p.stage, CC_STAGE_PREPROCESS);
    assert_string_equal(joined(&p.steps[0]), "cc -E -x c - -fsanitize=thread -DRACETEST_RACE=1");
    cc_plan_free(&p);
    plan(&p, NULL, 4, "-MM", "-MF", "a.d", "a.c");
    assert_int_equal(p.stage, CC_STAGE_PREPROCESS);
    cc_plan_free(&p);
    /* -MD in a compile+link command: the .d file goes next to the output,
     * not into the temporary directory. */
    plan(&p, "/T", 4, "-MMD", "-o", "out/prog", "src/a.c");
    assert_string_equal(joined(&p.steps[0]), "cc -MMD -MF out/a.d src/a.c -c -o /T/0-a.o "
                                             "-fsanitize=thread -DRACETEST_RACE=1");
    cc_plan_free(&p);
    plan(&p, NULL, 3, "-MD", "-c", "a.c");
    assert_string_equal(joined(&p.steps[0]), "cc -MD -c a.c -fsanitize=thread -DRACETEST_RACE=1");
    cc_plan_free(&p);
}

static void test_option_values_are_not_inputs(void **state)
{
    (void)state;
    struct cc_plan p;
    /* "-o x.c", "-include h.c", "-l m": values, not sources to compile. */
    plan(&p, NULL, 7, "-include", "h.c", "-o", "x.c", "a.o", "-l", "m");
    assert_int_equal(p.n_steps, 1);
    assert_false(p.needs_tmpdir);
    assert_string_equal(joined(&p.steps[0]), "cc -include h.c -o x.c a.o -l m "
                                             "-Wl,--whole-archive RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
    /* A value that looks like the flag the link drops is a name: kept. */
    plan(&p, NULL, 3, "-o", "-fsanitize=thread", "a.o");
    assert_string_equal(joined(&p.steps[0]), "cc -o -fsanitize=thread a.o "
                                             "-Wl,--whole-archive RT.a -Wl,--no-whole-archive -ldw");
    cc_plan_free(&p);
    /* -undef is a preprocessor option; -u sym is the linker's. */
    plan(&p, "/T", 5, "-undef", "-u", "sym", "-usym2", "a.c");
    assert_string_equal(joined(&p.steps[0]),
                        "cc -undef a.c -c -o /T/0-a.o -fsanitize=thread -DRACETEST_RACE=1");
    cc_plan_free(&p);
}

static void test_missing_value_is_an_error(void **state)
{
    (void)state;
    struct cc_plan p;
    char *argv[] = {"a.c", "-o", NULL};
    char err[256] = "";
    assert_int_equal(cc_plan_make(&p, words, 1, 2, argv, &add, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "-o"));
}

static void test_multiword_compiler(void **state)
{
    (void)state;
    static const char *const ccache[] = {"ccache", "gcc"};
    char *argv[] = {"-c", "a.c", NULL};
    char err[256] = "";
    struct cc_plan p;
    assert_int_equal(cc_plan_make(&p, ccache, 2, 2, argv, &add, NULL, err, sizeof err), 0);
    assert_string_equal(joined(&p.steps[0]),
                        "ccache gcc -c a.c -fsanitize=thread -DRACETEST_RACE=1");
    cc_plan_free(&p);
}

static void test_source_names(void **state)
{
    (void)state;
    assert_true(cc_is_source_name("a.c"));
    assert_true(cc_is_source_name("dir.x/a.S"));
    assert_true(cc_is_source_name("a.cpp"));
    assert_false(cc_is_source_name("a.o"));
    assert_false(cc_is_source_name("liba.a"));
    assert_false(cc_is_source_name("libx.so.1"));
    assert_false(cc_is_source_name("dir.c/noext"));
    assert_false(cc_is_source_name(".c"));
    assert_true(cc_option_takes_value("-I"));
    assert_true(cc_option_takes_value("-Xlinker"));
    assert_false(cc_option_takes_value("-Iinc"));
    assert_false(cc_option_takes_value("-c"));
}

static void test_compile_only_args(void **state)
{
    (void)state;
    char *argv[] = {"-Iinc", "a.c", "-o", "p", "-lm", "-Wl,-z,now", "x.a", "-DX=1",
                    "-L", "lib", "-pthread", NULL};
    size_t n = 0;
    char **v = cc_compile_only_args(11, argv, &n);
    assert_non_null(v);
    assert_int_equal(n, 3);
    assert_string_equal(v[0], "-Iinc");
    assert_string_equal(v[1], "-DX=1");
    assert_string_equal(v[2], "-pthread");
    assert_null(v[3]);
    cc_argv_free(v);
}

static void test_response_file_text(void **state)
{
    (void)state;
    size_t n = 0;
    char **v = cc_split_response_text("  -DA=\"x y\" 'b c'\n d\\ e\t-c\n", &n);
    assert_non_null(v);
    assert_int_equal(n, 4);
    assert_string_equal(v[0], "-DA=x y");
    assert_string_equal(v[1], "b c");
    assert_string_equal(v[2], "d e");
    assert_string_equal(v[3], "-c");
    cc_argv_free(v);
    v = cc_split_response_text("   ", &n);
    assert_non_null(v);
    assert_int_equal(n, 0);
    assert_null(v[0]);
    cc_argv_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compile_gets_instrumentation),
        cmocka_unit_test(test_link_strips_tsan_and_adds_runtime),
        cmocka_unit_test(test_link_keeps_other_sanitizers),
        cmocka_unit_test(test_compile_and_link_is_split),
        cmocka_unit_test(test_language_option_applies_to_split_sources),
        cmocka_unit_test(test_shared_library_has_no_runtime),
        cmocka_unit_test(test_cmocka_link_gets_the_glue),
        cmocka_unit_test(test_queries_pass_through),
        cmocka_unit_test(test_preprocess_and_dependencies),
        cmocka_unit_test(test_option_values_are_not_inputs),
        cmocka_unit_test(test_missing_value_is_an_error),
        cmocka_unit_test(test_multiword_compiler),
        cmocka_unit_test(test_static_link_is_refused),
        cmocka_unit_test(test_source_names),
        cmocka_unit_test(test_compile_only_args),
        cmocka_unit_test(test_response_file_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
