/*
 * Fuzz target: build-constraint expressions (filters/build_constraint.h).
 *
 * Input: byte 0 picks the grammar (even: //racetest:build EXPR, odd: the
 * arguments of a legacy // +build line), the rest is the text. Properties:
 * a parse either succeeds or fails with a message; a parsed constraint
 * prints (constraint_format) to text that parses back to a constraint that
 * prints the same and evaluates the same under every tag set tried.
 */
#include "filters/build_constraint.h"
#include "tests/fuzz/fuzz_util.h"

static void eval_under(const constraint *a, const constraint *b, const build_tags *tags)
{
    FUZZ_CHECK(constraint_eval(a, tags) == constraint_eval(b, tags), "round trip changed the verdict");
    char buf[256];
    constraint_explain(a, tags, buf, sizeof buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int legacy = data[0] & 1;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    filter_origin origin = {.path = "fuzz_test.c", .line = 3, .column = 17};
    filter_error err = {0};
    constraint *c = NULL;
    int rc = legacy ? constraint_parse_plus_build(text, len, &origin, &c, &err)
                    : constraint_parse(text, len, &origin, &c, &err);
    if (rc != 0) {
        FUZZ_CHECK(c == NULL, "a failed parse returned a constraint");
        FUZZ_CHECK_MESSAGE(err.msg);
        return 0;
    }
    size_t n = constraint_format(c, NULL, 0);
    char *printed = malloc(n + 1);
    constraint_format(c, printed, n + 1);
    constraint *back = NULL;
    rc = constraint_parse(printed, n, NULL, &back, &err);
    FUZZ_CHECK(rc == 0, "'%s' does not parse back: %s", printed, err.msg);
    size_t n2 = constraint_format(back, NULL, 0);
    char *again = malloc(n2 + 1);
    constraint_format(back, again, n2 + 1);
    FUZZ_CHECK(strcmp(printed, again) == 0, "'%s' prints back as '%s'", printed, again);

    /* Tag sets: none, the host's, and the words of the input itself. */
    build_tags tags = {0};
    eval_under(c, back, &tags);
    build_tags_add_host(&tags, true, &err);
    eval_under(c, back, &tags);
    build_tags mine = {0};
    char *list = fuzz_cstr((const uint8_t *)text, len);
    build_tags_add_list(&mine, list, &err); /* stops at the first bad name */
    eval_under(c, back, &mine);
    char tbuf[128];
    build_tags_format(&mine, tbuf, sizeof tbuf);

    free(list);
    build_tags_free(&mine);
    build_tags_free(&tags);
    constraint_free(back);
    constraint_free(c);
    free(again);
    free(printed);
    return 0;
}
