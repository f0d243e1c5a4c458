/*
 * thread_leak.c — the thread-leak reports (see thread_leak.h).
 */
#include <stdio.h>

#include "options.h"
#include "report_text.h"
#include "thread.h"
#include "thread_leak.h"

/* One report per creation site: a loop that leaks a thread per iteration
 * is one leak, counted as often as it happened. */
static void report_leak(const struct thread_record *r, void *arg)
{
    struct rt_thread *t = arg;
    report_enter(t);
    struct stack *s = rt_alloc(sizeof *s);
    symbolize_stack(r->create_stack, r->create_depth, s);
    char key[300];
    report_location_key(key, sizeof key, s, r->create_depth ? r->create_stack[0] : 0);
    /* The creation stack as the report shows it: the creating call first. */
    struct stack *creator = rt_alloc(sizeof *creator);
    creator->n = 1;
    creator->f[0] = (struct frame){0};
    snprintf(creator->f[0].func, sizeof creator->f[0].func, "%s", thread_creator(r));
    const struct stack *shown[] = {creator, s};
    if (!report_seen(REPORT_THREAD_LEAK, key) &&
        !report_suppressed(REPORT_THREAD_LEAK, key, shown, 2, 0)) {
        char thr[64];
        thread_name(thr, sizeof thr, r->uid);
        struct buf b = {0}, j = {0};
        report_open(&b, REPORT_THREAD_LEAK);
        bprintf(&b, "Thread T%llu finished and was never joined nor detached.\n",
                (unsigned long long)r->uid);
        describe_thread(&b, r->uid);
        json_access(&j, true, "creation of a thread never joined", thr, s);
        report_emit(REPORT_THREAD_LEAK, key, &b, &j);
    }
    rt_free(creator);
    rt_free(s);
    report_leave(t);
}

void thread_leak_check(void)
{
    if (rt_opts.report_thread_leaks)
        thread_for_each_leaked(report_leak, cur_thread());
}
