/* Shows: a thread that fread()s into a buffer while the main thread reads it.
 * Racy: fread writes the bytes it returns into the buffer; the main thread's read is not ordered with it. */
#include <pthread.h>
#include <stdio.h>

static char buffer[32];

static void *loader(void *arg)
{
    FILE *f = arg;
    if (fread(buffer, 1, 16, f) != 16) /* RACE */
        return NULL;
    return NULL;
}

int main(void)
{
    FILE *f = fopen("/dev/zero", "r");
    if (!f)
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, loader, f);
    char c = buffer[5]; /* RACE */
    pthread_join(t, NULL);
    fclose(f);
    printf("saw %d\n", c);
    return 0;
}
