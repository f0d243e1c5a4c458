/*
 * sched_options_test.c — unit tests of scheduler_fuzz/sched_options: every
 * key with good and bad values; a bad value leaves the configuration as it
 * was and says what was expected.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scheduler_fuzz/sched_options.h"

static enum sched_option_result set(struct sched_config *c, const char *key, const char *value)
{
    const char *expected = NULL;
    enum sched_option_result r = sched_config_set(c, key, value, &expected);
    if (r == SCHED_OPTION_BAD)
        assert_non_null(expected);
    return r;
}

static void test_defaults(void **state)
{
    (void)state;
    struct sched_config c = SCHED_CONFIG_DEFAULTS;
    assert_int_equal(c.mode, SCHED_MODE_OFF);
    assert_false(c.seed_given);
    assert_int_equal(c.affinity, SCHED_AFFINITY_DEFAULT);
    assert_true(c.prob > 0 && c.prob < 1);
    assert_true(c.sleep_us > 0 && c.access_rate > 0);
}

static void test_unknown_keys_are_not_ours(void **state)
{
    (void)state;
    struct sched_config c = SCHED_CONFIG_DEFAULTS;
    assert_int_equal(set(&c, "exitcode", "1"), SCHED_OPTION_UNKNOWN);
    assert_int_equal(set(&c, "schedx", "random"), SCHED_OPTION_UNKNOWN);
    assert_int_equal(set(&c, "sched_", "1"), SCHED_OPTION_UNKNOWN);
}

static void test_mode_and_affinity(void **state)
{
    (void)state;
    struct sched_config c = SCHED_CONFIG_DEFAULTS;
    assert_int_equal(set(&c, "sched", "random"), SCHED_OPTION_SET);
    assert_int_equal(c.mode, SCHED_MODE_RANDOM);
    assert_int_equal(set(&c, "sched", "pct"), SCHED_OPTION_SET);
    assert_int_equal(c.mode, SCHED_MODE_PCT);
    assert_int_equal(set(&c, "sched", "off"), SCHED_OPTION_SET);
    assert_int_equal(c.mode, SCHED_MODE_OFF);
    assert_int_equal(set(&c, "sched", "Random"), SCHED_OPTION_BAD);
    assert_int_equal(set(&c, "sched", ""), SCHED_OPTION_BAD);
    assert_int_equal(c.mode, SCHED_MODE_OFF);

    assert_int_equal(set(&c, "sched_affinity", "one"), SCHED_OPTION_SET);
    assert_int_equal(c.affinity, SCHED_AFFINITY_ONE);
    assert_int_equal(set(&c, "sched_affinity", "random"), SCHED_OPTION_SET);
    assert_int_equal(c.affinity, SCHED_AFFINITY_RANDOM);
    assert_int_equal(set(&c, "sched_affinity", "free"), SCHED_OPTION_SET);
    assert_int_equal(c.affinity, SCHED_AFFINITY_FREE);
    /* The unset state has no name. */
    assert_int_equal(set(&c, "sched_affinity", ""), SCHED_OPTION_BAD);
    assert_int_equal(set(&c, "sched_affinity", "two"), SCHED_OPTION_BAD);
    assert_int_equal(c.affinity, SCHED_AFFINITY_FREE);
}

static void test_seed(void **state)
{
    (void)state;
    struct sched_config c = SCHED_CONFIG_DEFAULTS;
    assert_int_equal(set(&c, "sched_seed", "12345"), SCHED_OPTION_SET);
    assert_true(c.seed_given);
    assert_true(c.seed == 12345);
    assert_int_equal(set(&c, "sched_seed", "0xDEADbeef00000001"), SCHED_OPTION_SET);
    assert_true(c.seed == 0xdeadbeef00000001ull);
    assert_int_equal(set(&c, "sched_seed", "18446744073709551615"), SCHED_OPTION_SET);
    assert_true(c.seed == UINT64_MAX);
    assert_int_equal(set(&c, "sched_seed", "0"), SCHED_OPTION_SET);
    assert_true(c.seed == 0);

    static const char *const bad[] = {"", "0x", "18446744073709551616", "0x10000000000000000",
                                      "-1", "+1", " 1", "1 ", "12a", "0xg", "1e3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        c.seed = 77;
        assert_int_equal(set(&c, "sched_seed", bad[i]), SCHED_OPTION_BAD);
        assert_true(c.seed == 77);
    }
}

/* sched_base is a seed of its own: setting it leaves sched_seed alone. */
static void test_base_seed(void **state)
{
    (void)state;
    struct sched_config c = SCHED_CONFIG_DEFAULTS;
    assert_false(c.base_given);
    assert_int_equal(set(&c, "sched_base", "0x2a"), SCHED_OPTION_SET);
    assert_true(c.base_given && c.base == 42);
    assert_false(c.seed_given);
    assert_int_equal(set(&c, "sched_base", "-3"), SCHED_OPTION_BAD);
    assert_true(c.base == 42);
}

static void test_pct_keys(void **state)
{
    (void)state;
    struct sched_config c = SCHED_CONFIG_DEFAULTS;
    assert_true(c.pct_depth >= 1 && c.pct_steps >= 1);
    assert_int_equal(set(&c, "pct_depth", "1"), SCHED_OPTION_SET);
    assert_int_equal(set(&c, "pct_depth", "64"), SCHED_OPTION_SET);
    assert_true(c.pct_depth == 64);
    assert_int_equal(set(&c, "pct_depth", "0"), SCHED_OPTION_BAD);
    assert_int_equal(set(&c, "pct_depth", "65"), SCHED_OPTION_BAD);
    assert_true(c.pct_depth == 64);
    assert_int_equal(set(&c, "pct_steps", "1000"), SCHED_OPTION_SET);
    assert_true(c.pct_steps == 1000);
    assert_int_equal(set(&c, "pct_steps", "0"), SCHED_OPTION_BAD);
    assert_true(c.pct_steps == 1000);
}

static void test_probabilities(void **state)
{
    (void)state;
    static const char *const keys[] = {"sched_prob", "sched_starve_prob", "sched_lag_prob",
                                       "sched_budget"};
    static const struct {
        const char *text;
        double value;
    } good[] = {{"0", 0}, {"1", 1}, {"0.25", 0.25}, {".5", 0.5}, {"1.0", 1}, {"0.001", 0.001},
                {"00.5", 0.5}};
    static const char *const bad[] = {"", ".", "1.5", "2", "-0.1", "0.5x", "0,5", "1e-3",
                                      "0.5.1"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
            struct sched_config c = SCHED_CONFIG_DEFAULTS;
            assert_int_equal(set(&c, keys[k], good[i].text), SCHED_OPTION_SET);
            double got = !strcmp(keys[k], "sched_prob")          ? c.prob
                         : !strcmp(keys[k], "sched_starve_prob") ? c.starve_prob
                         : !strcmp(keys[k], "sched_lag_prob")    ? c.lag_prob
                                                                 : c.budget;
            assert_true(got > good[i].value - 1e-12 && got < good[i].value + 1e-12);
        }
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            struct sched_config c = SCHED_CONFIG_DEFAULTS, before = c;
            assert_int_equal(set(&c, keys[k], bad[i]), SCHED_OPTION_BAD);
            assert_memory_equal(&c, &before, sizeof c);
        }
    }
}

static void test_integers_and_ranges(void **state)
{
    (void)state;
    struct sched_config c = SCHED_CONFIG_DEFAULTS;
    assert_int_equal(set(&c, "sched_sleep_us", "2500"), SCHED_OPTION_SET);
    assert_true(c.sleep_us == 2500);
    assert_int_equal(set(&c, "sched_sleep_us", "0"), SCHED_OPTION_BAD);
    assert_int_equal(set(&c, "sched_sleep_us", "10000001"), SCHED_OPTION_BAD);
    assert_true(c.sleep_us == 2500);

    assert_int_equal(set(&c, "sched_access_rate", "0"), SCHED_OPTION_SET);
    assert_true(c.access_rate == 0);
    assert_int_equal(set(&c, "sched_access_rate", "0x100"), SCHED_OPTION_SET);
    assert_true(c.access_rate == 256);
    assert_int_equal(set(&c, "sched_access_rate", "-5"), SCHED_OPTION_BAD);

    assert_int_equal(set(&c, "sched_cpus", "1"), SCHED_OPTION_SET);
    assert_true(c.cpus == 1);
    assert_int_equal(set(&c, "sched_cpus", "1025"), SCHED_OPTION_BAD);

    assert_int_equal(set(&c, "sched_starve_us", "200000"), SCHED_OPTION_SET);
    assert_true(c.starve_us == 200000);
    assert_int_equal(set(&c, "sched_budget_us", "0"), SCHED_OPTION_SET);
    assert_true(c.budget_us == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_unknown_keys_are_not_ours),
        cmocka_unit_test(test_mode_and_affinity),
        cmocka_unit_test(test_seed),
        cmocka_unit_test(test_base_seed),
        cmocka_unit_test(test_pct_keys),
        cmocka_unit_test(test_probabilities),
        cmocka_unit_test(test_integers_and_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
