/* Shows: the Go doc's fix for the loop-counter race: each thread gets a copy of i (go func(j int){...}(i)).
 * Ordered by: nothing shared is written; the value travels inside pthread_create's argument. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define N 5

static void *print_index(void *arg)
{
    int j = (int)(intptr_t)arg; /* a local copy of the loop counter */
    return (void *)(intptr_t)j;
}

int main(void)
{
    pthread_t threads[N];
    int i = 0;
    do {
        pthread_create(&threads[i], NULL, print_index, (void *)(intptr_t)i);
        i++;
    } while (i < N);
    for (int k = 0; k < N; k++) {
        void *seen;
        pthread_join(threads[k], &seen);
        printf("%d", (int)(intptr_t)seen);
    }
    printf("\n");
    return 0;
}
