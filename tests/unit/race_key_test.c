/*
 * race_key_test.c — unit tests of filters/race_key: the key text, its order
 * independence, unknown parts, truncation, and hash values pinned to FNV-1a
 * (stored SARIF fingerprints depend on them never changing).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "filters/race_key.h"

/* Checks key(a, b) and key(b, a): same text, same hash, the hash of the
 * text; returns the hash. */
static uint64_t assert_key(const race_key_frame *a, const race_key_frame *b, const char *want)
{
    char ab[256], ba[256];
    uint64_t hash_ab = 0, hash_ba = 1;
    assert_int_equal(race_key(a, b, ab, sizeof ab, &hash_ab), strlen(want));
    assert_int_equal(race_key(b, a, ba, sizeof ba, &hash_ba), strlen(want));
    assert_string_equal(ab, want);
    assert_string_equal(ba, want);
    assert_true(hash_ab == hash_ba);
    assert_true(hash_ab == race_key_hash(want, strlen(want)));
    return hash_ab;
}

static void test_fnv1a_vectors(void **state)
{
    (void)state;
    assert_true(race_key_hash("", 0) == 0xcbf29ce484222325ULL);
    assert_true(race_key_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(race_key_hash("foobar", 6) == 0x85944171f73967e8ULL);
}

static void test_key_is_order_independent(void **state)
{
    (void)state;
    const race_key_frame worker = {"worker", "f.c", 8};
    const race_key_frame main_ = {"main", "f.c", 14};
    uint64_t h = assert_key(&worker, &main_, "f.c:8:worker|f.c:14:main");
    assert_true(h == 0xa649d65c155480dbULL);

    const race_key_frame w = {"worker", "tests/counter_test.c", 14};
    const race_key_frame t = {"test_counter", "tests/counter_test.c", 22};
    h = assert_key(&t, &w, "tests/counter_test.c:14:worker|tests/counter_test.c:22:test_counter");
    assert_true(h == 0xb5514f9e69b980abULL);
}

static void test_sides_are_sorted(void **state)
{
    (void)state;
    /* Lines compare as numbers: 9 before 10 (text order would say 10 < 9). */
    const race_key_frame l9 = {"z", "f.c", 9}, l10 = {"a", "f.c", 10};
    assert_key(&l10, &l9, "f.c:9:z|f.c:10:a");
    /* File first, whatever the lines. */
    const race_key_frame b1 = {"y", "b.c", 1}, a99 = {"x", "a.c", 99};
    assert_key(&b1, &a99, "a.c:99:x|b.c:1:y");
    /* Same place: function name decides. */
    const race_key_frame beta = {"beta", "f.c", 8}, alpha = {"alpha", "f.c", 8};
    assert_key(&beta, &alpha, "f.c:8:alpha|f.c:8:beta");
    /* A race of a function with itself (two threads in worker()). */
    const race_key_frame w = {"worker", "f.c", 8};
    assert_key(&w, &w, "f.c:8:worker|f.c:8:worker");
}

static void test_unknown_parts(void **state)
{
    (void)state;
    const race_key_frame worker = {"worker", "f.c", 8};
    const race_key_frame nothing = {NULL, "", 0};
    const race_key_frame no_file = {"memcpy", NULL, 0};
    /* "?" sorts before letters, so the unknown file comes first. */
    assert_key(&worker, &nothing, "?:0:?|f.c:8:worker");
    assert_key(&worker, &no_file, "?:0:memcpy|f.c:8:worker");
    /* The previous access's stack could not be restored. */
    assert_key(&worker, NULL, "f.c:8:worker|?");
    assert_key(NULL, NULL, "?|?");
}

static void test_different_races_differ(void **state)
{
    (void)state;
    const race_key_frame a = {"worker", "f.c", 8}, b = {"main", "f.c", 14};
    const race_key_frame b2 = {"main", "f.c", 15};
    uint64_t h1, h2;
    race_key(&a, &b, NULL, 0, &h1);
    race_key(&a, &b2, NULL, 0, &h2);
    assert_true(h1 != h2);
}

static void test_truncation_keeps_length_and_hash(void **state)
{
    (void)state;
    const race_key_frame a = {"worker", "f.c", 8}, b = {"main", "f.c", 14};
    const char *want = "f.c:8:worker|f.c:14:main";
    char small[5];
    uint64_t hash = 0;
    assert_int_equal(race_key(&a, &b, small, sizeof small, &hash), strlen(want));
    assert_string_equal(small, "f.c:");
    assert_true(hash == race_key_hash(want, strlen(want)));
    assert_int_equal(race_key(&a, &b, NULL, 0, NULL), strlen(want));
}

static void test_partial_keys(void **state)
{
    (void)state;
    assert_int_equal(race_key_partial("a.c:7:worker|?"), strlen("a.c:7:worker"));
    assert_int_equal(race_key_partial("a.c:7:worker|a.c:8:bump"), 0);
    assert_int_equal(race_key_partial("?|?"), 0);
    assert_int_equal(race_key_partial(""), 0);
    const char *full = "a.c:7:worker|a.c:8:bump";
    assert_true(race_key_has_side(full, "a.c:7:worker", 12));
    assert_true(race_key_has_side(full, "a.c:8:bump", 10));
    assert_false(race_key_has_side(full, "a.c:7:work", 10));
    assert_false(race_key_has_side(full, "c:8:bump", 8));
    assert_false(race_key_has_side("a.c:7:worker|?", "a.c:7:worker", 12));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fnv1a_vectors),
        cmocka_unit_test(test_partial_keys),
        cmocka_unit_test(test_key_is_order_independent),
        cmocka_unit_test(test_sides_are_sorted),
        cmocka_unit_test(test_unknown_parts),
        cmocka_unit_test(test_different_races_differ),
        cmocka_unit_test(test_truncation_keeps_length_and_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
