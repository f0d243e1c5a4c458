/* Shows: memcpy into a shared buffer while another thread reads one byte of it.
 * Racy: memcpy is a range write; main's plain read of the same byte has no edge to it. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct message {
    const char *text;
    size_t len;
};

static char shared[64];

static void *fill(void *arg)
{
    const struct message *msg = arg;
    memcpy(shared, msg->text, msg->len); /* RACE */
    return NULL;
}

int main(void)
{
    static const char text[] = "hello from the filler thread";
    struct message msg = { text, sizeof text };
    pthread_t t;
    pthread_create(&t, NULL, fill, &msg);
    char c = shared[4]; /* RACE */
    pthread_join(t, NULL);
    printf("saw %d, now '%s'\n", c, shared);
    return 0;
}
