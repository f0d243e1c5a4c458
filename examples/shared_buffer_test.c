/*
 * A buffer written by one thread and read by another (seed: capturing a
 * container's output in a bytes.Buffer that a library goroutine writes while
 * the test reads it). We cannot put a lock around the library's writes, but
 * we can hand it a writer that takes one (Go: a SyncWriter with a mutex).
 *
 * test_shared_buffer_racy: the "library" thread appends output while the
 *   test polls how much has arrived (one unique race on the length).
 * test_shared_buffer_fixed: every append and every read of the buffer takes
 *   the buffer's mutex.
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

enum { LINES = 8 };

struct buffer {
    char data[1024];
    size_t len;
    pthread_mutex_t *mu; /* NULL: unsynchronized (the bug) */
};

static void buffer_append(struct buffer *b, const char *s)
{
    size_t n = strlen(s);
    if (b->mu)
        pthread_mutex_lock(b->mu);
    if (b->len + n <= sizeof b->data) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
    }
    if (b->mu)
        pthread_mutex_unlock(b->mu);
}

static size_t buffer_len(struct buffer *b)
{
    if (b->mu)
        pthread_mutex_lock(b->mu);
    size_t n = b->len;
    if (b->mu)
        pthread_mutex_unlock(b->mu);
    return n;
}

/* The third-party code: it only knows how to write to our buffer. */
static void *container_output(void *arg)
{
    struct buffer *b = arg;
    for (int i = 0; i < LINES; i++) {
        buffer_append(b, "log line\n");
        usleep(20);
    }
    return NULL;
}

static void capture(pthread_mutex_t *mu)
{
    struct buffer b = {.len = 0, .mu = mu};
    pthread_t t;
    pthread_create(&t, NULL, container_output, &b);
    /* Wait (a bounded while) for the first lines, as the test did. */
    for (int i = 0; i < 200 && buffer_len(&b) < 3 * strlen("log line\n"); i++)
        usleep(10);
    pthread_join(t, NULL);
    assert_int_equal(b.len, LINES * strlen("log line\n"));
}

static void test_shared_buffer_racy(void **state)
{
    (void)state;
    capture(NULL);
}

static void test_shared_buffer_fixed(void **state)
{
    (void)state;
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    capture(&mu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_buffer_racy),
        cmocka_unit_test(test_shared_buffer_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
