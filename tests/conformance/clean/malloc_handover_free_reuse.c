/* Shows: a buffer malloc'd and filled by one thread, read and freed by main after join, then its memory reused by another thread.
 * Ordered by: join orders the filler before main's read and free; free/malloc reuse makes the new block unrelated to the old. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIZE 4096

static void *fill(void *arg)
{
    (void)arg;
    char *buf = malloc(SIZE);
    memset(buf, 'a', SIZE);
    buf[SIZE - 1] = '\0';
    return buf;
}

static void *reuse(void *arg)
{
    (void)arg;
    char *buf = malloc(SIZE); /* often the block main just freed */
    for (int i = 0; i < SIZE; i++)
        buf[i] = (char)i;
    long sum = 0;
    for (int i = 0; i < SIZE; i++)
        sum += buf[i];
    free(buf);
    return (void *)sum;
}

int main(void)
{
    for (int round = 0; round < 20; round++) {
        pthread_t t;
        void *p, *sum;
        pthread_create(&t, NULL, fill, NULL);
        pthread_join(t, &p);
        char *buf = p;
        size_t len = strlen(buf);
        free(buf);
        pthread_create(&t, NULL, reuse, NULL);
        pthread_join(t, &sum);
        if (len != SIZE - 1)
            return 1;
    }
    printf("ok\n");
    return 0;
}
