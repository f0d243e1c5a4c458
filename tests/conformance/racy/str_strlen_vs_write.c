/* Shows: strlen of a string that another thread is editing.
 * Racy: strlen reads every byte up to the terminator; the other thread's write of one of them is unordered with it. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static char name[32] = "racetest";

static void *rename_it(void *arg)
{
    (void)arg;
    name[3] = 'E'; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, rename_it, NULL);
    size_t n = strlen(name); /* RACE */
    pthread_join(t, NULL);
    printf("%zu %s\n", n, name);
    return 0;
}
