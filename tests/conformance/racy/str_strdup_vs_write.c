/* Shows: duplicating a string with strdup while another thread edits it.
 * Racy: strdup reads the whole source string; the edit is unordered with it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char config[32] = "mode=fast";

static void *edit(void *arg)
{
    (void)arg;
    config[5] = 'F'; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, edit, NULL);
    char *copy = strdup(config); /* RACE */
    pthread_join(t, NULL);
    printf("%s\n", copy);
    free(copy);
    return 0;
}
