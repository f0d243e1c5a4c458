/*
 * duration_test.c — unit tests of filters/duration: Go's duration syntax
 * and printing. The expected values were produced by Go's
 * time.ParseDuration and Duration.String (go 1.19).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "filters/duration.h"

static void test_parse_like_go(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t ns;
    } cases[] = {
        {"0", INT64_C(0)},
        {"+0", INT64_C(0)},
        {"5s", INT64_C(5000000000)},
        {"+5s", INT64_C(5000000000)},
        {"5.6s", INT64_C(5600000000)},
        {"5.s", INT64_C(5000000000)},
        {".5s", INT64_C(500000000)},
        {"1.004s", INT64_C(1004000000)},
        {"100.00100s", INT64_C(100001000000)},
        {"10ns", INT64_C(10)},
        {"11us", INT64_C(11000)},
        {"12\xc2\xb5s", INT64_C(12000)}, /* µs, micro sign */
        {"12\xce\xbcs", INT64_C(12000)}, /* μs, Greek mu */
        {"13ms", INT64_C(13000000)},
        {"500ms", INT64_C(500000000)},
        {"2s", INT64_C(2000000000)},
        {"1m30s", INT64_C(90000000000)},
        {"10m", INT64_C(600000000000)},
        {"15m", INT64_C(900000000000)},
        {"1h", INT64_C(3600000000000)},
        {"16h", INT64_C(57600000000000)},
        {"1.5h", INT64_C(5400000000000)},
        {"3h30m", INT64_C(12600000000000)},
        {"10.5s4m", INT64_C(250500000000)},
        {"1h2m3s4ms5us6ns", INT64_C(3723004005006)},
        {"39h9m14.425s", INT64_C(140954425000000)},
        {"52763797000ns", INT64_C(52763797000)},
        {"0.3333333333333333333h", INT64_C(1200000000000)},
        {"9007199254740993ns", INT64_C(9007199254740993)},
        {"0.100000000000000000000h", INT64_C(360000000000)},
        {"0.830103483285477580700h", INT64_C(2988372539827)},
        /* The largest duration, written three ways. */
        {"9223372036854775807ns", INT64_MAX},
        {"9223372036854775.807us", INT64_MAX},
        {"9223372036s854ms775us807ns", INT64_MAX},
        {"2562047h47m16.854775807s", INT64_MAX},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t ns = -1;
        filter_error err = {0};
        if (duration_parse("-timeout", cases[i].text, &ns, &err) != 0)
            fail_msg("'%s': %s", cases[i].text, err.msg);
        if (ns != cases[i].ns)
            fail_msg("'%s': got %lld, want %lld", cases[i].text, (long long)ns,
                     (long long)cases[i].ns);
    }
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *msg;
    } cases[] = {
        {"", "-timeout: empty duration (e.g. 10m, 1m30s, 500ms)"},
        {"+", "-timeout: empty duration (e.g. 10m, 1m30s, 500ms)"},
        {"3", "-timeout: missing unit in duration '3' (units: ns, us, ms, s, m, h)"},
        {"1m30", "-timeout: missing unit in duration '1m30' (units: ns, us, ms, s, m, h)"},
        {"1d", "-timeout: unknown unit 'd' in duration '1d' (units: ns, us, ms, s, m, h)"},
        {"10 s", "-timeout: unknown unit ' s' in duration '10 s' (units: ns, us, ms, s, m, h)"},
        {"5S", "-timeout: unknown unit 'S' in duration '5S' (units: ns, us, ms, s, m, h)"},
        {"s", "-timeout: invalid duration 's': expected a number at offset 0"},
        {".", "-timeout: invalid duration '.': expected a number at offset 0"},
        {".s", "-timeout: invalid duration '.s': expected a number at offset 0"},
        {"1s.", "-timeout: invalid duration '1s.': expected a number at offset 2"},
        {"-5s", "-timeout: negative duration '-5s'"},
        {"-0", "-timeout: negative duration '-0'"},
        {"9223372036854775808ns", "-timeout: duration '9223372036854775808ns' is too long "
                                  "(at most 2562047h47m16.854775807s)"},
        {"9223372036854775.808us", "-timeout: duration '9223372036854775.808us' is too long "
                                   "(at most 2562047h47m16.854775807s)"},
        {"9223372036854ms775us808ns", "-timeout: duration '9223372036854ms775us808ns' is too "
                                      "long (at most 2562047h47m16.854775807s)"},
        {"9223372036854s775ms807us", "-timeout: duration '9223372036854s775ms807us' is too "
                                     "long (at most 2562047h47m16.854775807s)"},
        {"99999999999999999999s", "-timeout: duration '99999999999999999999s' is too long "
                                  "(at most 2562047h47m16.854775807s)"},
        {"2562048h", "-timeout: duration '2562048h' is too long (at most "
                     "2562047h47m16.854775807s)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t ns = 42;
        filter_error err = {0};
        assert_int_equal(duration_parse("-timeout", cases[i].text, &ns, &err), -1);
        if (strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("'%s': got \"%s\", want \"%s\"", cases[i].text, err.msg, cases[i].msg);
        assert_true(ns == 42); /* untouched on error */
    }
    filter_error err = {0};
    int64_t ns;
    assert_int_equal(duration_parse("-duration", "1x", &ns, &err), -1);
    assert_int_equal(strncmp(err.msg, "-duration: ", 11), 0);
    assert_int_equal(duration_parse("-timeout", "1s.", &ns, &err), -1);
    assert_int_equal(err.column, 3);
}

static void test_format_like_go(void **state)
{
    (void)state;
    static const struct {
        int64_t ns;
        const char *text;
    } cases[] = {
        {INT64_C(0), "0s"},
        {INT64_C(1), "1ns"},
        {INT64_C(1100), "1.1\xc2\xb5s"},
        {INT64_C(2200000), "2.2ms"},
        {INT64_C(999999999), "999.999999ms"},
        {INT64_C(3300000000), "3.3s"},
        {INT64_C(90000000000), "1m30s"},
        {INT64_C(245000000000), "4m5s"},
        {INT64_C(245001000000), "4m5.001s"},
        {INT64_C(600000000000), "10m0s"},
        {INT64_C(18367001000000), "5h6m7.001s"},
        {INT64_C(480000000001), "8m0.000000001s"},
        {INT64_C(5400000000000), "1h30m0s"},
        {INT64_MAX, "2562047h47m16.854775807s"},
        {INT64_MIN, "-2562047h47m16.854775808s"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        size_t n = duration_format(cases[i].ns, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
        assert_int_equal(n, strlen(cases[i].text));
    }
    char small[4];
    assert_int_equal(duration_format(INT64_C(90000000000), small, sizeof small), 5);
    assert_string_equal(small, "1m3");
}

static void test_round_trip(void **state)
{
    (void)state;
    static const int64_t values[] = {1, 999, 1000, 1500000, DURATION_SECOND, 61 * DURATION_SECOND,
                                     3600 * DURATION_SECOND + 1, INT64_MAX};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char buf[32];
        duration_format(values[i], buf, sizeof buf);
        int64_t ns = -1;
        assert_int_equal(duration_parse("-timeout", buf, &ns, NULL), 0);
        assert_true(ns == values[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_like_go),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_format_like_go),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
