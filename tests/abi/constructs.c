/*
 * constructs.c — one of every C construct for which gcc or clang emits a
 * ThreadSanitizer hook (the table in shared/reference/tsan_internals.md
 * §1.2). tests/abi/check.sh compiles it with both compilers and checks that
 * our runtime defines every __tsan_* symbol they reference, then links and
 * runs it: a symbol a compiler emits that we lack would be a link error for
 * our users.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

struct __attribute__((packed)) packed {
    char c;
    int32_t i;
    int64_t l;
    int16_t s;
};

struct big {
    long v[5];
};

volatile int8_t v8;
volatile int16_t v16;
volatile int32_t v32;
volatile int64_t v64;
volatile __int128 v128;
volatile long double vld;
struct packed pk;
struct big big_a, big_b;
char buf[64];

_Atomic int8_t a8;
_Atomic int16_t a16;
_Atomic int32_t a32;
_Atomic int64_t a64;
_Atomic __int128 a128;
atomic_flag flag = ATOMIC_FLAG_INIT;
int64_t sync_word;

__attribute__((noinline)) static void plain(void)
{
    v8 = v8 + 1;
    v16 = v16 + 1;
    v32 = v32 + 1;
    v64 = v64 + 1;
    v128 = v128 + 1;
    vld = vld + 1;
    pk.i = pk.i + 1;
    pk.l = pk.l + 1;
    pk.s = pk.s + 1;
    big_a = big_b;
    memcpy(buf, buf + 1, 9);
    memmove(buf + 2, buf, 9);
    memset(buf, 1, 17);
    int32_t u;
    memcpy(&u, buf + 1, 4);
    v32 = u;
}

#define ATOMIC_OPS(var, T)                                                                     \
    do {                                                                                       \
        T e = 0;                                                                               \
        atomic_store_explicit(&var, 1, memory_order_release);                                  \
        (void)atomic_load_explicit(&var, memory_order_acquire);                                \
        (void)atomic_exchange(&var, 2);                                                        \
        (void)atomic_fetch_add(&var, 1);                                                       \
        (void)atomic_fetch_sub(&var, 1);                                                       \
        (void)atomic_fetch_and(&var, 1);                                                       \
        (void)atomic_fetch_or(&var, 1);                                                        \
        (void)atomic_fetch_xor(&var, 1);                                                       \
        (void)__atomic_fetch_nand((T *)&var, 1, __ATOMIC_SEQ_CST);                             \
        (void)atomic_compare_exchange_strong(&var, &e, 3);                                     \
        (void)atomic_compare_exchange_weak(&var, &e, 4);                                       \
    } while (0)

__attribute__((noinline)) static void atomics(void)
{
    ATOMIC_OPS(a8, int8_t);
    ATOMIC_OPS(a16, int16_t);
    ATOMIC_OPS(a32, int32_t);
    ATOMIC_OPS(a64, int64_t);
    /* 16 bytes: gcc calls __tsan_atomic128_*; clang 14 calls libatomic
     * unless -mcx16. */
    atomic_store(&a128, 5);
    (void)atomic_load(&a128);
    __int128 e = 5;
    (void)atomic_compare_exchange_strong(&a128, &e, 6);
    (void)__sync_val_compare_and_swap(&sync_word, 0, 1);
    (void)__sync_bool_compare_and_swap(&sync_word, 1, 0);
    (void)__sync_lock_test_and_set(&sync_word, 1);
    __sync_lock_release(&sync_word);
    __sync_synchronize();
    (void)atomic_flag_test_and_set(&flag);
    atomic_flag_clear(&flag);
    atomic_thread_fence(memory_order_acquire);
    atomic_signal_fence(memory_order_seq_cst);
}

int main(void)
{
    plain();
    atomics();
    return 0;
}
