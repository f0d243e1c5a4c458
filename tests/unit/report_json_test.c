/* Unit tests of runner/report/json.c: escaping on the way out, parsing (and
 * rejecting) on the way in, and a round trip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "runner/report/json.h"

static void test_escape(void **state)
{
    (void)state;
    struct jbuf b;
    jbuf_init(&b);
    jbuf_str(&b, "a\"b\\c\nd\te\x01");
    assert_string_equal(b.s, "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    jbuf_reset(&b);
    jbuf_str(&b, NULL);
    assert_string_equal(b.s, "null");
    jbuf_free(&b);
}

static void test_parse_event(void **state)
{
    (void)state;
    const char *line = "{\"event\":\"race\",\"id\":3,\"first\":true,\"test\":\"t\\u00e9st\",\"run\":7,"
                       "\"accesses\":[{\"kind\":\"write\",\"stack\":[{\"func\":\"w\",\"line\":14}]},{}],"
                       "\"x\":null,\"f\":-1.5e1}";
    struct json_doc *doc;
    char err[64];
    const struct jval *v = json_parse(line, strlen(line), &doc, err, sizeof err);
    assert_non_null(v);
    assert_string_equal(json_get_str(v, "event", ""), "race");
    assert_int_equal((int)json_get_num(v, "id", 0), 3);
    assert_true(json_get_bool(v, "first", 0));
    assert_string_equal(json_get_str(v, "test", ""), "t\xc3\xa9st");
    assert_true(json_get_num(v, "f", 0) == -15.0);
    const struct jval *acc = json_get(v, "accesses");
    assert_non_null(acc);
    assert_int_equal(acc->type, J_ARR);
    assert_int_equal(acc->n, 2);
    const struct jval *stack = json_get(acc->items[0], "stack");
    assert_string_equal(json_get_str(stack->items[0], "func", ""), "w");
    assert_string_equal(json_get_str(v, "missing", "dflt"), "dflt");
    assert_int_equal(json_get(v, "x")->type, J_NULL);
    json_free(doc);
}

static void test_reject(void **state)
{
    (void)state;
    const char *bad[] = {"", "{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "{\"a\":1} x", "\"\\q\"", "{\"a\":tru}",
                         "\"abc", "{\"a\":\"x\ny\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct json_doc *doc;
        char err[64];
        assert_null(json_parse(bad[i], strlen(bad[i]), &doc, err, sizeof err));
        assert_null(doc);
        assert_true(strlen(err) > 0);
    }
}

static void test_depth_limit(void **state)
{
    (void)state;
    char deep[400];
    memset(deep, '[', 200);
    memset(deep + 200, ']', 200);
    struct json_doc *doc;
    char err[64];
    assert_null(json_parse(deep, 400, &doc, err, sizeof err));
    assert_non_null(strstr(err, "deep"));
}

static void test_round_trip(void **state)
{
    (void)state;
    const char *text = "{\"a\":[1,2.5,\"x\\\"y\",true,false,null],\"b\":{}}";
    struct json_doc *doc;
    const struct jval *v = json_parse(text, strlen(text), &doc, NULL, 0);
    assert_non_null(v);
    struct jbuf b;
    jbuf_init(&b);
    json_write_value(&b, v);
    assert_string_equal(b.s, text);
    jbuf_free(&b);
    json_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_parse_event),
        cmocka_unit_test(test_reject),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
