/* Shows: the seed's shared output buffer: a log writer appends while another thread polls it for a token.
 * Racy: the reader loads `len` and the writer then updates it, with no lock; the relaxed handshake orders them in time only. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

struct buffer {
    char data[256];
    size_t len; /* bytes written */
    size_t pos; /* bytes consumed by the reader */
};

static struct buffer output;
static atomic_int polled; /* relaxed: orders the accesses in time, not by happens-before */

/* Like bytes.Buffer.ReadString('\n'): copies one line, returns 0 at EOF. */
static int read_line(struct buffer *b, char *line, size_t cap)
{
    size_t end = b->len; /* RACE */
    size_t n = 0;
    while (b->pos < end && n + 1 < cap) {
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
    b->len += n; /* RACE */
}

static void *find_token(void *arg)
{
    char line[128];
    int got = read_line(&output, line, sizeof line); /* EOF: nothing written yet */
    atomic_store_explicit(&polled, 1, memory_order_relaxed);
    (void)arg;
    return (void *)(long)got;
}

int main(void)
{
    pthread_t reader;
    void *got;
    char line[128];
    pthread_create(&reader, NULL, find_token, NULL);
    while (!atomic_load_explicit(&polled, memory_order_relaxed))
        sched_yield();
    buffer_write(&output, "Ready! whsec_0123456789 (^C to quit)\n");
    pthread_join(reader, &got);
    read_line(&output, line, sizeof line);
    printf("reader got %ld lines first; then: %s", (long)got, line);
    return 0;
}
