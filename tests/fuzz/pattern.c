/*
 * Fuzz target: -run/-skip patterns (filters/pattern.h). Input: the regex,
 * a NUL byte, then test names separated by newlines (names may be invalid
 * UTF-8). Properties: compiling fails with a message naming the flag or
 * gives a pattern that matches each name with 1, 0 or an error with a
 * message; pattern_selects agrees with the two matches it combines.
 */
#include "filters/pattern.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *regex = fuzz_take(&data, &size, 0);
    filter_error err = {0};
    pattern *run = NULL, *skip = NULL;
    if (pattern_compile("-run", regex, &run, &err) != 0) {
        FUZZ_CHECK(run == NULL, "a failed compile returned a pattern");
        FUZZ_CHECK_MESSAGE(err.msg);
        FUZZ_CHECK(strncmp(err.msg, "-run: ", 6) == 0, "error does not name the flag: %s", err.msg);
        free(regex);
        return 0;
    }
    FUZZ_CHECK(pattern_compile("-skip", "_slow$", &skip, &err) == 0, "%s", err.msg);
    for (int names = 0; size > 0 && names < 16; names++) {
        char *name = fuzz_take(&data, &size, '\n');
        int m = pattern_match(run, name, &err);
        FUZZ_CHECK(m >= -1 && m <= 1, "match gave %d", m);
        if (m < 0)
            FUZZ_CHECK_MESSAGE(err.msg);
        int s = pattern_match(skip, name, &err);
        int sel = pattern_selects(run, skip, name, &err);
        if (m >= 0 && s >= 0)
            FUZZ_CHECK(sel == (m && !s), "selects %d, match %d, skip %d", sel, m, s);
        free(name);
    }
    pattern_free(skip);
    pattern_free(run);
    free(regex);
    return 0;
}
