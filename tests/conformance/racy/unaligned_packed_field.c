/* Shows: a race on an unaligned 4-byte field of a packed record that straddles an 8-byte boundary.
 * Racy: both threads touch bytes 6..9 of `rec` (one writes), with no edge between them. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

struct __attribute__((packed)) record {
    char tag[6];
    uint32_t seq; /* offset 6: crosses the 8-byte boundary */
    char tail[2];
};

static struct record rec __attribute__((aligned(8))) = { "hdr", 1, "x" };

static void *bump(void *arg)
{
    (void)arg;
    rec.seq = 77; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, bump, NULL);
    uint32_t s = rec.seq; /* RACE */
    pthread_join(t, NULL);
    printf("seq %u\n", (unsigned)s);
    return 0;
}
