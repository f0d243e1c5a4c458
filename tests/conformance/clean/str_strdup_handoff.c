/* Shows: strings duplicated with strdup/strndup by one thread, handed to another that modifies and frees them, while the allocator reuses their memory.
 * Ordered by: create and join; each duplicate is a fresh heap block, with no history from the memory's previous owner. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *handed[16];

static void *consumer(void *arg)
{
    (void)arg;
    long sum = 0;
    for (int i = 0; i < 16; i++) {
        handed[i][0] = 'X';
        sum += (long)strlen(handed[i]);
        free(handed[i]);
    }
    return (void *)sum;
}

static void *churn(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++) {
        char *p = strdup("short lived string from another thread");
        p[3] = 'x';
        free(p);
    }
    return NULL;
}

int main(void)
{
    static const char src[] = "the quick brown fox jumps over the lazy dog";
    long total = 0;
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 16; i++)
            handed[i] = i % 2 ? strdup(src + i) : strndup(src, (size_t)i + 1);
        pthread_t c, d;
        pthread_create(&c, NULL, consumer, NULL);
        pthread_create(&d, NULL, churn, NULL);
        void *r;
        pthread_join(c, &r);
        pthread_join(d, NULL);
        total += (long)r;
    }
    printf("total %ld\n", total);
    return 0;
}
