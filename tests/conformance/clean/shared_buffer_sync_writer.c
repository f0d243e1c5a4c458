/* Shows: the seed's fix for the shared output buffer: a SyncWriter that locks around every write and read.
 * Ordered by: buffer_mu; the reader polls under the lock until the token line has been written. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct buffer {
    char data[512];
    size_t len;
    size_t pos;
};

static struct buffer output;
static pthread_mutex_t output_mu = PTHREAD_MUTEX_INITIALIZER;

static int read_line(struct buffer *b, char *line, size_t cap)
{
    size_t n = 0;
    while (b->pos < b->len && n + 1 < cap) {
        char c = b->data[b->pos++];
        line[n++] = c;
        if (c == '\n')
            break;
    }
    line[n] = '\0';
    return n > 0;
}

static void buffer_write(struct buffer *b, const char *s)
{
    size_t n = strlen(s);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void sync_write(const char *s)
{
    pthread_mutex_lock(&output_mu);
    buffer_write(&output, s);
    pthread_mutex_unlock(&output_mu);
}

static void *find_token(void *arg)
{
    char *secret = arg;
    char line[128];
    for (;;) {
        pthread_mutex_lock(&output_mu);
        int got = read_line(&output, line, sizeof line);
        pthread_mutex_unlock(&output_mu);
        if (!got) {
            usleep(100);
            continue;
        }
        char *p = strstr(line, "whsec_");
        if (strncmp(line, "Ready!", 6) == 0 && p != NULL) {
            sscanf(p, "%63s", secret);
            return NULL;
        }
    }
}

int main(void)
{
    pthread_t reader;
    char secret[64] = "";
    pthread_create(&reader, NULL, find_token, secret);
    sync_write("Checking for new versions...\n");
    usleep(500);
    sync_write("Getting ready...\n");
    sync_write("Ready! whsec_0123456789 (^C to quit)\n");
    pthread_join(reader, NULL);
    printf("secret %s\n", secret);
    return strcmp(secret, "whsec_0123456789") == 0 ? 0 : 1;
}
