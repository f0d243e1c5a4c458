/* Shows: children write results into a global array, a heap block and the parent's stack; the parent reads after join.
 * Ordered by: pthread_join: everything a thread did happens-before the return of the join that waits for it. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 8

struct slot {
    long *stack_out;
    long *heap_out;
    int id;
};

static long global_out[N];

static void *square(void *arg)
{
    struct slot *s = arg;
    long v = (long)s->id * s->id;
    global_out[s->id] = v;
    *s->stack_out = v + 1;
    *s->heap_out = v + 2;
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    struct slot slots[N];
    long stack_out[N];
    long *heap_out = calloc(N, sizeof *heap_out);
    for (int i = 0; i < N; i++) {
        slots[i] = (struct slot){ &stack_out[i], &heap_out[i], i };
        pthread_create(&t[i], NULL, square, &slots[i]);
    }
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    long sum = 0;
    for (int i = 0; i < N; i++)
        sum += global_out[i] + stack_out[i] + heap_out[i];
    free(heap_out);
    printf("sum %ld\n", sum);
    return sum == 3 * 140 + 3 * N ? 0 : 1;
}
