/*
 * Fuzz target: the runner's reader of the event stream a test process
 * writes (RACETEST_EVENTS_FD): the stream cut into lines as it arrives in
 * reads of any size (runner/suite/event_lines.h), each line parsed as JSON
 * (runner/report/json.h) and its fields read with the bounds the supervisor uses
 * (runner/suite/supervisor.c), race events handed to the aggregator that
 * identifies and records unique races (runner/suite/aggregate.h).
 * Input: byte 0 seeds the read sizes, the rest is the stream.
 * Properties: the lines come out the same whatever the read sizes; a parsed
 * line written back (json_write_value) parses to the same text; the
 * aggregator ends with a valid exit status and frees everything.
 */
#include <limits.h>

#include "runner/suite/event_lines.h"
#include "runner/report/json.h"
#include "runner/suite/aggregate.h"
#include "runner/suite/flags.h"
#include "runner/suite/model.h"
#include "runner/report/output.h"
#include "tests/fuzz/fuzz_util.h"

struct state {
    struct jbuf seen; /* every line, each followed by '\n' */
    struct agg *agg;
    unsigned long lines;
};

static void on_line(void *ctx, const char *line, size_t len)
{
    struct state *st = ctx;
    jbuf_putn(&st->seen, line, len);
    jbuf_puts(&st->seen, "\n");
    st->lines++;
    struct json_doc *doc;
    char why[160];
    const struct jval *ev = json_parse(line, len, &doc, why, sizeof why);
    if (!ev) {
        FUZZ_CHECK(why[0], "a parse error without a reason");
        return;
    }
    struct jbuf once, twice;
    jbuf_init(&once);
    jbuf_init(&twice);
    json_write_value(&once, ev);
    struct json_doc *doc2;
    const struct jval *again = json_parse(once.s, once.len, &doc2, why, sizeof why);
    FUZZ_CHECK(again, "'%s' does not parse back: %s", once.s, why);
    json_write_value(&twice, again);
    FUZZ_CHECK(strcmp(once.s, twice.s) == 0, "'%s' prints back as '%s'", once.s, twice.s);
    json_free(doc2);
    jbuf_free(&once);
    jbuf_free(&twice);

    /* The fields the supervisor reads, with its bounds. */
    const char *kind = json_get_str(ev, "event", "");
    unsigned run = (unsigned)json_get_uint(ev, "run", UINT_MAX, 0);
    (void)json_get_uint(ev, "out", LONG_MAX, (unsigned long long)-1);
    (void)json_get_uint(ev, "races", ULONG_MAX, 0);
    (void)json_get_num(ev, "elapsed", 0);
    (void)json_get_str(ev, "status", "fail");
    (void)json_get_str(ev, "phase", "");
    (void)json_get_str(ev, "group", NULL);
    if (strcmp(kind, "race") == 0 && st->agg->m->nraces < 64) {
        bool is_new;
        size_t race = agg_race_first(st->agg, ev, &is_new);
        FUZZ_CHECK(race < st->agg->m->nraces, "race index %zu of %zu", race, st->agg->m->nraces);
        /* Test 0 has runs 1..3 (the supervisor checks a run against the
         * unit's entry); anything else is seen outside a test. */
        if (run >= 1 && run <= 3)
            agg_race_seen(st->agg, race, 0, 0, run, is_new);
        else
            agg_race_seen(st->agg, race, SIZE_MAX, 0, 0, is_new);
    }
    json_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint32_t rng = data[0] * 2654435761u + 1;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    struct rt_model m = {0};
    struct rt_file *f = model_add_file(&m);
    f->rel = xstrdup("a_test.c");
    f->path = xstrdup("a_test.c");
    f->is_cmocka = true;
    f->first_test = 0;
    f->ntests = 1;
    model_add_test(&m, 0, "", "test_a");
    struct test_opts o;
    test_opts_init(&o);
    o.count = 3;
    struct agg agg;
    agg_init(&agg, &m, &o, &test_output_json);

    struct state st = {.agg = &agg};
    jbuf_init(&st.seen);
    struct event_lines lines;
    event_lines_init(&lines);
    for (size_t at = 0; at < len;) {
        rng = rng * 1103515245u + 12345u;
        size_t n = 1 + (rng >> 16) % 97;
        if (n > len - at)
            n = len - at;
        event_lines_feed(&lines, text + at, n, on_line, &st);
        at += n;
    }
    event_lines_finish(&lines, on_line, &st);
    event_lines_free(&lines);

    /* The same lines as one read gives: the text itself, plus the newline
     * a last line without one lacks. */
    size_t want = len + (len && text[len - 1] != '\n');
    FUZZ_CHECK(st.seen.len == want && memcmp(st.seen.s, text, len) == 0, "the lines differ from the stream");

    int status = agg_finish(&agg, false);
    FUZZ_CHECK(status == 0 || status == 1 || status == 2 || status == 66, "exit status %d", status);
    fflush(stdout);
    jbuf_free(&st.seen);
    model_free(&m);
    return 0;
}
