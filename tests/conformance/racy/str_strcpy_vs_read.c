/* Shows: strcpy into a shared buffer while another thread reads it.
 * Racy: strcpy writes the copied bytes; the reader's load of one of them has no order with it. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static char status[32] = "starting";

static void *update(void *arg)
{
    strcpy(status, arg); /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    static char next[] = "running";
    pthread_create(&t, NULL, update, next);
    char c = status[2]; /* RACE */
    pthread_join(t, NULL);
    printf("%c %s\n", c, status);
    return 0;
}
