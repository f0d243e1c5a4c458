/*
 * report_text.h — what every kind of report is made of (report.c): a text
 * buffer, symbolized stacks, thread and mutex descriptions, and the one
 * path by which a report other than a data race (lock-order inversion,
 * mutex misuse, thread leak, signal-unsafe call) is deduplicated,
 * suppressed, counted, printed and sent on the event stream.
 *
 * Report path only. Everything between report_enter and report_leave runs
 * under the report lock with the calling thread's interceptors in
 * pass-through mode; the composing helpers may be called only there.
 */
#ifndef RT_REPORT_TEXT_H
#define RT_REPORT_TEXT_H

#include "rt_defs.h"
#include "symbolize.h"
#include "trace.h"

struct rt_thread;
struct thread_record;

/* A growable text buffer on the runtime allocator (free b.p with rt_free). */
struct buf {
    char *p;
    size_t len, cap;
};

__attribute__((format(printf, 2, 3))) void bprintf(struct buf *b, const char *fmt, ...);
void json_string(struct buf *b, const char *s);
/* pcs[0] is the call site, the rest return addresses; runtime frames are
 * dropped. */
void symbolize_stack(const uptr *pcs, unsigned npcs, struct stack *s);
void print_stack(struct buf *b, const struct stack *s);
void json_stack(struct buf *b, const struct stack *s);
/* "main thread" or "thread T<uid>". */
void thread_name(char *out, size_t cap, u64 uid);
/* The call that started the thread, its creation stack's first frame:
 * "pthread_create", "timer_create", "__tsan_create_fiber", ... */
const char *thread_creator(const struct thread_record *r);
/* "Thread T<uid> (running) created at:" and its stack (nothing for main). */
void describe_thread(struct buf *b, u64 uid);
/* A report's identity part for stack s (pcs[0] = pc): "file:line" of its
 * top frame, or the pc without line information. */
void report_location_key(char *out, size_t cap, const struct stack *s, uptr pc);
/* One element of a report's "accesses" array: {"kind","thread","stack"}
 * (first: no comma before it). */
void json_access(struct buf *j, bool first, const char *kind, const char *thread,
                 const struct stack *s);

/* The locks named in a report, each described once after the location. */
struct mutex_list {
    uptr addr[2 * MAX_HELD];
    unsigned n;
};
/* "Mutex M<id> (0x...) created at:" and its stack, for each. */
void describe_mutexes(struct buf *b, const struct mutex_list *m);

/* The report kinds besides data races, with TSan's names. Each has an id
 * on the event stream ("lock-order-inversion") and a warning line
 * ("WARNING: LOCK-ORDER INVERSION (potential deadlock)"), in report.c. */
enum report_kind {
    REPORT_LOCK_ORDER_INVERSION,
    REPORT_MUTEX_DESTROY_LOCKED,
    REPORT_MUTEX_DOUBLE_LOCK,
    REPORT_MUTEX_BAD_UNLOCK,
    REPORT_THREAD_LEAK,
    REPORT_SIGNAL_UNSAFE,
    REPORT_KINDS
};

void report_enter(struct rt_thread *t);
void report_leave(struct rt_thread *t);
/* Whether a report of this kind and key (its identity: source locations,
 * never addresses) was already made by this process; if so it is counted
 * again, as a repeated race is. */
bool report_seen(enum report_kind k, const char *key);
/* Whether the suppressions file covers a new report of this kind and key:
 * an entry of the kind's type (deadlock:, mutex:, thread:, signal:)
 * matches a frame of the stacks the report shows (innermost frame first),
 * or the name or module of the global variable at global (0: none; mutex
 * misuse passes the mutex, whose location TSan matches). A suppressed report is counted, once per key, in the
 * "suppressed" line at exit, and must not be made. */
bool report_suppressed(enum report_kind k, const char *key, const struct stack *const *stacks,
                       unsigned nstacks, uptr global);
/* A new report: report_open starts its text (the rule and the warning
 * line); the caller adds the body to text and the elements of its
 * "accesses" (json_access: the stacks the report shows, in the layout of a
 * race's) to accesses; report_emit closes both, counts the report, prints
 * it, sends it on the event stream with its kind and key, honours
 * halt_on_error, and frees both buffers. */
void report_open(struct buf *text, enum report_kind k);
void report_emit(enum report_kind k, const char *key, struct buf *text, struct buf *accesses);

#endif
