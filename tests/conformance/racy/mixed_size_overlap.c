/* Shows: an 8-byte store racing with a 1-byte load of one of its bytes (through a union).
 * Racy: the accesses overlap in byte 5 and one of them writes; the sizes differ but the memory is shared. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

union word {
    uint64_t whole;
    unsigned char bytes[8];
};

static union word w;

static void *store_whole(void *arg)
{
    (void)arg;
    w.whole = 0x1122334455667788ULL; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, store_whole, NULL);
    unsigned char b = w.bytes[5]; /* RACE */
    pthread_join(t, NULL);
    printf("byte 5 = 0x%02x\n", b);
    return 0;
}
