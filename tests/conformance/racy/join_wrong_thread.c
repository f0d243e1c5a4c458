/* Shows: reading a thread's result after joining a different thread.
 * Racy: join orders only the joined thread's accesses; worker_a's write is unordered with main's read. */
#include <pthread.h>
#include <stdio.h>

static int result_a, result_b;

static void *worker_a(void *arg)
{
    (void)arg;
    result_a = 1; /* RACE */
    return NULL;
}

static void *worker_b(void *arg)
{
    (void)arg;
    result_b = 2;
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, worker_a, NULL);
    pthread_create(&b, NULL, worker_b, NULL);
    pthread_join(b, NULL);
    int sum = result_a + result_b; /* RACE */
    pthread_join(a, NULL);
    printf("sum %d\n", sum);
    return 0;
}
