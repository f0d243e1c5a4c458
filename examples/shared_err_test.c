/*
 * Accidentally shared error variable (seed: Go race detector article,
 * ParallelWrite): the goroutine's `_, err = f1.Write(data)` assigns the
 * caller's err, which the caller assigns again with `f2, err :=
 * os.Create(...)`; a one-character difference (= instead of :=) shares it.
 *
 * test_shared_err_racy: the writer thread stores its result in the caller's
 *   err while the caller stores the next open()'s result there (one unique
 *   race: write/write).
 * test_shared_err_fixed: the writer has its own error variable and hands it
 *   back through its result slot, read after pthread_join.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

struct write_job {
    int fd;
    const char *data;
    int *err;   /* racy version: the caller's variable */
    int result; /* fixed version: the writer's own */
};

static int write_all(int fd, const char *data)
{
    size_t len = strlen(data);
    return write(fd, data, len) == (ssize_t)len ? 0 : errno;
}

static void *write_shared(void *arg)
{
    struct write_job *j = arg;
    *j->err = write_all(j->fd, j->data); /* the caller's err: a race */
    return NULL;
}

static void *write_own(void *arg)
{
    struct write_job *j = arg;
    int err = write_all(j->fd, j->data); /* Go: `_, err := f1.Write(data)` */
    j->result = err;
    return NULL;
}

static void test_shared_err_racy(void **state)
{
    (void)state;
    int err = 0;
    int f1 = open("/dev/null", O_WRONLY);
    assert_true(f1 >= 0);
    struct write_job j = {.fd = f1, .data = "file1 contents\n", .err = &err};
    pthread_t t;
    pthread_create(&t, NULL, write_shared, &j);
    int f2 = open("/dev/null", O_WRONLY);
    err = f2 < 0 ? errno : 0; /* the second conflicting write to err */
    pthread_join(t, NULL);
    assert_int_equal(err, 0);
    close(f1);
    close(f2);
}

static void test_shared_err_fixed(void **state)
{
    (void)state;
    int f1 = open("/dev/null", O_WRONLY);
    assert_true(f1 >= 0);
    struct write_job j = {.fd = f1, .data = "file1 contents\n"};
    pthread_t t;
    pthread_create(&t, NULL, write_own, &j);
    int f2 = open("/dev/null", O_WRONLY);
    int err = f2 < 0 ? errno : 0;
    pthread_join(t, NULL);
    assert_int_equal(err, 0);
    assert_int_equal(j.result, 0);
    close(f1);
    close(f2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_err_racy),
        cmocka_unit_test(test_shared_err_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
