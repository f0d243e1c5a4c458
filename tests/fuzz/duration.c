/*
 * Fuzz target: Go durations (filters/duration.h), for -timeout and
 * -duration. Properties: text that parses prints (Go's Duration.String) to
 * text that parses back to the same nanoseconds; and any non-negative
 * int64 (the input's first 8 bytes) prints to text that parses back to it.
 */
#include "filters/duration.h"
#include "tests/fuzz/fuzz_util.h"

static void round_trip(int64_t ns)
{
    char buf[64];
    size_t n = duration_format(ns, buf, sizeof buf);
    FUZZ_CHECK(n < sizeof buf, "%lld prints too long", (long long)ns);
    int64_t back = -1;
    filter_error err = {0};
    FUZZ_CHECK(duration_parse("-timeout", buf, &back, &err) == 0, "'%s' does not parse: %s", buf, err.msg);
    FUZZ_CHECK(back == ns, "'%s' parses to %lld, not %lld", buf, (long long)back, (long long)ns);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 8) {
        uint64_t u;
        memcpy(&u, data, 8);
        round_trip((int64_t)(u & (UINT64_MAX >> 1)));
    }
    char *text = fuzz_cstr(data, size);
    int64_t ns = -1;
    filter_error err = {0};
    if (duration_parse("-timeout", text, &ns, &err) == 0) {
        FUZZ_CHECK(ns >= 0, "'%s' parsed to a negative %lld", text, (long long)ns);
        round_trip(ns);
    } else {
        FUZZ_CHECK_MESSAGE(err.msg);
        FUZZ_CHECK(strncmp(err.msg, "-timeout", 8) == 0, "error does not name the flag: %s", err.msg);
    }
    free(text);
    return 0;
}
