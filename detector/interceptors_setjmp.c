/*
 * interceptors_setjmp.c — longjmp leaves no stale frame on the shadow call
 * stack.
 *
 * A longjmp out of instrumented functions skips their __tsan_func_exit
 * calls, so every later stack of the thread (its reports, the allocation
 * and thread-creation stacks it records) would still show the frames it
 * jumped out of. So each setjmp records, per thread, the shadow stack's
 * depth under the jmp_buf's address, and each longjmp to that jmp_buf
 * unwinds the shadow stack back to it (stack_capture.h: stack_unwind,
 * which logs the skipped exits into the history). This covers the
 * program's own setjmp/longjmp and cmocka's (libcmocka resolves them to
 * the executable's definitions: racetest.dynlist), from any thread; the
 * glue's __racetest_stack_restore then finds nothing left to do.
 *
 * setjmp cannot be wrapped in C: it must return twice, from its caller's
 * frame. Each setjmp entry point is a small assembly stub that calls
 * setjmp_record with the arguments and the caller's stack pointer, then
 * jumps to the real function with the registers and stack it was called
 * with; setjmp_record returns that function's address.
 *
 * Which jmp_bufs are remembered: SETJMP_SLOTS per thread, in TLS (no
 * allocation, usable from signal handlers). A setjmp again into the same
 * jmp_buf replaces its entry; otherwise it takes the entry of a frame that
 * has returned since (its stack pointer lies below the new caller's: the
 * stack grows down), or else the oldest. A longjmp to a jmp_buf not
 * remembered (more live jmp_bufs than slots) leaves the stack as it was.
 */
#include <setjmp.h>

#include "interceptors.h"
#include "signal_unsafe.h"
#include "stack_capture.h"
#include "thread.h"

#define SETJMP_SLOTS 16

struct jmp_record {
    uptr env;        /* the jmp_buf; 0 = free */
    uptr sp;         /* the stack pointer of setjmp's caller */
    unsigned depth;  /* the shadow stack's depth then */
};

static __thread struct jmp_record jmp_records[SETJMP_SLOTS]
    __attribute__((tls_model("initial-exec")));
static __thread unsigned jmp_next __attribute__((tls_model("initial-exec")));

enum setjmp_variant { SJ_SETJMP, SJ__SETJMP, SJ___SIGSETJMP };

/* The real functions, typed loosely: they are only jumped to. */
static void *real_setjmp_fn(enum setjmp_variant v)
{
    static void *real[3];
    static const char *const names[3] = {"setjmp", "_setjmp", "__sigsetjmp"};
    void *p = LOAD(&real[v]);
    if (unlikely(!p)) {
        p = interceptor_resolve(names[v], NULL);
        STORE(&real[v], p);
    }
    return p;
}

void *setjmp_record(uptr env, uptr savemask, uptr sp, enum setjmp_variant v);
void *setjmp_record(uptr env, uptr savemask, uptr sp, enum setjmp_variant v)
{
    (void)savemask;
    struct rt_thread *t = cur_thread();
    if (t) {
        struct jmp_record *slot = NULL;
        for (unsigned i = 0; i < SETJMP_SLOTS && !slot; i++)
            if (jmp_records[i].env == env)
                slot = &jmp_records[i];
        for (unsigned i = 0; i < SETJMP_SLOTS && !slot; i++)
            if (!jmp_records[i].env || jmp_records[i].sp < sp)
                slot = &jmp_records[i];
        if (!slot)
            slot = &jmp_records[jmp_next++ % SETJMP_SLOTS];
        *slot = (struct jmp_record){env, sp, t->depth};
    }
    return real_setjmp_fn(v);
}

/* Each stub: keep the arguments (rdi = env, rsi = savemask) across the
 * call, with the stack 16-byte aligned at it; the caller's stack pointer,
 * once setjmp returns, is the entry one plus the return address. */
#define SETJMP_STUB(name, variant)                                                             \
    __asm__(".text\n"                                                                          \
            ".globl " #name "\n"                                                               \
            ".type " #name ", @function\n" #name ":\n"                                         \
            "    push %rdi\n"                                                                  \
            "    push %rsi\n"                                                                  \
            "    sub $8, %rsp\n"                                                               \
            "    lea 32(%rsp), %rdx\n"                                                         \
            "    mov $" #variant ", %ecx\n"                                                    \
            "    call setjmp_record@PLT\n"                                                     \
            "    add $8, %rsp\n"                                                               \
            "    pop %rsi\n"                                                                   \
            "    pop %rdi\n"                                                                   \
            "    jmp *%rax\n"                                                                  \
            ".size " #name ", .-" #name "\n")

SETJMP_STUB(setjmp, 0);
SETJMP_STUB(_setjmp, 1);
SETJMP_STUB(__sigsetjmp, 2);
_Static_assert(SJ_SETJMP == 0 && SJ__SETJMP == 1 && SJ___SIGSETJMP == 2, "stub variants");

/* Before a longjmp to env: back to the depth its setjmp saw. Records of
 * frames the jump leaves (set deeper than env's) are dropped. */
static void longjmp_unwind(struct __jmp_buf_tag *env)
{
    struct rt_thread *t = cur_thread();
    if (!t || t->ignore)
        return;
    signal_unsafe_leaving_by_jump(t);
    for (unsigned i = 0; i < SETJMP_SLOTS; i++) {
        if (jmp_records[i].env != (uptr)env)
            continue;
        uptr sp = jmp_records[i].sp;
        stack_unwind(t, jmp_records[i].depth);
        for (unsigned k = 0; k < SETJMP_SLOTS; k++)
            if (jmp_records[k].sp < sp)
                jmp_records[k].env = 0;
        return;
    }
}

void longjmp(struct __jmp_buf_tag env[1], int val)
{
    longjmp_unwind(env);
    REAL(longjmp)(env, val);
}

void _longjmp(struct __jmp_buf_tag env[1], int val)
{
    longjmp_unwind(env);
    REAL(_longjmp)(env, val);
}

void siglongjmp(struct __jmp_buf_tag env[1], int val)
{
    longjmp_unwind(env);
    REAL(siglongjmp)(env, val);
}

/* What longjmp and siglongjmp compile to under _FORTIFY_SOURCE. */
void __longjmp_chk(struct __jmp_buf_tag env[1], int val) __attribute__((noreturn));
void __longjmp_chk(struct __jmp_buf_tag env[1], int val)
{
    longjmp_unwind(env);
    REAL(__longjmp_chk)(env, val);
}
