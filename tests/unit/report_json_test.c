/* Unit tests of runner/report/json.c: escaping on the way out, parsing (and
 * rejecting) on the way in, and a round trip. */
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
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
    /* Invalid UTF-8 becomes U+FFFD (as Go's test2json), valid stays. */
    jbuf_reset(&b);
    jbuf_str(&b, "a\xff\xc3\xa9\xe2\x82z\xed\xa0\x80");
    assert_string_equal(b.s, "\"a\xef\xbf\xbd\xc3\xa9\xef\xbf\xbd\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
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

/* Found by tests/fuzz/events.c: 1e400 parsed to infinity, which the writer
 * converted to long long (undefined) and would print as "inf", not JSON.
 * Now it is an error; large finite numbers still round-trip. */
static void test_number_range(void **state)
{
    (void)state;
    struct json_doc *doc;
    char err[64];
    assert_null(json_parse("[1e400]", 7, &doc, err, sizeof err));
    assert_non_null(strstr(err, "out of range"));
    assert_null(json_parse("-1e999", 6, &doc, err, sizeof err));
    const struct jval *v = json_parse("[1e300,-9e15,9007199254740993]", 30, &doc, err, sizeof err);
    assert_non_null(v);
    struct jbuf b;
    jbuf_init(&b);
    json_write_value(&b, v);
    assert_string_equal(b.s, "[1.0000000000000001e+300,-9000000000000000,9007199254740992]");
    jbuf_free(&b);
    json_free(doc);
}

/* Numbers from an event stream are read in range, never converted out of
 * it (undefined behaviour): 2^64 passed a check against (double)ULLONG_MAX,
 * which rounds up to it. */
static void test_get_uint(void **state)
{
    (void)state;
    const char *text = "{\"neg\":-1,\"frac\":2.5,\"big\":1e300,\"two64\":18446744073709551616,"
                       "\"u32\":4294967295,\"over\":4294967296,\"str\":\"7\"}";
    struct json_doc *doc;
    const struct jval *v = json_parse(text, strlen(text), &doc, NULL, 0);
    assert_non_null(v);
    assert_int_equal(json_get_uint(v, "neg", ULLONG_MAX, 9), 9);
    assert_int_equal(json_get_uint(v, "frac", 10, 9), 2);
    assert_int_equal(json_get_uint(v, "big", ULLONG_MAX, 9), 9);
    assert_int_equal(json_get_uint(v, "two64", ULLONG_MAX, 9), 9);
    assert_int_equal(json_get_uint(v, "u32", UINT_MAX, 9), UINT_MAX);
    assert_int_equal(json_get_uint(v, "over", UINT_MAX, 9), 9);
    assert_int_equal(json_get_uint(v, "str", 10, 9), 9);
    assert_int_equal(json_get_uint(v, "missing", 10, 9), 9);
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
        cmocka_unit_test(test_number_range),
        cmocka_unit_test(test_get_uint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
