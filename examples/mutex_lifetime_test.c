/*
 * A mutex with the wrong lifetime (seed: "Improper lifetime of a mutex"):
 * a global pricing map is guarded by a mutex that each HTTP handler creates
 * for itself. The locking looks right, but N requests lock N different
 * mutexes, so nothing is synchronized. Copying a mutex by value has the same
 * effect.
 *
 * test_mutex_lifetime_racy: two handlers, each locking its own mutex, update
 *   and read the shared price table (one unique race).
 * test_mutex_lifetime_fixed: the mutex lives as long as the data it guards.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

enum { ITEMS = 8 };

static int prices[ITEMS];                                       /* lives forever */
static pthread_mutex_t prices_mu = PTHREAD_MUTEX_INITIALIZER;  /* ... and so does this */

struct request {
    int item, price;
    int answer;
    pthread_mutex_t *mu; /* NULL: the handler makes its own (the bug) */
};

static void *add_item_handler(void *arg)
{
    struct request *r = arg;
    pthread_mutex_t local = PTHREAD_MUTEX_INITIALIZER; /* lives for this request only */
    pthread_mutex_t *mu = r->mu ? r->mu : &local;
    pthread_mutex_lock(mu);
    prices[r->item] = r->price;
    pthread_mutex_unlock(mu);
    return NULL;
}

static void *get_price_handler(void *arg)
{
    struct request *r = arg;
    pthread_mutex_t local = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_t *mu = r->mu ? r->mu : &local;
    pthread_mutex_lock(mu);
    r->answer = prices[r->item];
    pthread_mutex_unlock(mu);
    return NULL;
}

static void serve(pthread_mutex_t *mu)
{
    struct request add = {.item = 3, .price = 42, .mu = mu};
    struct request get = {.item = 3, .mu = mu};
    pthread_t a, g;
    pthread_create(&a, NULL, add_item_handler, &add);
    pthread_create(&g, NULL, get_price_handler, &get);
    pthread_join(a, NULL);
    pthread_join(g, NULL);
    assert_true(get.answer == 0 || get.answer == 42);
}

static void test_mutex_lifetime_racy(void **state)
{
    (void)state;
    prices[3] = 0;
    serve(NULL);
}

static void test_mutex_lifetime_fixed(void **state)
{
    (void)state;
    pthread_mutex_lock(&prices_mu);
    prices[3] = 0;
    pthread_mutex_unlock(&prices_mu);
    serve(&prices_mu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutex_lifetime_racy),
        cmocka_unit_test(test_mutex_lifetime_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
