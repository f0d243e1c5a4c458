/*
 * content_hash_test.c — the build-cache hash (runner/program/content_hash.h):
 * FNV-1a 128 test vectors, and length-prefixed fields that cannot be
 * confused by moving bytes between them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "runner/program/content_hash.h"

static void hex_of(const char *s, char out[33])
{
    struct content_hash c;
    content_hash_init(&c);
    content_hash_bytes(&c, s, __builtin_strlen(s));
    content_hash_hex(&c, out);
}

static void test_fnv1a_128_vectors(void **state)
{
    (void)state;
    char hex[33];
    hex_of("", hex);
    assert_string_equal(hex, "6c62272e07bb014262b821756295c58d");
    hex_of("a", hex);
    assert_string_equal(hex, "d228cb696f1a8caf78912b704e4a8964");
    hex_of("foobar", hex);
    assert_string_equal(hex, "343e1662793c64bf6f0d3597ba446f18");
}

static void test_fields_are_delimited(void **state)
{
    (void)state;
    struct content_hash a, b;
    char ha[33], hb[33];
    content_hash_init(&a);
    content_hash_str(&a, "ab");
    content_hash_str(&a, "c");
    content_hash_init(&b);
    content_hash_str(&b, "a");
    content_hash_str(&b, "bc");
    content_hash_hex(&a, ha);
    content_hash_hex(&b, hb);
    assert_string_not_equal(ha, hb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fnv1a_128_vectors),
        cmocka_unit_test(test_fields_are_delimited),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
