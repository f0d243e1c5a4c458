/* Unit tests of detector/shadow.c: cell encoding, lazy mapping, reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "detector/shadow.h"

static void test_cell_round_trip(void **state)
{
    (void)state;
    shadow_t c = cell_make(0xf0, true, false, 1234, 0x123456789aull);
    assert_int_equal(cell_mask(c), 0xf0);
    assert_true(c & CELL_READ);
    assert_false(c & CELL_ATOMIC);
    assert_int_equal(cell_sid(c), 1234);
    assert_int_equal(cell_epoch(c), 0x123456789aull);
    c = cell_make(0x01, false, true, MAX_SLOTS - 1, EPOCH_MAX);
    assert_int_equal(cell_sid(c), MAX_SLOTS - 1);
    assert_int_equal(cell_epoch(c), EPOCH_MAX);
    assert_true(c & CELL_ATOMIC);
    assert_int_not_equal(c, 0); /* a used cell is never the empty value */
}

static void test_any_user_address_maps(void **state)
{
    (void)state;
    shadow_init();
    int local;
    static int global;
    void *heap = malloc(16);
    uintptr_t addrs[] = {(uintptr_t)&local, (uintptr_t)&global, (uintptr_t)heap,
                         0x1000, (1ull << 47) - 8};
    for (unsigned i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        shadow_t *c = shadow_cells(addrs[i]);
        assert_ptr_not_equal(c, shadow_dummy);
        /* Neighbouring granules get neighbouring cells; a granule's bytes share. */
        assert_ptr_equal(shadow_cells(addrs[i] | 7), c);
        c[0] = 1;
        assert_int_equal(shadow_cells(addrs[i])[0], 1);
        c[0] = 0;
    }
    assert_ptr_equal(shadow_cells(1ull << 47), shadow_dummy);
    free(heap);
}

static void test_reset_clears_exactly_the_range(void **state)
{
    (void)state;
    shadow_init();
    static char buf[1 << 20];
    uintptr_t base = ((uintptr_t)buf + 4095) & ~(uintptr_t)4095;
    size_t len = 512 * 1024; /* large: takes the resident-page path */
    for (uintptr_t a = base - 64; a < base + len + 64; a += 8)
        CELL(shadow_cells(a), 1) = 5;
    shadow_reset(base, len);
    for (uintptr_t a = base; a < base + len; a += 8)
        assert_int_equal(CELL(shadow_cells(a), 1), 0);
    assert_int_equal(CELL(shadow_cells(base - 8), 1), 5);
    assert_int_equal(CELL(shadow_cells(base + len), 1), 5);
    shadow_reset(base - 64, 24); /* small range */
    assert_int_equal(CELL(shadow_cells(base - 64), 1), 0);
    assert_int_equal(CELL(shadow_cells(base - 48), 1), 0);
    assert_int_equal(CELL(shadow_cells(base - 40), 1), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_round_trip),
        cmocka_unit_test(test_any_user_address_maps),
        cmocka_unit_test(test_reset_clears_exactly_the_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
