/*
 * Unit tests of detector/heap_block.c, the registry of live heap blocks
 * behind "Location is heap block of size N at ADDR allocated by ...":
 * which block a lookup finds from an address, that forgotten blocks are
 * not found, and that records freed by one thread and taken by others
 * stay consistent through the per-thread caches and the global list.
 *
 * The addresses are never dereferenced: the registry keeps its own table.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "detector/heap_block.h"
#include "detector/thread.h"

#define MIB (1ull << 20)
static const uptr base = 0x200000000000;   /* 4 MiB aligned */

static struct rt_thread thread_one = {.uid = 7}, thread_two = {.uid = 9};

static void assert_found(uptr addr, uptr start, uptr size, u64 uid)
{
    struct heap_block b;
    assert_true(heap_block_find(addr, &b));
    assert_int_equal(b.start, start);
    assert_int_equal(b.size, size);
    assert_int_equal(b.uid, uid);
}

static void assert_not_found(uptr addr)
{
    struct heap_block b;
    assert_false(heap_block_find(addr, &b));
}

static void test_a_block_is_found_from_each_of_its_bytes(void **state)
{
    (void)state;
    uptr p = base + 0x1000;
    heap_block_add(&thread_one, p, 100, 0);
    assert_found(p, p, 100, 7);
    assert_found(p + 17, p, 100, 7);
    assert_found(p + 99, p, 100, 7);
    assert_not_found(p + 100);
    assert_not_found(p - 1);
    heap_block_remove(p);
    assert_not_found(p);
    assert_not_found(p + 50);
}

static void test_the_nearest_start_below_the_address_decides(void **state)
{
    (void)state;
    uptr p = base + 0x2000;
    heap_block_add(&thread_one, p, 64, 0);
    heap_block_add(&thread_two, p + 64, 32, 0);
    assert_found(p + 40, p, 64, 7);
    assert_found(p + 70, p + 64, 32, 9);
    assert_not_found(p + 96);
    heap_block_remove(p + 64);
    assert_not_found(p + 70);   /* the block below ends before it */
    assert_found(p + 63, p, 64, 7);
    heap_block_remove(p);
}

/* A block that starts below a 4 MiB boundary (the table's arrays) is found
 * from above it, and the search gives up 1 MiB below the address. */
static void test_the_search_crosses_arrays_and_stops_after_1_mib(void **state)
{
    (void)state;
    uptr p = base + 4 * MIB - 32;
    heap_block_add(&thread_one, p, 2 * MIB, 0);
    assert_found(base + 4 * MIB + 100, p, 2 * MIB, 7);
    assert_found(p + MIB, p, 2 * MIB, 7);
    assert_not_found(p + MIB + 16);
    heap_block_remove(p);
    assert_not_found(base + 4 * MIB + 100);
}

/* A block freed while accesses were ignored is not forgotten; the next
 * block at that address replaces it. */
static void test_a_block_registered_again_replaces_the_old_one(void **state)
{
    (void)state;
    uptr p = base + 0x3000;
    heap_block_add(&thread_one, p, 48, 0);
    heap_block_add(&thread_two, p, 24, 0);
    assert_found(p + 8, p, 24, 9);
    assert_not_found(p + 30);
    heap_block_remove(p);
    assert_not_found(p);
}

/* Blocks allocated by one thread and freed by another: the freeing
 * thread's cache overflows to the global list (every 64 records), it
 * finishes with records left, and the allocating thread takes them back
 * batch by batch, more of them each round than were freed the round
 * before. Every live block must keep its own record throughout: a record
 * on two lists at once would be handed to two blocks. */
#define CHURN_BLOCKS 500
#define CHURN_ROUNDS 4

struct churn {
    uptr first, n;
};

static void *free_all(void *arg)
{
    const struct churn *c = arg;
    for (uptr i = 0; i < c->n; i++)
        heap_block_remove(c->first + i * 64);
    heap_block_thread_finish();
    return NULL;
}

static void test_records_freed_by_other_threads_are_reused_consistently(void **state)
{
    (void)state;
    uptr first = base + 8 * MIB;
    for (uptr round = 1; round <= CHURN_ROUNDS; round++) {
        struct churn c = {first, round * CHURN_BLOCKS};
        for (uptr i = 0; i < c.n; i++)
            heap_block_add(&thread_one, first + i * 64, 16 + i % 48, 0);
        for (uptr i = 0; i < c.n; i++)
            assert_found(first + i * 64 + 15, first + i * 64, 16 + i % 48, 7);
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, free_all, &c), 0);
        assert_int_equal(pthread_join(t, NULL), 0);
        for (uptr i = 0; i < c.n; i += 97)
            assert_not_found(first + i * 64);
        first += c.n * 64;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_block_is_found_from_each_of_its_bytes),
        cmocka_unit_test(test_the_nearest_start_below_the_address_decides),
        cmocka_unit_test(test_the_search_crosses_arrays_and_stops_after_1_mib),
        cmocka_unit_test(test_a_block_registered_again_replaces_the_old_one),
        cmocka_unit_test(test_records_freed_by_other_threads_are_reused_consistently),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
