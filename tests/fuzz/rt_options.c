/*
 * Fuzz target: RACETEST_OPTIONS as the detector runtime parses it, inside
 * the user's program before main (detector/options.c and the scheduler's
 * keys, scheduler_fuzz/sched_options.c), compiled with the runtime's flags
 * (mk/fuzz.mk). The input is the variable's value. Properties: no crash,
 * and whatever is accepted stays in range (exitcode 0..255, history_size
 * 0..7, strings NUL-terminated within their fields). Warnings go to stderr,
 * which `make fuzz` closes (-close_fd_mask).
 */
#include "detector/options.h"
#include "scheduler_fuzz/sched_options.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct rt_options defaults;
    static int saved;
    if (!saved) {
        defaults = rt_opts;
        saved = 1;
    }
    rt_opts = defaults;
    char *text = fuzz_cstr(data, size);
    options_parse(text);
    FUZZ_CHECK(rt_opts.exitcode >= 0 && rt_opts.exitcode <= 255, "exitcode %d", rt_opts.exitcode);
    FUZZ_CHECK(rt_opts.history_size >= 0 && rt_opts.history_size <= 7, "history_size %d",
               rt_opts.history_size);
    FUZZ_CHECK(memchr(rt_opts.log_path, 0, sizeof rt_opts.log_path) &&
                   memchr(rt_opts.strip_path_prefix, 0, sizeof rt_opts.strip_path_prefix) &&
                   memchr(rt_opts.suppressions, 0, sizeof rt_opts.suppressions),
               "a string option lost its terminator");

    /* The scheduler's parser alone, on the input read as key=value. */
    char *eq = strchr(text, '=');
    if (eq) {
        *eq = '\0';
        struct sched_config c = SCHED_CONFIG_DEFAULTS, before = c;
        const char *expected = NULL;
        enum sched_option_result r = sched_config_set(&c, text, eq + 1, &expected);
        if (r == SCHED_OPTION_BAD)
            FUZZ_CHECK(expected && *expected && memcmp(&c, &before, sizeof c) == 0,
                       "a bad value changed the config or gave no expectation");
        if (r == SCHED_OPTION_SET)
            FUZZ_CHECK(c.prob >= 0 && c.prob <= 1 && c.starve_prob <= 1 && c.lag_prob <= 1 && c.budget <= 1 &&
                           c.pct_depth >= 1 && c.pct_depth <= 64,
                       "a value out of range was accepted");
    }
    free(text);
    return 0;
}
