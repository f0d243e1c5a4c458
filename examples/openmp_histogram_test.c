//racetest:cflags -fopenmp
//racetest:ldflags -fopenmp
/*
 * Race in an OpenMP loop: a histogram of an image's pixel values, the
 * first kernel many people parallelize with `#pragma omp parallel for`.
 * The iterations are independent except for the bins they count into:
 * two threads that meet pixels of the same value both do hist[v]++, and
 * increments get lost (the result changes from run to run, and only on
 * machines with more than one core).
 *
 * test_histogram_racy: `hist[v]++` in a parallel for (one unique race,
 *   the read and the write of the increment).
 * test_histogram_fixed: reduction(+ : hist[:BINS]) gives every thread its
 *   own histogram and adds them up at the end of the loop. (An
 *   `#pragma omp atomic` on the increment is also correct, and slower.)
 *
 * racetest models OpenMP's synchronization for both gcc (libgomp) and
 * clang (libomp); see "OpenMP" in the README.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

enum { WIDTH = 256, HEIGHT = 64, BINS = 256 };

static unsigned char image[HEIGHT][WIDTH];

static void make_image(void)
{
    for (int y = 0; y < HEIGHT; y++)
        for (int x = 0; x < WIDTH; x++)
            image[y][x] = (unsigned char)((x * 7 + y * 13) % 32); /* few values: bins collide */
}

static long total(const long *hist)
{
    long n = 0;
    for (int v = 0; v < BINS; v++)
        n += hist[v];
    return n;
}

static void test_histogram_racy(void **state)
{
    (void)state;
    long hist[BINS] = {0};
    make_image();
#pragma omp parallel for
    for (int y = 0; y < HEIGHT; y++)
        for (int x = 0; x < WIDTH; x++)
            hist[image[y][x]]++; /* two threads, same bin: a lost update */
    (void)total(hist);           /* the count is not reliable: no assertion */
}

static void test_histogram_fixed(void **state)
{
    (void)state;
    long hist[BINS] = {0};
    make_image();
#pragma omp parallel for reduction(+ : hist[:BINS])
    for (int y = 0; y < HEIGHT; y++)
        for (int x = 0; x < WIDTH; x++)
            hist[image[y][x]]++;
    assert_int_equal(total(hist), WIDTH * HEIGHT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_histogram_racy),
        cmocka_unit_test(test_histogram_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
