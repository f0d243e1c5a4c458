/* Shows: 8 threads writing interleaved bytes of one char array (thread k owns every element i with i % 8 == k), then shorts.
 * Ordered by: nothing is needed: each element has one writer; the final reads come after pthread_join. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define THREADS 8
#define LEN 256

static unsigned char bytes[LEN];
static unsigned short shorts[LEN];

static void *fill(void *arg)
{
    int k = (int)(intptr_t)arg;
    for (int round = 0; round < 4; round++)
        for (int i = k; i < LEN; i += THREADS) {
            bytes[i] = (unsigned char)(k + round);
            shorts[i] = (unsigned short)(bytes[i] * 3);
        }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    for (int k = 0; k < THREADS; k++)
        pthread_create(&t[k], NULL, fill, (void *)(intptr_t)k);
    for (int k = 0; k < THREADS; k++)
        pthread_join(t[k], NULL);
    long sum = 0;
    for (int i = 0; i < LEN; i++)
        sum += bytes[i] + shorts[i];
    printf("sum %ld\n", sum);
    return 0;
}
