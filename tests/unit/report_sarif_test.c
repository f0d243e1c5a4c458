/* Unit tests of runner/report/sarif.c: artifact URIs, the structure of a
 * result, and fingerprints that depend only on the racing pair. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "filters/race_key.h"
#include "runner/report/race.h"
#include "runner/report/sarif.h"

static void test_uris(void **state)
{
    (void)state;
    char *u;
    u = sarif_uri("tests/a_test.c", "/repo", "");
    assert_string_equal(u, "tests/a_test.c");
    free(u);
    u = sarif_uri("./tests/a b.c", "/repo/sub", "sub");
    assert_string_equal(u, "sub/tests/a%20b.c");
    free(u);
    u = sarif_uri("/repo/sub/x.c", "/repo/sub", "sub");
    assert_string_equal(u, "sub/x.c");
    free(u);
    /* Run from a subfolder: a file elsewhere in the repository. */
    u = sarif_uri("/repo/src/lib.c", "/repo/tests/unit", "tests/unit");
    assert_string_equal(u, "src/lib.c");
    free(u);
    u = sarif_uri("/repository/x.c", "/repo/sub", "sub");
    assert_string_equal(u, "file:///repository/x.c");
    free(u);
    u = sarif_uri("/usr/include/stdio.h", "/repo", "");
    assert_string_equal(u, "file:///usr/include/stdio.h");
    free(u);
    assert_null(sarif_uri("", "/repo", ""));
}

static void add_race(struct rt_model *m, const char *a, unsigned la, const char *b, unsigned lb, const char *report)
{
    struct rt_race *r = model_add_race(m);
    r->accesses_json = xasprintf("[{\"kind\":\"write\",\"thread\":\"thread T1\",\"stack\":[{\"func\":\"%s\","
                                 "\"file\":\"src/c.c\",\"line\":%u},{\"func\":\"start\",\"file\":\"src/m.c\","
                                 "\"line\":3}]},{\"kind\":\"read\",\"thread\":\"main thread\",\"stack\":[{\"func\":"
                                 "\"%s\",\"file\":\"src/c.c\",\"line\":%u}]}]",
                                 a, la, b, lb);
    race_key_frame fa = {a, "src/c.c", la}, fb = {b, "src/c.c", lb};
    size_t n = race_key(&fa, &fb, NULL, 0, NULL);
    r->key = xcalloc(n + 1, 1);
    race_key(&fa, &fb, r->key, n + 1, &r->hash);
    r->report = xstrdup(report);
}

static void test_result_structure(void **state)
{
    (void)state;
    struct rt_model m;
    memset(&m, 0, sizeof m);
    struct rt_file *f = model_add_file(&m);
    f->rel = xstrdup("t/x_test.c");
    struct rt_test *t = model_add_test(&m, 0, "g", "test_x");
    t->done = 10;
    m.files[0].ntests = 1;
    add_race(&m, "worker", 7, "bump", 9,
             "WARNING: DATA RACE\nLocation is global 'counter' of size 4 at 0x10 (x+0x10)\n\xff bad byte\n");
    race_seen_add(&m.races[0], 0, 0, 3);

    struct race_info ri;
    race_info_get(&m.races[0], &ri);
    assert_string_equal(ri.title, "data race src/c.c:7 in worker");
    assert_string_equal(ri.location, "global 'counter'");
    assert_int_equal(ri.nacc, 2);
    assert_int_equal(ri.acc[0].nframes, 2);
    race_info_free(&ri);

    struct jbuf b;
    jbuf_init(&b);
    struct sarif_info si = {.cwd = "/repo", .repo_prefix = "sub"};
    sarif_render(&b, &m, &si);
    struct json_doc *doc;
    char err[128];
    const struct jval *root = json_parse(b.s, b.len, &doc, err, sizeof err);
    assert_non_null(root);
    assert_string_equal(json_get_str(root, "version", ""), "2.1.0");
    assert_non_null(strstr(json_get_str(root, "$schema", ""), "sarif-schema-2.1.0.json"));
    const struct jval *run = json_get(root, "runs")->items[0];
    const struct jval *driver = json_get(json_get(run, "tool"), "driver");
    assert_string_equal(json_get_str(driver, "name", ""), "racetest");
    const struct jval *rule = json_get(driver, "rules")->items[0];
    assert_string_equal(json_get_str(rule, "id", ""), "data-race");
    assert_non_null(json_get(json_get(rule, "help"), "text"));
    const struct jval *res = json_get(run, "results")->items[0];
    assert_string_equal(json_get_str(res, "ruleId", ""), "data-race");
    const char *msg = json_get_str(json_get(res, "message"), "text", "");
    assert_non_null(strstr(msg, "Data race on global 'counter': write by thread T1 at src/c.c:7 in worker; "
                                "previous read by main thread at src/c.c:9 in bump."));
    assert_non_null(strstr(msg, "Seen in 1 of 10 runs of t/x_test.c/test_x (first: run 3)."));
    assert_non_null(strstr(msg, "racetest -run '^test_x$' -count=10 t/x_test.c"));
    const struct jval *locs = json_get(res, "locations");
    assert_int_equal(locs->n, 2);
    const struct jval *pl = json_get(locs->items[0], "physicalLocation");
    assert_string_equal(json_get_str(json_get(pl, "artifactLocation"), "uri", ""), "sub/src/c.c");
    assert_int_equal((int)json_get_num(json_get(pl, "region"), "startLine", 0), 7);
    const struct jval *flows = json_get(json_get(res, "codeFlows")->items[0], "threadFlows");
    assert_int_equal(flows->n, 2);
    const struct jval *tf0 = json_get(flows->items[0], "locations");
    assert_int_equal(tf0->n, 2); /* outermost first: start, then worker */
    assert_string_equal(json_get_str(json_get(json_get(tf0->items[1], "location"), "message"), "text", ""),
                        "worker (racing access)");
    char want[32];
    snprintf(want, sizeof want, "%016llx", (unsigned long long)m.races[0].hash);
    assert_string_equal(json_get_str(json_get(res, "partialFingerprints"), "racetest/v1", ""), want);
    json_free(doc);
    jbuf_free(&b);
    model_free(&m);
}

static void test_fingerprint_is_the_pair(void **state)
{
    (void)state;
    /* The same pair seen in the other order, in another report text, is the
     * same alert; another line is another alert. */
    struct rt_model m;
    memset(&m, 0, sizeof m);
    add_race(&m, "worker", 7, "bump", 9, "one");
    add_race(&m, "bump", 9, "worker", 7, "two");
    add_race(&m, "worker", 8, "bump", 9, "three");
    assert_true(m.races[0].hash == m.races[1].hash);
    assert_true(m.races[0].hash != m.races[2].hash);
    assert_true(m.races[0].hash == race_key_hash(m.races[0].key, strlen(m.races[0].key)));
    model_free(&m);
}

static void test_no_races(void **state)
{
    (void)state;
    struct rt_model m;
    memset(&m, 0, sizeof m);
    struct jbuf b;
    jbuf_init(&b);
    struct sarif_info si = {.cwd = "/repo", .repo_prefix = ""};
    sarif_render(&b, &m, &si);
    struct json_doc *doc;
    const struct jval *root = json_parse(b.s, b.len, &doc, NULL, 0);
    assert_non_null(root);
    assert_int_equal(json_get(json_get(root, "runs")->items[0], "results")->n, 0);
    json_free(doc);
    jbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uris),
        cmocka_unit_test(test_result_structure),
        cmocka_unit_test(test_fingerprint_is_the_pair),
        cmocka_unit_test(test_no_races),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
