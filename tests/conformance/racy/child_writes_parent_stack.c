/* Shows: a child thread filling a variable on the parent's stack that the parent reads before joining.
 * Racy: stack memory is ordinary shared memory once its address escapes; only the later join would order it. */
#include <pthread.h>
#include <stdio.h>

static void *fill(void *arg)
{
    int *out = arg;
    *out = 99; /* RACE */
    return NULL;
}

static int compute(void)
{
    int answer = 0;
    pthread_t t;
    pthread_create(&t, NULL, fill, &answer);
    int early = answer; /* RACE */
    pthread_join(t, NULL);
    return early + answer;
}

int main(void)
{
    printf("compute() = %d\n", compute());
    return 0;
}
