/*
 * atomics.c — the __tsan_atomic* ABI: performs each atomic operation and
 * models its memory order.
 *
 * Model: an atomic access is recorded in shadow memory as atomic (atomic vs
 * atomic never races, atomic vs plain does). Release orders publish the
 * thread's clock into the variable's sync object; acquire orders join it.
 * Release sequences as in C++20 (sync.h): a read-modify-write continues
 * one (a releasing one joins its clock in), a store starts a new one (its
 * clock replaces the old). seq_cst is acq_rel: no total order is needed to decide
 * happens-before. Standalone fences (which ThreadSanitizer ignores): a
 * relaxed load collects the clock it could have acquired into the thread's
 * pending fence clock, which a later acquire fence joins; a release fence
 * snapshots the thread's clock, which later relaxed stores publish.
 * The operation itself is always done with seq_cst: stronger than asked,
 * never weaker.
 */
#include <stdint.h>

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

enum op { OP_LOAD, OP_STORE, OP_RMW };

/* Schedule-perturbation points (sched_fuzz.h) of one operation: before a
 * load or read-modify-write (another thread's store may land first),
 * after a store (another thread may see it at once). Relaxed loads are
 * points only under a serial schedule, where a spin on one must let the
 * other threads run; there a read-modify-write is also followed by a
 * point, so that a thread spinning for its store sees the release.
 * Called outside rt_enter: perturb raises the ignore flag itself. */
static ALWAYS_INLINE void point_before(struct rt_thread *t, int mo, enum op op)
{
    if (op == OP_RMW || (op == OP_LOAD && (is_acquire(mo) || sched_serial)))
        perturb(t, SCHED_BEFORE_ATOMIC);
}

static ALWAYS_INLINE void point_after(struct rt_thread *t, enum op op)
{
    if (op == OP_STORE || (op == OP_RMW && sched_serial))
        perturb(t, SCHED_AFTER_STORE);
}

/* The release a writing operation makes: the thread's clock (release
 * orders), the clock of its latest release fence (a relaxed write after a
 * release fence), or none. */
static const struct vclock *released(struct rt_thread *t, int mo)
{
    if (is_release(mo)) {
        rt_enter(t);
        thread_sync_own_entry(t);
        t->last_release = t->epoch;
        rt_leave(t);
        return &t->clock;
    }
    return t->fence_release.len ? &t->fence_release : NULL;
}

/* The model around a load or read-modify-write (sync.h, release
 * sequences): one that releases holds the variable's object across the
 * operation; the others note the store count before it. */
struct model {
    struct sync_var *v;   /* locked by a releasing read-modify-write */
    u64 seq;
};

static ALWAYS_INLINE struct model model_before(struct rt_thread *t, uptr a, int mo, bool writes)
{
    struct model m = {NULL, 0};
    const struct vclock *src = writes ? released(t, mo) : NULL;
    if (src)
        m.v = sync_atomic_rmw_begin(t, a, src);
    else
        m.seq = sync_atomic_read_begin(t, a);
    return m;
}

/* After it: the acquire half (acquire: the order of the value's read). */
static ALWAYS_INLINE void model_after(struct rt_thread *t, uptr a, struct model m, bool acquire)
{
    if (m.v)
        sync_atomic_rmw_end(t, m.v, acquire);
    else
        sync_atomic_read_end(t, a, m.seq, acquire);
}

/* A store: it replaces the variable's release clock (a new release
 * sequence), atomically with the store itself. */
#define STORE_MODEL(t, a, mo, STORE_OP)                                                        \
    do {                                                                                       \
        const struct vclock *src_ = released((t), (mo));                                       \
        struct sync_var *v_ = sync_atomic_store_begin((t), (uptr)(a), src_);                   \
        STORE_OP;                                                                              \
        if (v_)                                                                                \
            sync_atomic_store_end((t), v_, src_);                                              \
    } while (0)

/* Wraps one atomic operation OP (an expression using `a`), of a variable of
 * `size` bytes that it reads and, if WRITES, writes. */
#define ATOMIC_OP(size, writes, mo, OP)                                                        \
    do {                                                                                       \
        struct rt_thread *t = cur_thread();                                                    \
        if (unlikely(t->ignore))                                                               \
            return (OP);                                                                       \
        record(t, (uptr)a, (size), (writes), CALLER_PC());                                     \
        point_before(t, (mo), (writes) ? OP_RMW : OP_LOAD);                                    \
        struct model m_ = model_before(t, (uptr)a, (mo), (writes));                            \
        __typeof__(OP) result_ = (OP);                                                         \
        model_after(t, (uptr)a, m_, is_acquire(mo));                                           \
        point_after(t, (writes) ? OP_RMW : OP_LOAD);                                           \
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
        record(t, (uptr)a, sizeof(T), true, CALLER_PC());                                      \
        STORE_MODEL(t, a, mo, store_##N(a, v));                                                \
        point_after(t, OP_STORE);                                                              \
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
        /* Recorded as a write: whether it will succeed is not known yet,   \
         * and the release must cover the access. */                                           \
        record(t, (uptr)a, sizeof(T), true, pc);                                               \
        point_before(t, mo, OP_RMW);                                                           \
        struct model m = model_before(t, (uptr)a, mo, true);                                   \
        int ok = cas_##N(a, c, v);                                                             \
        model_after(t, (uptr)a, m, is_acquire(ok ? mo : fmo));                                 \
        point_after(t, OP_RMW);                                                                \
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
    if (t->ignore) {
        store_128(a, v);
        return;
    }
    record(t, (uptr)a, 16, true, CALLER_PC());
    STORE_MODEL(t, a, mo, store_128(a, v));
    point_after(t, OP_STORE);
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

/* ---- libatomic's generic entry points ----------------------------------
 * clang 14 compiles _Atomic objects it cannot make lock-free (16 bytes
 * without -mcx16, odd sizes) into calls to libatomic's __atomic_load /
 * __atomic_store / __atomic_exchange / __atomic_compare_exchange, which
 * ThreadSanitizer does not see (false reports on every 16-byte atomic). We
 * define them: the operation is done here (cmpxchg16b for 16 bytes, a
 * striped lock for other sizes), and modeled like the hooks above. The C
 * names are builtins, hence the asm labels. */

static rt_spinlock generic_locks[64];

static rt_spinlock *generic_lock(const void *p)
{
    return &generic_locks[((uptr)p >> 4) % 64];
}

static bool lock_free_size(size_t n, const void *p)
{
    return (n == 1 || n == 2 || n == 4 || n == 8 || n == 16) && ((uptr)p % n) == 0;
}

/* Copies with the real atomic instruction of that size (seq_cst). */
static void generic_load(size_t n, const void *src, void *ret)
{
    switch (n) {
    case 1: *(uint8_t *)ret = __atomic_load_n((const uint8_t *)src, __ATOMIC_SEQ_CST); break;
    case 2: *(uint16_t *)ret = __atomic_load_n((const uint16_t *)src, __ATOMIC_SEQ_CST); break;
    case 4: *(uint32_t *)ret = __atomic_load_n((const uint32_t *)src, __ATOMIC_SEQ_CST); break;
    case 8: *(uint64_t *)ret = __atomic_load_n((const uint64_t *)src, __ATOMIC_SEQ_CST); break;
    default: *(a128 *)ret = load_128(src); break;
    }
}

/* Compare-and-swap of n lock-free bytes; on failure *expected = current. */
static bool generic_cas(size_t n, void *p, void *expected, const void *desired)
{
    switch (n) {
    case 1: return __atomic_compare_exchange_n((uint8_t *)p, (uint8_t *)expected, *(const uint8_t *)desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    case 2: return __atomic_compare_exchange_n((uint16_t *)p, (uint16_t *)expected, *(const uint16_t *)desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    case 4: return __atomic_compare_exchange_n((uint32_t *)p, (uint32_t *)expected, *(const uint32_t *)desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    case 8: return __atomic_compare_exchange_n((uint64_t *)p, (uint64_t *)expected, *(const uint64_t *)desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    default: return cas_128(p, expected, *(const a128 *)desired);
    }
}

static void bytes_copy(void *dst, const void *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ((volatile char *)dst)[i] = ((const volatile char *)src)[i];
}

static int bytes_cmp(const void *a, const void *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (((const volatile char *)a)[i] != ((const volatile char *)b)[i])
            return 1;
    return 0;
}

/* The start of one generic operation of kind `op` on n bytes at p: its
 * access and perturbation point; false when the thread is ignored (the
 * operation is then not modeled at all). */
static bool generic_begin(struct rt_thread *t, void *p, size_t n, enum op op, int mo, uptr pc)
{
    if (t->ignore)
        return false;
    access_range(t, (uptr)p, n, op != OP_LOAD, true, pc);
    point_before(t, mo, op);
    return true;
}

void rt_atomic_load(size_t n, void *src, void *ret, int mo) __asm__("__atomic_load");
void rt_atomic_load(size_t n, void *src, void *ret, int mo)
{
    struct rt_thread *t = cur_thread();
    bool modeled = generic_begin(t, src, n, OP_LOAD, mo, CALLER_PC());
    struct model m = {NULL, 0};
    if (modeled)
        m = model_before(t, (uptr)src, mo, false);
    if (lock_free_size(n, src)) {
        generic_load(n, src, ret);
    } else {
        rt_spin_lock(generic_lock(src));
        bytes_copy(ret, src, n);
        rt_spin_unlock(generic_lock(src));
    }
    if (modeled) {
        model_after(t, (uptr)src, m, is_acquire(mo));
        point_after(t, OP_LOAD);
    }
}

static void generic_exchange(size_t n, void *p, const void *val, void *ret)
{
    if (lock_free_size(n, p)) {
        char cur[16];
        generic_load(n, p, cur);
        while (!generic_cas(n, p, cur, val)) {
            /* cur was refreshed by the failed CAS */
        }
        if (ret)
            bytes_copy(ret, cur, n);
    } else {
        rt_spin_lock(generic_lock(p));
        if (ret)
            bytes_copy(ret, p, n);
        bytes_copy(p, val, n);
        rt_spin_unlock(generic_lock(p));
    }
}

void rt_atomic_store(size_t n, void *dst, void *val, int mo) __asm__("__atomic_store");
void rt_atomic_store(size_t n, void *dst, void *val, int mo)
{
    struct rt_thread *t = cur_thread();
    if (!generic_begin(t, dst, n, OP_STORE, mo, CALLER_PC())) {
        generic_exchange(n, dst, val, NULL);
        return;
    }
    STORE_MODEL(t, dst, mo, generic_exchange(n, dst, val, NULL));
    point_after(t, OP_STORE);
}

void rt_atomic_exchange(size_t n, void *p, void *val, void *ret, int mo)
    __asm__("__atomic_exchange");
void rt_atomic_exchange(size_t n, void *p, void *val, void *ret, int mo)
{
    struct rt_thread *t = cur_thread();
    if (!generic_begin(t, p, n, OP_RMW, mo, CALLER_PC())) {
        generic_exchange(n, p, val, ret);
        return;
    }
    struct model m = model_before(t, (uptr)p, mo, true);
    generic_exchange(n, p, val, ret);
    model_after(t, (uptr)p, m, is_acquire(mo));
    point_after(t, OP_RMW);
}

bool rt_atomic_compare_exchange(size_t n, void *p, void *expected, void *desired, int mo,
                                int fmo) __asm__("__atomic_compare_exchange");
bool rt_atomic_compare_exchange(size_t n, void *p, void *expected, void *desired, int mo,
                                int fmo)
{
    struct rt_thread *t = cur_thread();
    bool modeled = generic_begin(t, p, n, OP_RMW, mo, CALLER_PC());
    struct model m = {NULL, 0};
    if (modeled)
        m = model_before(t, (uptr)p, mo, true);
    bool ok;
    if (lock_free_size(n, p)) {
        ok = generic_cas(n, p, expected, desired);
    } else {
        rt_spin_lock(generic_lock(p));
        ok = !bytes_cmp(p, expected, n);
        if (ok)
            bytes_copy(p, desired, n);
        else
            bytes_copy(expected, p, n);
        rt_spin_unlock(generic_lock(p));
    }
    if (modeled) {
        model_after(t, (uptr)p, m, is_acquire(ok ? mo : fmo));
        point_after(t, OP_RMW);
    }
    return ok;
}

/* fork (interceptors_fork.c): libatomic emulation locks are free again. */
void atomics_fork_child(void)
{
    for (unsigned i = 0; i < sizeof generic_locks / sizeof generic_locks[0]; i++)
        generic_locks[i].locked = 0;
}
