/* Shows: many threads scanning, comparing, copying out and sorting copies of the same shared strings at once.
 * Ordered by: nothing needed: they only read the shared data (strlen, strcmp, strncmp, strchr, strrchr, memchr, memcmp, strdup, strndup); each thread writes only its own copies. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char names[8][24];
static int numbers[64];

static int by_value(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static void *scan(void *arg)
{
    long id = (long)arg, score = 0;
    for (int round = 0; round < 200; round++) {
        const char *a = names[round % 8], *b = names[(round + id) % 8];
        score += (long)strlen(a) + strnlen(b, 5);
        score += strcmp(a, b) < 0;
        score += strncmp(a, b, 3) == 0;
        score += strchr(a, 'e') != NULL;
        score += strrchr(b, 'a') != NULL;
        score += memchr(a, 'n', strlen(a)) != NULL;
        score += memcmp(a, b, 4) == 0;
        char *copy = round % 2 ? strdup(a) : strndup(b, 6);
        score += copy[0];
        free(copy);
    }
    int mine[64];
    memcpy(mine, numbers, sizeof mine);
    qsort(mine, 64, sizeof mine[0], by_value);
    return (void *)(score + mine[0]);
}

int main(void)
{
    static const char *src[8] = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" };
    for (int i = 0; i < 8; i++)
        strcpy(names[i], src[i]);
    for (int i = 0; i < 64; i++)
        numbers[i] = (i * 37) % 64;
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, scan, (void *)i);
    long total = 0;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        total += (long)r;
    }
    printf("total %ld\n", total);
    return 0;
}
