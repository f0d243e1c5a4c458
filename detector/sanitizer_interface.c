/*
 * sanitizer_interface.c — the rest of the public interface a program built
 * with -fsanitize=thread may call (clang's <sanitizer/tsan_interface.h>,
 * <sanitizer/common_interface_defs.h>, <sanitizer/allocator_interface.h>),
 * so that it links and behaves with racetest too. `racetest cc` defines
 * __SANITIZE_THREAD__ and __has_feature(thread_sanitizer) as the
 * compilers' -fsanitize=thread does, so code guarded by them calls these.
 *
 * - The external race detection API: a library that is not instrumented
 *   declares its objects' logical reads and writes (a one-byte access at
 *   the object's address, at the library user's pc). Tags are registered
 *   and accepted; reports do not name them.
 * - The user's hooks __tsan_on_initialize and __tsan_on_finalize, called
 *   when defined (init.c), and __sanitizer_set_death_callback's, called
 *   by rt_fatal.
 * - Reports: __sanitizer_set_report_path/_fd redirect the log as log_path
 *   does; __sanitizer_print_stack_trace and
 *   __sanitizer_report_error_summary write to it.
 * - Unaligned loads and stores, checked as accesses of the caller.
 * - The allocator's queries, answered from the heap-block registry and
 *   glibc's statistics.
 * Not provided: symbolization by format string (__sanitizer_symbolize_pc),
 * malloc/free hooks, coverage.
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "access.h"
#include "heap_block.h"
#include "report.h"
#include "report_text.h"
#include "sanitizer_interface.h"
#include "stack_capture.h"
#include "thread.h"

/* ---- external race detection -------------------------------------------- */

#define EXTERNAL_TAGS 64
static const char *tag_names[EXTERNAL_TAGS];
static unsigned tag_count;

void *__tsan_external_register_tag(const char *object_type)
{
    unsigned id = __atomic_fetch_add(&tag_count, 1, __ATOMIC_RELAXED);
    if (id < EXTERNAL_TAGS)
        tag_names[id] = object_type;
    return (void *)(uptr)(id + 1);
}

void __tsan_external_register_header(void *tag, const char *header)
{
    (void)tag, (void)header;
}

void __tsan_external_assign_tag(void *addr, void *tag)
{
    (void)addr, (void)tag;
}

/* The access is the library user's, at caller_pc. A library that is
 * instrumented for calls (clang keeps a no_sanitize function's entry hook)
 * has pushed that pc as its own frame's call site already: the access is
 * then at the library's pc (`lib_pc`), under it. */
static void external_access(void *addr, uptr caller_pc, uptr lib_pc, bool is_write)
{
    struct rt_thread *t = cur_thread();
    uptr pc = caller_pc;
    if (!pc || (t->depth && t->depth <= SHADOW_STACK_MAX && t->stack[t->depth - 1] == pc))
        pc = lib_pc;
    access_granule(t, (uptr)addr, 1, is_write, false, pc);
}

void __tsan_external_read(void *addr, void *caller_pc, void *tag)
{
    (void)tag;
    external_access(addr, (uptr)caller_pc, CALLER_PC(), false);
}

void __tsan_external_write(void *addr, void *caller_pc, void *tag)
{
    (void)tag;
    external_access(addr, (uptr)caller_pc, CALLER_PC(), true);
}

/* Best effort, as TSan says: the runtime's memory is its history, which
 * reports need. */
void __tsan_flush_memory(void) {}

/* ---- hooks -------------------------------------------------------------- */

void __tsan_on_initialize(void) __attribute__((weak));
int __tsan_on_finalize(int failed) __attribute__((weak));

void sanitizer_on_initialize(void)
{
    if (__tsan_on_initialize)
        __tsan_on_initialize();
}

int sanitizer_on_finalize(int status)
{
    if (__tsan_on_finalize && !__tsan_on_finalize(status >= 0))
        return -1;
    return status;
}

void __sanitizer_set_death_callback(void (*callback)(void))
{
    __atomic_store_n(&rt_death_callback, callback, __ATOMIC_RELEASE);
}

int __sanitizer_acquire_crash_state(void)
{
    static int taken;
    return !__atomic_exchange_n(&taken, 1, __ATOMIC_ACQ_REL);
}

/* ---- reports ------------------------------------------------------------ */

void __sanitizer_set_report_path(const char *path)
{
    report_set_log(path && *path ? path : "stderr", -1);
}

void __sanitizer_set_report_fd(void *fd)
{
    report_set_log(NULL, (int)(uptr)fd);
}

void __sanitizer_print_stack_trace(void)
{
    struct rt_thread *t = cur_thread();
    uptr pcs[64];
    unsigned n = stack_capture(t, CALLER_PC(), pcs, 64);
    report_enter(t);
    struct stack *s = rt_alloc(sizeof *s);
    symbolize_stack(pcs, n, s);
    struct buf b = {0};
    print_stack(&b, s);
    report_write(b.p, b.len);
    rt_free(b.p);
    rt_free(s);
    report_leave(t);
}

void __sanitizer_report_error_summary(const char *error_summary)
{
    struct rt_thread *t = cur_thread();
    report_enter(t);
    struct buf b = {0};
    bprintf(&b, "SUMMARY: %s\n", error_summary ? error_summary : "");
    report_write(b.p, b.len);
    rt_free(b.p);
    report_leave(t);
}

/* ---- unaligned loads and stores ----------------------------------------- */

#define UNALIGNED(bits)                                                                        \
    uint##bits##_t __sanitizer_unaligned_load##bits(const void *p)                            \
    {                                                                                          \
        access_range(cur_thread(), (uptr)p, bits / 8, false, false, CALLER_PC());              \
        uint##bits##_t v;                                                                      \
        __builtin_memcpy(&v, p, sizeof v);                                                     \
        return v;                                                                              \
    }                                                                                          \
    void __sanitizer_unaligned_store##bits(void *p, uint##bits##_t x)                         \
    {                                                                                          \
        access_range(cur_thread(), (uptr)p, bits / 8, true, false, CALLER_PC());               \
        __builtin_memcpy(p, &x, sizeof x);                                                     \
    }
UNALIGNED(16)
UNALIGNED(32)
UNALIGNED(64)

/* ---- the allocator ------------------------------------------------------ */

size_t __sanitizer_get_estimated_allocated_size(size_t size)
{
    return size;
}

int __sanitizer_get_ownership(const volatile void *p)
{
    struct heap_block b;
    return p && heap_block_find((uptr)p, &b) && b.start == (uptr)p;
}

size_t __sanitizer_get_allocated_size(const volatile void *p)
{
    struct heap_block b;
    return p && heap_block_find((uptr)p, &b) && b.start == (uptr)p ? b.size : 0;
}

size_t __sanitizer_get_current_allocated_bytes(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

size_t __sanitizer_get_heap_size(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.arena + m.hblkhd;
}

size_t __sanitizer_get_free_bytes(void)
{
    return mallinfo2().fordblks;
}

size_t __sanitizer_get_unmapped_bytes(void)
{
    return 0;
}
