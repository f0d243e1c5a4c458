/* Unit tests of detector/vector_clock.c: join, copy, clear, growth, and the
 * shared-clock protocol's growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "detector/vector_clock.h"

static void test_join_takes_entrywise_max(void **state)
{
    (void)state;
    struct vclock a = {0}, b = {0};
    vc_reserve(&a, 3);
    vc_reserve(&b, 5);
    a.e[0] = 5, a.e[1] = 1, a.e[2] = 7;
    b.e[0] = 2, b.e[1] = 9, b.e[4] = 3;
    vc_join(&a, &b);
    assert_int_equal(a.len, 5);
    assert_int_equal(a.e[0], 5);
    assert_int_equal(a.e[1], 9);
    assert_int_equal(a.e[2], 7);
    assert_int_equal(a.e[3], 0);
    assert_int_equal(a.e[4], 3);
    assert_int_equal(vc_get(&a, 4), 3);
    assert_int_equal(vc_get(&a, 100), 0);
    vc_free(&a);
    vc_free(&b);
}

static void test_copy_replaces_and_clear_zeroes(void **state)
{
    (void)state;
    struct vclock a = {0}, b = {0};
    vc_reserve(&a, 4);
    a.e[3] = 42;
    vc_reserve(&b, 2);
    b.e[1] = 7;
    vc_copy(&a, &b);
    assert_int_equal(a.len, 2);
    assert_int_equal(a.e[1], 7);
    /* Entries beyond the new length must read as zero when it grows again. */
    vc_reserve(&a, 4);
    assert_int_equal(a.e[3], 0);
    vc_clear(&a);
    assert_int_equal(a.len, 0);
    assert_int_equal(vc_get(&a, 1), 0);
    vc_free(&a);
    vc_free(&b);
}

static void test_growth_keeps_entries(void **state)
{
    (void)state;
    struct vclock a = {0};
    for (unsigned i = 1; i <= 1000; i++) {
        vc_reserve(&a, i);
        a.e[i - 1] = i;
    }
    for (unsigned i = 0; i < 1000; i++)
        assert_int_equal(a.e[i], i + 1);
    assert_true(a.cap >= 1000);
    vc_free(&a);
}

/* A shared clock grows under its readers: the array a reader loaded
 * before the growth stays readable and keeps the entries it had. */
static void test_shared_growth_keeps_the_old_array_readable(void **state)
{
    (void)state;
    struct vclock shared = {0}, src = {0}, reader = {0};
    vc_reserve(&src, 2);
    src.e[0] = 4, src.e[1] = 9;
    vc_join_into_shared(&shared, &src);
    const u64 *before = shared.e;
    vc_reserve(&src, 100);
    src.e[99] = 7;
    src.e[0] = 2;   /* lower: a join never lowers an entry */
    vc_join_into_shared(&shared, &src);
    assert_ptr_not_equal(shared.e, before);
    assert_int_equal(before[0], 4);
    assert_int_equal(before[1], 9);
    vc_join_from_shared(&reader, &shared);
    assert_int_equal(reader.len, 100);
    assert_int_equal(reader.e[0], 4);
    assert_int_equal(reader.e[1], 9);
    assert_int_equal(reader.e[99], 7);
    vc_clear_shared(&shared);
    assert_int_equal(shared.len, 0);
    vc_join_into_shared(&shared, &src);
    assert_int_equal(shared.e[0], 2);   /* cleared, then released again */
    vc_free(&src);
    vc_free(&reader);
    vc_free(&shared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join_takes_entrywise_max),
        cmocka_unit_test(test_copy_replaces_and_clear_zeroes),
        cmocka_unit_test(test_growth_keeps_entries),
        cmocka_unit_test(test_shared_growth_keeps_the_old_array_readable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
