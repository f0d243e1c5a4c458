/*
 * Fuzz target: -run/-skip patterns (filters/test_pattern.h over
 * filters/pattern.h). Input: the regex, a NUL byte, then test ids
 * separated by newlines, each FILE, a tab, TEST (no tab: the whole line is
 * TEST of a_test.c); ids may be invalid UTF-8. Properties: compiling fails
 * with a message naming the flag or gives a pattern that matches each id
 * with 1, 0 or an error with a message; test_pattern_selects agrees with
 * the two matches it combines.
 */
#include "filters/test_pattern.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *regex = fuzz_take(&data, &size, 0);
    filter_error err = {0};
    test_pattern *run = NULL, *skip = NULL;
    if (test_pattern_compile("-run", regex, &run, &err) != 0) {
        FUZZ_CHECK(run == NULL, "a failed compile returned a pattern");
        FUZZ_CHECK_MESSAGE(err.msg);
        FUZZ_CHECK(strncmp(err.msg, "-run: ", 6) == 0, "error does not name the flag: %s", err.msg);
        free(regex);
        return 0;
    }
    FUZZ_CHECK(test_pattern_compile("-skip", "_slow$", &skip, &err) == 0, "%s", err.msg);
    for (int names = 0; size > 0 && names < 16; names++) {
        char *line = fuzz_take(&data, &size, '\n');
        char *tab = strchr(line, '\t');
        const char *file = "a_test.c", *test = line;
        if (tab) {
            *tab = 0;
            file = line;
            test = tab + 1;
        }
        int m = test_pattern_match(run, file, test, &err);
        FUZZ_CHECK(m >= -1 && m <= 1, "match gave %d", m);
        if (m < 0)
            FUZZ_CHECK_MESSAGE(err.msg);
        int s = test_pattern_match(skip, file, test, &err);
        int sel = test_pattern_selects(run, skip, file, test, &err);
        if (m >= 0 && s >= 0)
            FUZZ_CHECK(sel == (m && !s), "selects %d, match %d, skip %d", sel, m, s);
        free(line);
    }
    test_pattern_free(skip);
    test_pattern_free(run);
    free(regex);
    return 0;
}
