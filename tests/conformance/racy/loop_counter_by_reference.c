/* Shows: the Go doc's "race on loop counter": each thread gets &i, the loop's own variable.
 * Racy: the threads read i while main's loop increments it; no edge orders a thread's read before i++. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define N 5

static void *print_index(void *arg)
{
    const int *index = arg;
    int seen = *index; /* RACE */
    return (void *)(intptr_t)seen;
}

int main(void)
{
    pthread_t threads[N];
    int i = 0;
    do { /* a do-while: clang -O2 gives the increment of a rotated for loop line 0 */
        pthread_create(&threads[i], NULL, print_index, &i);
        i++; /* RACE */
    } while (i < N);
    for (int k = 0; k < N; k++) {
        void *seen;
        pthread_join(threads[k], &seen);
        printf("%d", (int)(intptr_t)seen); /* typically not 01234 */
    }
    printf("\n");
    return 0;
}
