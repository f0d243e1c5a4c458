/*
 * atomics.c — the __tsan_atomic* ABI: performs each atomic operation and
 * models its memory order.
 *
 * Model: an atomic access is recorded in shadow memory as atomic (atomic vs
 * atomic never races, atomic vs plain does). Release orders publish the
 * thread's clock into the variable's sync object (merging, so release
 * sequences through relaxed read-modify-writes keep working); acquire
 * orders join it. seq_cst is acq_rel: no total order is needed to decide
 * happens-before. Standalone fences (which ThreadSanitizer ignores): a
 * relaxed load collects the clock it could have acquired into the thread's
 * pending fence clock, which a later acquire fence joins; a release fence
 * snapshots the thread's clock, which later relaxed stores publish.
 * The operation itself is always done with seq_cst: stronger than asked,
 * never weaker.
 */
#include "access.h"
#include "sync.h"
#include "thread.h"

enum { MO_RELAXED, MO_CONSUME, MO_ACQUIRE, MO_RELEASE, MO_ACQ_REL, MO_SEQ_CST };

static ALWAYS_INLINE int order(int mo)
{
    /* Bits above the low byte carry HLE / __sync hints. */
    return mo & 0xff;
}
static ALWAYS_INLINE bool is_acquire(int mo)
{
    mo = order(mo);
    return mo == MO_CONSUME || mo == MO_ACQUIRE || mo == MO_ACQ_REL || mo == MO_SEQ_CST;
}
static ALWAYS_INLINE bool is_release(int mo)
{
    mo = order(mo);
    return mo == MO_RELEASE || mo == MO_ACQ_REL || mo == MO_SEQ_CST;
}

static void record(struct rt_thread *t, uptr a, unsigned size, bool is_write, uptr pc)
{
    if ((a & 7) + size <= 8)
        access_granule(t, a, size, is_write, true, pc);
    else
        access_range(t, a, size, is_write, true, pc);
}

/* Before the operation: the release half. */
static void before(struct rt_thread *t, uptr a, int mo, bool writes)
{
    if (!writes)
        return;
    if (is_release(mo)) {
        sync_release(t, a);
    } else if (t->fence_release.len) {
        struct sync_var *v = sync_get(a, true);
        rt_spin_lock(&v->lock);
        vc_join(&v->clock, &t->fence_release);
        rt_spin_unlock(&v->lock);
    }
}

/* After the operation: the acquire half. */
static void after(struct rt_thread *t, uptr a, int mo)
{
    if (is_acquire(mo)) {
        sync_acquire(t, a);
        return;
    }
    struct sync_var *v = sync_get(a, false);
    if (v) {
        rt_spin_lock(&v->lock);
        vc_join(&t->fence_acquire, &v->clock);
        rt_spin_unlock(&v->lock);
    }
}

/* Wraps one atomic operation OP (an expression using `a`), of a variable of
 * `size` bytes that it reads and, if WRITES, writes. */
#define ATOMIC_OP(size, writes, mo, OP)                                                        \
    do {                                                                                       \
        struct rt_thread *t = cur_thread();                                                    \
        if (unlikely(t->ignore))                                                               \
            return (OP);                                                                       \
        uptr pc = CALLER_PC();                                                                 \
        rt_enter(t);                                                                           \
        before(t, (uptr)a, (mo), (writes));                                                    \
        rt_leave(t);                                                                           \
        record(t, (uptr)a, (size), (writes), pc);                                              \
        __typeof__(OP) result_ = (OP);                                                         \
        rt_enter(t);                                                                           \
        after(t, (uptr)a, (mo));                                                               \
        rt_leave(t);                                                                           \
        return result_;                                                                        \
    } while (0)

typedef char a8;
typedef short a16;
typedef int a32;
typedef long a64;
typedef __int128 a128;

/* 8..64-bit operations map onto the compiler's own atomics. */
#define DEFINE_ATOMICS(N, T)                                                                   \
    T __tsan_atomic##N##_load(const volatile T *a, int mo)                                     \
    {                                                                                          \
        ATOMIC_OP(sizeof(T), false, mo, __atomic_load_n(a, __ATOMIC_SEQ_CST));                 \
    }                                                                                          \
    static T store_##N(volatile T *a, T v)                                                     \
    {                                                                                          \
        __atomic_store_n(a, v, __ATOMIC_SEQ_CST);                                              \
        return 0;                                                                              \
    }                                                                                          \
    void __tsan_atomic##N##_store(volatile T *a, T v, int mo)                                  \
    {                                                                                          \
        struct rt_thread *t = cur_thread();                                                    \
        if (unlikely(t->ignore)) {                                                             \
            store_##N(a, v);                                                                   \
            return;                                                                            \
        }                                                                                      \
        uptr pc = CALLER_PC();                                                                 \
        rt_enter(t);                                                                           \
        before(t, (uptr)a, mo, true);                                                          \
        rt_leave(t);                                                                           \
        record(t, (uptr)a, sizeof(T), true, pc);                                               \
        store_##N(a, v);                                                                       \
    }                                                                                          \
    T __tsan_atomic##N##_exchange(volatile T *a, T v, int mo)                                  \
    {                                                                                          \
        ATOMIC_OP(sizeof(T), true, mo, __atomic_exchange_n(a, v, __ATOMIC_SEQ_CST));           \
    }                                                                                          \
    T __tsan_atomic##N##_fetch_add(volatile T *a, T v, int mo)                                 \
    {                                                                                          \
        ATOMIC_OP(sizeof(T), true, mo, __atomic_fetch_add(a, v, __ATOMIC_SEQ_CST));            \
    }                                                                                          \
    T __tsan_atomic##N##_fetch_sub(volatile T *a, T v, int mo)                                 \
    {                                                                                          \
        ATOMIC_OP(sizeof(T), true, mo, __atomic_fetch_sub(a, v, __ATOMIC_SEQ_CST));            \
    }                                                                                          \
    T __tsan_atomic##N##_fetch_and(volatile T *a, T v, int mo)                                 \
    {                                                                                          \
        ATOMIC_OP(sizeof(T), true, mo, __atomic_fetch_and(a, v, __ATOMIC_SEQ_CST));            \
    }                                                                                          \
    T __tsan_atomic##N##_fetch_or(volatile T *a, T v, int mo)                                  \
    {                                                                                          \
        ATOMIC_OP(sizeof(T), true, mo, __atomic_fetch_or(a, v, __ATOMIC_SEQ_CST));             \
    }                                                                                          \
    T __tsan_atomic##N##_fetch_xor(volatile T *a, T v, int mo)                                 \
    {                                                                                          \
        ATOMIC_OP(sizeof(T), true, mo, __atomic_fetch_xor(a, v, __ATOMIC_SEQ_CST));            \
    }                                                                                          \
    T __tsan_atomic##N##_fetch_nand(volatile T *a, T v, int mo)                                \
    {                                                                                          \
        ATOMIC_OP(sizeof(T), true, mo, __atomic_fetch_nand(a, v, __ATOMIC_SEQ_CST));           \
    }                                                                                          \
    static T cas_##N(volatile T *a, T *expected, T desired)                                    \
    {                                                                                          \
        return __atomic_compare_exchange_n(a, expected, desired, false, __ATOMIC_SEQ_CST,      \
                                           __ATOMIC_SEQ_CST);                                  \
    }                                                                                          \
    DEFINE_CAS(N, T)

/* Compare-and-swap: gcc's strong/weak (expected by pointer, returns
 * success) and clang's _val (expected by value, returns the old value). A
 * failed CAS only loads, with the failure order. */
#define DEFINE_CAS(N, T)                                                                       \
    static int cas_model_##N(volatile T *a, T *c, T v, int mo, int fmo, uptr pc)              \
    {                                                                                          \
        struct rt_thread *t = cur_thread();                                                    \
        if (unlikely(t->ignore))                                                               \
            return cas_##N(a, c, v);                                                           \
        rt_enter(t);                                                                           \
        before(t, (uptr)a, mo, true);                                                          \
        rt_leave(t);                                                                           \
        T expected = *c;                                                                       \
        int ok = cas_##N(a, c, v);                                                             \
        record(t, (uptr)a, sizeof(T), ok, pc);                                                 \
        rt_enter(t);                                                                           \
        after(t, (uptr)a, ok ? mo : fmo);                                                      \
        rt_leave(t);                                                                           \
        (void)expected;                                                                        \
        return ok;                                                                             \
    }                                                                                          \
    int __tsan_atomic##N##_compare_exchange_strong(volatile T *a, T *c, T v, int mo, int fmo)  \
    {                                                                                          \
        return cas_model_##N(a, c, v, mo, fmo, CALLER_PC());                                   \
    }                                                                                          \
    int __tsan_atomic##N##_compare_exchange_weak(volatile T *a, T *c, T v, int mo, int fmo)    \
    {                                                                                          \
        return cas_model_##N(a, c, v, mo, fmo, CALLER_PC());                                   \
    }                                                                                          \
    T __tsan_atomic##N##_compare_exchange_val(volatile T *a, T c, T v, int mo, int fmo)        \
    {                                                                                          \
        cas_model_##N(a, &c, v, mo, fmo, CALLER_PC());                                         \
        return c;                                                                              \
    }

DEFINE_ATOMICS(8, a8)
DEFINE_ATOMICS(16, a16)
DEFINE_ATOMICS(32, a32)
DEFINE_ATOMICS(64, a64)

/* 128-bit: everything is a cmpxchg16b loop (the runtime is built with
 * -mcx16, so __sync on __int128 compiles inline). */
static a128 load_128(const volatile a128 *a)
{
    return __sync_val_compare_and_swap((volatile a128 *)a, 0, 0);
}
#define RMW_128(expr)                                                                          \
    ({                                                                                         \
        a128 old_ = load_128(a), new_;                                                         \
        for (;;) {                                                                             \
            a128 x = old_;                                                                     \
            new_ = (expr);                                                                     \
            a128 seen_ = __sync_val_compare_and_swap(a, x, new_);                              \
            if (seen_ == x)                                                                    \
                break;                                                                         \
            old_ = seen_;                                                                      \
        }                                                                                      \
        old_;                                                                                  \
    })
static a128 store_128(volatile a128 *a, a128 v) { return RMW_128(v); }
static int cas_128(volatile a128 *a, a128 *expected, a128 desired)
{
    a128 seen = __sync_val_compare_and_swap(a, *expected, desired);
    if (seen == *expected)
        return 1;
    *expected = seen;
    return 0;
}

a128 __tsan_atomic128_load(const volatile a128 *a, int mo)
{
    ATOMIC_OP(16, false, mo, load_128(a));
}
void __tsan_atomic128_store(volatile a128 *a, a128 v, int mo)
{
    struct rt_thread *t = cur_thread();
    if (!t->ignore) {
        uptr pc = CALLER_PC();
        rt_enter(t);
        before(t, (uptr)a, mo, true);
        rt_leave(t);
        record(t, (uptr)a, 16, true, pc);
    }
    store_128(a, v);
}
a128 __tsan_atomic128_exchange(volatile a128 *a, a128 v, int mo) { ATOMIC_OP(16, true, mo, RMW_128(v)); }
a128 __tsan_atomic128_fetch_add(volatile a128 *a, a128 v, int mo) { ATOMIC_OP(16, true, mo, RMW_128(x + v)); }
a128 __tsan_atomic128_fetch_sub(volatile a128 *a, a128 v, int mo) { ATOMIC_OP(16, true, mo, RMW_128(x - v)); }
a128 __tsan_atomic128_fetch_and(volatile a128 *a, a128 v, int mo) { ATOMIC_OP(16, true, mo, RMW_128(x & v)); }
a128 __tsan_atomic128_fetch_or(volatile a128 *a, a128 v, int mo) { ATOMIC_OP(16, true, mo, RMW_128(x | v)); }
a128 __tsan_atomic128_fetch_xor(volatile a128 *a, a128 v, int mo) { ATOMIC_OP(16, true, mo, RMW_128(x ^ v)); }
a128 __tsan_atomic128_fetch_nand(volatile a128 *a, a128 v, int mo) { ATOMIC_OP(16, true, mo, RMW_128(~(x & v))); }
DEFINE_CAS(128, a128)

void __tsan_atomic_thread_fence(int mo)
{
    struct rt_thread *t = cur_thread();
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (t->ignore)
        return;
    rt_enter(t);
    if (is_acquire(mo))
        vc_join(&t->clock, &t->fence_acquire);
    if (is_release(mo)) {
        thread_sync_own_entry(t);
        vc_copy(&t->fence_release, &t->clock);
        t->last_release = t->epoch;
    }
    rt_leave(t);
}

void __tsan_atomic_signal_fence(int mo)
{
    (void)mo;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}
