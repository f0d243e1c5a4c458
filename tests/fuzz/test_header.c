/*
 * Fuzz target: the header of a *_test.c file (filters/test_file_header.h):
 * //racetest:build, // +build, cflags/ldflags/sources words with quotes,
 * block comments. The input is a whole file. Properties: success gives
 * NULL-terminated word lists, or a failure with a message naming the file;
 * a constraint found prints and parses back.
 */
#include "filters/test_file_header.h"
#include "tests/fuzz/fuzz_util.h"

static void check_words(const word_list *w)
{
    FUZZ_CHECK(w->count == 0 || w->words != NULL, "words missing");
    if (w->words)
        FUZZ_CHECK(w->words[w->count] == NULL, "word list not NULL-terminated");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    test_header h;
    filter_error err = {0};
    if (test_header_parse((const char *)data, size, "dir/fuzz_test.c", &h, &err) != 0) {
        FUZZ_CHECK_MESSAGE(err.msg);
        FUZZ_CHECK(strncmp(err.msg, "dir/fuzz_test.c", 15) == 0, "error does not name the file: %s",
                   err.msg);
        return 0;
    }
    check_words(&h.cflags);
    check_words(&h.ldflags);
    check_words(&h.sources);
    if (h.build) {
        FUZZ_CHECK(h.build_line > 0, "a constraint without its line");
        char buf[8192];
        size_t n = constraint_format(h.build, buf, sizeof buf);
        if (n < sizeof buf) {
            constraint *back = NULL;
            FUZZ_CHECK(constraint_parse(buf, n, NULL, &back, &err) == 0, "'%s' does not parse back: %s",
                       buf, err.msg);
            constraint_free(back);
        }
    }
    test_header_free(&h);
    return 0;
}
