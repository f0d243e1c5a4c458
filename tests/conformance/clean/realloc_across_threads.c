/* Shows: a buffer grown with realloc by a worker, handed back over join, grown again by main, then freed by another thread.
 * Ordered by: create and join at every hand-over; realloc may move the block, the old copy is never touched again. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct vec {
    int *data;
    size_t len;
};

static void push(struct vec *v, int x)
{
    v->data = realloc(v->data, (v->len + 1) * sizeof *v->data);
    v->data[v->len++] = x;
}

static void *grow(void *arg)
{
    struct vec *v = arg;
    for (int i = 0; i < 100; i++)
        push(v, i);
    return NULL;
}

static void *release(void *arg)
{
    struct vec *v = arg;
    long sum = 0;
    for (size_t i = 0; i < v->len; i++)
        sum += v->data[i];
    free(v->data);
    v->data = NULL;
    return (void *)sum;
}

int main(void)
{
    struct vec v = { NULL, 0 };
    pthread_t t;
    void *sum;
    push(&v, -1);
    pthread_create(&t, NULL, grow, &v);
    pthread_join(t, NULL);
    for (int i = 0; i < 100; i++)
        push(&v, 1);
    v.data = realloc(v.data, v.len * sizeof *v.data); /* shrink to fit */
    pthread_create(&t, NULL, release, &v);
    pthread_join(t, &sum);
    printf("sum %ld\n", (long)sum);
    return (long)sum == 4950 - 1 + 100 ? 0 : 1;
}
