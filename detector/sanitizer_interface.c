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
 * - Symbolization by format string (__sanitizer_symbolize_pc and
 *   _symbolize_global), with the directives of sanitizer_common's stack
 *   printer that racetest's symbolizer can fill (no column: "%c" is 0).
 * - Unaligned loads and stores, checked as accesses of the caller.
 * - The allocator's queries, answered from the heap-block registry and
 *   glibc's statistics.
 * Not provided: malloc/free hooks, coverage.
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

/* A tag is only told apart from NULL: reports do not name it. */
static unsigned tag_count;

void *__tsan_external_register_tag(const char *object_type)
{
    (void)object_type;
    return (void *)(uptr)__atomic_add_fetch(&tag_count, 1, __ATOMIC_RELAXED);
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

/* ---- symbolization ------------------------------------------------------ */

/* Appends `fmt` rendered for one frame (or, with a NULL frame, one global:
 * name, module, offset) to b. The directives are sanitizer_common's: %p pc,
 * %m module, %o offset in it, %f function, %q offset in the function, %s
 * file, %l line, %c column, %n frame number, %F "in FUNCTION", %S
 * FILE:LINE, %L the location or "(MODULE+OFFSET)", %M "(MODULE+OFFSET)",
 * %g a global's name, %% itself. */
static void render(struct buf *b, const char *fmt, uptr pc, const struct frame *f,
                   const char *global, const char *module, uptr module_offset)
{
    for (const char *c = fmt; *c; c++) {
        if (*c != '%' || !c[1]) {
            bprintf(b, "%c", *c);
            continue;
        }
        switch (*++c) {
        case 'p': bprintf(b, "0x%lx", (unsigned long)pc); break;
        case 'm': bprintf(b, "%s", module); break;
        case 'o': bprintf(b, "0x%lx", (unsigned long)module_offset); break;
        case 'f': bprintf(b, "%s", f ? f->func : ""); break;
        case 'q': bprintf(b, "0x%lx", (unsigned long)(f ? f->offset : 0)); break;
        case 's': bprintf(b, "%s", f ? f->file : ""); break;
        case 'l': bprintf(b, "%d", f ? f->line : 0); break;
        case 'c': bprintf(b, "0"); break;
        case 'n': bprintf(b, "0"); break;
        case 'g': bprintf(b, "%s", global ? global : ""); break;
        case '%': bprintf(b, "%%"); break;
        case 'F':
            if (f && f->func[0])
                bprintf(b, "in %s", f->func);
            break;
        case 'S':
            if (f && f->file[0])
                bprintf(b, "%s:%d", f->file, f->line);
            break;
        case 'L':
            if (f && f->file[0]) {
                bprintf(b, "%s:%d", f->file, f->line);
                break;
            }
            __attribute__((fallthrough));   /* no source location */
        case 'M':
            if (module[0])
                bprintf(b, "(%s+0x%lx)", module, (unsigned long)module_offset);
            else
                bprintf(b, "(<unknown module>)");
            break;
        default: bprintf(b, "%%%c", *c); break;
        }
    }
}

/* Copies the strings of `b` (each followed by its NUL) into out, then the
 * empty string that ends the list, as far as out_size allows: a string
 * that does not fit whole is left out. */
static void put_strings(const struct buf *b, char *out, size_t out_size)
{
    if (!out || !out_size)
        return;
    size_t n = 0;
    for (size_t i = 0; i < b->len;) {
        size_t len = strlen(b->p + i) + 1;
        if (n + len + 1 > out_size)
            break;
        memcpy(out + n, b->p + i, len);
        n += len;
        i += len;
    }
    out[n] = 0;
}

void __sanitizer_symbolize_pc(void *pc, const char *fmt, char *out_buf, size_t out_buf_size)
{
    struct rt_thread *t = cur_thread();
    report_enter(t);
    struct frame *frames = rt_alloc(8 * sizeof *frames);
    /* As in a stack: the pc is a return address, its call the line. */
    unsigned n = symbolize((uptr)pc, true, frames, 8);
    struct buf b = {0};
    for (unsigned i = 0; i < n; i++) {
        size_t start = b.len;
        render(&b, fmt ? fmt : "", (uptr)pc, &frames[i], NULL, frames[i].module,
               frames[i].module_offset);
        if (b.len > start)
            bprintf(&b, "%c", 0);   /* each string with its NUL; empty ones dropped */
    }
    put_strings(&b, out_buf, out_buf_size);
    rt_free(b.p);
    rt_free(frames);
    report_leave(t);
}

void __sanitizer_symbolize_global(void *data_ptr, const char *fmt, char *out_buf,
                                  size_t out_buf_size)
{
    struct rt_thread *t = cur_thread();
    report_enter(t);
    char name[128], module[128];
    uptr start, size, module_offset;
    struct buf b = {0};
    if (symbolize_data((uptr)data_ptr, name, sizeof name, &start, &size, module, sizeof module,
                       &module_offset)) {
        render(&b, fmt ? fmt : "", (uptr)data_ptr, NULL, name, module, module_offset);
        if (b.len)
            bprintf(&b, "%c", 0);
    }
    put_strings(&b, out_buf, out_buf_size);
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
