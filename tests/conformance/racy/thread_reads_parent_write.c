/* Shows: the Nomad talk's simple.go: a := 1; go func(){ print(a) }(); a = 2.
 * Racy: the child's read and the parent's write after pthread_create are unordered; the join comes later. */
#include <pthread.h>
#include <stdio.h>

static int a;

static void *print_a(void *arg)
{
    (void)arg;
    int seen = a; /* RACE */
    return (void *)(long)seen;
}

int main(void)
{
    pthread_t t;
    void *seen;
    a = 1;
    pthread_create(&t, NULL, print_a, NULL);
    a = 2; /* RACE */
    pthread_join(t, &seen);
    printf("%ld\n", (long)seen);
    return 0;
}
