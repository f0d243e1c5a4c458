/*
 * Unprotected global map (seed: Go race detector article, "If the following
 * code is called from several goroutines, it leads to races on the service
 * map"): RegisterService writes the map while LookupService reads it.
 * Here the map is a small hash table of service addresses.
 *
 * test_service_map_racy: a thread registers a service while the main thread
 *   looks it up (one unique race: the slot's write and read).
 * test_service_map_fixed: both go through one mutex (Go: serviceMu).
 */
#include <pthread.h>
#include <string.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

enum { SLOTS = 64 };

/* name -> address; address 0 means "not registered" */
static unsigned service_addr[SLOTS];
static pthread_mutex_t service_mu = PTHREAD_MUTEX_INITIALIZER;

static unsigned slot_of(const char *name)
{
    unsigned h = 5381;
    while (*name)
        h = h * 33 + (unsigned char)*name++;
    return h % SLOTS;
}

static void register_service(const char *name, unsigned addr)
{
    service_addr[slot_of(name)] = addr;
}

static unsigned lookup_service(const char *name)
{
    return service_addr[slot_of(name)];
}

static void register_service_locked(const char *name, unsigned addr)
{
    pthread_mutex_lock(&service_mu);
    register_service(name, addr);
    pthread_mutex_unlock(&service_mu);
}

static unsigned lookup_service_locked(const char *name)
{
    pthread_mutex_lock(&service_mu);
    unsigned addr = lookup_service(name);
    pthread_mutex_unlock(&service_mu);
    return addr;
}

static void *registrar(void *arg)
{
    register_service((const char *)arg, 0x0a000001);
    return NULL;
}

static void *registrar_locked(void *arg)
{
    register_service_locked((const char *)arg, 0x0a000001);
    return NULL;
}

static void test_service_map_racy(void **state)
{
    (void)state;
    memset(service_addr, 0, sizeof service_addr);
    pthread_t t;
    pthread_create(&t, NULL, registrar, "billing");
    unsigned addr = lookup_service("billing"); /* 0 or the address: it depends */
    pthread_join(t, NULL);
    assert_true(addr == 0 || addr == 0x0a000001);
}

static void test_service_map_fixed(void **state)
{
    (void)state;
    pthread_mutex_lock(&service_mu);
    memset(service_addr, 0, sizeof service_addr);
    pthread_mutex_unlock(&service_mu);
    pthread_t t;
    pthread_create(&t, NULL, registrar_locked, "billing");
    unsigned addr = lookup_service_locked("billing");
    pthread_join(t, NULL);
    assert_true(addr == 0 || addr == 0x0a000001);
    assert_int_equal(lookup_service_locked("billing"), 0x0a000001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_service_map_racy),
        cmocka_unit_test(test_service_map_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
