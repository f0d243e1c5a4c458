/* Order-dependent, separated by a sleep: the child sleeps before it looks.
 * Racy: main fills `table` after creating the worker, then counts a statistic with a seq_cst
 * read-modify-write; the worker sleeps 1 ms, counts the same statistic, then reads `table`.
 * Main's RMW precedes the worker's in almost every plain run, and that incidental
 * release/acquire pair orders the fill before the read. The race shows only when main is
 * more than a millisecond late after pthread_create. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static atomic_int stats;
static int table[16];

static void *worker(void *arg)
{
    int *sum = arg;
    nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    atomic_fetch_add(&stats, 1);
    for (int i = 0; i < 16; i++)
        *sum += table[i]; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t w;
    int sum = 0;
    pthread_create(&w, NULL, worker, &sum);
    for (int i = 0; i < 16; i++)
        table[i] = i; /* RACE */
    atomic_fetch_add(&stats, 1);
    pthread_join(w, NULL);
    printf("sum %d, stats %d\n", sum, atomic_load(&stats));
    return 0;
}
