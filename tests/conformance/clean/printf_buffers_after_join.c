/* Shows: threads format into their own buffers with snprintf and sprintf; main prints them with printf and fprintf after the joins.
 * Ordered by: pthread_join; each buffer is written by one thread, then read by main. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4

static char lines[THREADS][64];
static char tags[THREADS][16];

static void *format(void *arg)
{
    long i = (long)arg;
    sprintf(tags[i], "t%ld", i);
    snprintf(lines[i], sizeof lines[i], "thread %s says %d", tags[i], (int)i * 7);
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, format, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < THREADS; i++) {
        printf("%d: %s (%.2s)\n", i, lines[i], tags[i]);
        fprintf(stderr, "%-10s|%*s|\n", tags[i], 4, tags[i]);
    }
    return 0;
}
