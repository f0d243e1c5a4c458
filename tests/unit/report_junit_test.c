/* Unit tests of runner/report/junit.c: XML escaping of untrusted text and
 * the verdict of each testcase. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "runner/report/collect.h"
#include "runner/report/junit.h"

static char *escaped(const char *s, size_t len, bool attr)
{
    static char out[1024];
    struct jbuf b;
    jbuf_init(&b);
    xml_escape(&b, s, len, attr);
    snprintf(out, sizeof out, "%s", b.s);
    jbuf_free(&b);
    return out;
}

static void test_escape_markup(void **state)
{
    (void)state;
    const char *s = "<a href=\"x\">&amp; 'q' ]]> end</a>";
    assert_string_equal(escaped(s, strlen(s), false),
                        "&lt;a href=\"x\"&gt;&amp;amp; 'q' ]]&gt; end&lt;/a&gt;");
    assert_string_equal(escaped(s, strlen(s), true),
                        "&lt;a href=&quot;x&quot;&gt;&amp;amp; &apos;q&apos; ]]&gt; end&lt;/a&gt;");
}

static void test_escape_whitespace(void **state)
{
    (void)state;
    const char *s = "a\tb\nc\rd";
    assert_string_equal(escaped(s, strlen(s), false), "a\tb\nc&#13;d");
    assert_string_equal(escaped(s, strlen(s), true), "a&#9;b&#10;c&#13;d");
}

static void test_escape_controls_and_invalid_utf8(void **state)
{
    (void)state;
#define FFFD "\xEF\xBF\xBD"
    /* Controls, a NUL inside the length, a lone continuation byte, 0xFF, a
     * cut sequence, an encoded surrogate, an overlong form, U+FFFE. */
    const char s[] = "\x01\x1b[0m\x00|\x80|\xff|\xe2\x82|\xed\xa0\x80|\xc0\xaf|\xef\xbf\xbe|";
    assert_string_equal(escaped(s, sizeof s - 1, false),
                        FFFD FFFD "[0m" FFFD "|" FFFD "|" FFFD "|" FFFD FFFD "|" FFFD FFFD FFFD "|" FFFD FFFD
                        "|" FFFD FFFD FFFD "|");
    /* Valid UTF-8 of every length survives. */
    const char *v = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x9b \x7f";
    assert_string_equal(escaped(v, strlen(v), false), v);
}

/* One file, five tests: pass, race, crash, assertion failure, skipped. */
static void make_model(struct rt_model *m)
{
    memset(m, 0, sizeof *m);
    struct rt_file *f = model_add_file(m);
    f->rel = xstrdup("t/x_test.c");
    f->first_test = 0;
    const char *names[] = {"test_pass", "test_race", "test_crash", "test_fail", "test_skip"};
    for (size_t i = 0; i < 5; i++) {
        struct rt_test *t = model_add_test(m, 0, "g", names[i]);
        t->done = 4;
    }
    m->files[0].ntests = 5;
    m->tests[0].passed = 4;
    m->tests[1].passed = 2;
    m->tests[1].failed = 2;
    m->tests[1].raced = 2;
    m->tests[2].passed = 3;
    m->tests[2].crashed = 1;
    m->tests[3].failed = 4;
    m->tests[4].skipped = 4;
    struct rt_race *r = model_add_race(m);
    r->key = xstrdup("t/x.c:7:worker|t/x.c:9:main");
    r->report = xstrdup("WARNING: DATA RACE <report> ]]>\n");
    r->accesses_json = xstrdup("[{\"kind\":\"write\",\"thread\":\"thread T1\",\"stack\":[{\"func\":\"worker\","
                               "\"file\":\"t/x.c\",\"line\":7}]},{\"kind\":\"read\",\"thread\":\"main thread\","
                               "\"stack\":[{\"func\":\"main\",\"file\":\"t/x.c\",\"line\":9}]}]");
    race_seen_add(r, 1, 0, 2);
    race_seen_add(r, 1, 0, 3);
}

static void test_render_verdicts(void **state)
{
    (void)state;
    struct rt_model m;
    make_model(&m);
    report_collect_init(&test_output_text, NULL);
    /* What the collector would have captured for the crash and the failure. */
    struct exec_result crash = {.test = 2, .run = 3, .status = EX_CRASH, .detail = "test crashed: signal 6"};
    struct exec_result failed = {.test = 3, .run = 1, .status = EX_FAIL};
    struct test_opts o;
    test_opts_init(&o);
    report_collect_output.exec_result(&o, &m, &crash, "about to abort\n", false);
    report_collect_output.exec_result(&o, &m, &failed, "0x4 != 0x5\nx_test.c:9: error: Failure!\n", false);

    struct jbuf b;
    jbuf_init(&b);
    struct junit_info info = {.timestamp = "2024-01-02T03:04:05", .seed = "42", .seconds = 1.5};
    junit_render(&b, &m, &info);
    const char *x = b.s;
    assert_non_null(strstr(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"racetest\" tests=\"5\" "
                              "failures=\"2\" errors=\"1\" skipped=\"1\""));
    assert_non_null(strstr(x, "<testsuite name=\"t/x_test.c\" tests=\"5\" failures=\"2\" errors=\"1\" skipped=\"1\""));
    assert_non_null(strstr(x, "<testcase name=\"test_race\" classname=\"t/x_test.c\""));
    assert_non_null(strstr(x, "<failure type=\"DataRace\" message=\"data race t/x.c:7 in worker\">"
                              "WARNING: DATA RACE &lt;report&gt; ]]&gt;\nseen in 2 of 4 runs"));
    assert_non_null(strstr(x, "<property name=\"races\" value=\"2\"/>"));
    assert_non_null(strstr(x, "<property name=\"seed\" value=\"42\"/>"));
    assert_non_null(strstr(x, "<error type=\"Crash\" message=\"test crashed: signal 6\">--- crashed (run 3)\n"));
    assert_non_null(strstr(x, "<failure type=\"Failure\" message=\"0x4 != 0x5\">"));
    assert_non_null(strstr(x, "<skipped message=\"skipped in all 4 runs\"/>"));
    /* The passing test has no problem element. */
    const char *pass = strstr(x, "name=\"test_pass\"");
    assert_non_null(pass);
    const char *pass_end = strstr(pass, "</testcase>");
    const char *next_problem = strstr(pass, "<failure");
    assert_true(next_problem > pass_end);
    jbuf_free(&b);
    report_collect_free();
    model_free(&m);
}

static void test_excluded_and_build_failure(void **state)
{
    (void)state;
    struct rt_model m;
    memset(&m, 0, sizeof m);
    struct rt_file *f = model_add_file(&m);
    f->rel = xstrdup("slow_test.c");
    f->excluded = true;
    f->reason = xstrdup("build constraint `!race` excludes it");
    f = model_add_file(&m);
    f->rel = xstrdup("broken_test.c");
    f->build_failed = true;
    f->build_output = xstrdup("broken_test.c:3: error: 'x' undeclared <here>\n");
    struct jbuf b;
    jbuf_init(&b);
    struct junit_info info = {0};
    junit_render(&b, &m, &info);
    assert_non_null(strstr(b.s, "<skipped message=\"build constraint `!race` excludes it\"/>"));
    assert_non_null(strstr(b.s, "<error type=\"BuildFailure\" message=\"build failed\">broken_test.c:3: error: "
                                "'x' undeclared &lt;here&gt;"));
    assert_non_null(strstr(b.s, "tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"1\""));
    jbuf_free(&b);
    model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_markup),
        cmocka_unit_test(test_escape_whitespace),
        cmocka_unit_test(test_escape_controls_and_invalid_utf8),
        cmocka_unit_test(test_render_verdicts),
        cmocka_unit_test(test_excluded_and_build_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
