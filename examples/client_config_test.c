/*
 * A configuration struct mutated concurrently (seed: "Concurrent use of
 * http.Client"): two goroutines share one client and each sets
 * client.CheckRedirect before its request. "Safe for concurrent use" held
 * for requests, not for changing the client's fields. Besides the data race
 * there is an I/O race: a request may run with the other one's policy.
 *
 * test_client_config_racy: both threads set the redirect policy of the
 *   shared client and then use it: their writes race with each other (and
 *   each request's read with the other thread's write) on one field.
 * test_client_config_fixed: each thread configures its own client.
 */
#include <pthread.h>
#include <string.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

struct client {
    int (*check_redirect)(const char *host); /* NULL: follow every redirect */
    int timeout_ms;
};

static int only_google(const char *host)
{
    return strcmp(host, "google.com") == 0;
}

static void client_set_redirect_policy(struct client *c, int (*policy)(const char *))
{
    c->check_redirect = policy;
}

/* Pretends to fetch url, which redirects to `to`; 1 if it was followed. */
static int client_get(struct client *c, const char *to)
{
    int (*policy)(const char *) = c->check_redirect;
    return policy ? policy(to) : 1;
}

struct fetch {
    struct client *shared; /* racy: both threads configure this one */
    const char *redirect_to;
    int restrict_redirects;
    int followed;
};

static void *fetch(void *arg)
{
    struct fetch *f = arg;
    struct client own = {0};
    struct client *c = f->shared ? f->shared : &own;
    client_set_redirect_policy(c, f->restrict_redirects ? only_google : NULL);
    f->followed = client_get(c, f->redirect_to);
    return NULL;
}

static void run_two(struct client *shared)
{
    struct fetch g = {.shared = shared, .redirect_to = "google.com", .restrict_redirects = 1};
    struct fetch a = {.shared = shared, .redirect_to = "amazon.com", .restrict_redirects = 0};
    pthread_t tg, ta;
    pthread_create(&tg, NULL, fetch, &g);
    pthread_create(&ta, NULL, fetch, &a);
    pthread_join(tg, NULL);
    pthread_join(ta, NULL);
    if (!shared) {
        assert_int_equal(g.followed, 1);
        assert_int_equal(a.followed, 1);
    }
}

static void test_client_config_racy(void **state)
{
    (void)state;
    struct client shared = {.timeout_ms = 1000};
    run_two(&shared);
}

static void test_client_config_fixed(void **state)
{
    (void)state;
    run_two(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_client_config_racy),
        cmocka_unit_test(test_client_config_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
