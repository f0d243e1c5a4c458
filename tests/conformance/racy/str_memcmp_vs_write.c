/* Shows: comparing a shared key with memcmp while another thread overwrites its first byte.
 * Racy: memcmp reads at least the first byte of both buffers; the write to it is unordered with the comparison. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static char key[16] = "session-0001";

static void *rotate(void *arg)
{
    (void)arg;
    key[0] = 'S'; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, rotate, NULL);
    /* The order, not just equality: gcc -O2 expands memcmp(...) == 0 against a
     * literal into inline compares after the TSan pass, which no runtime sees. */
    int order = memcmp(key, "session-0001", 12); /* RACE */
    pthread_join(t, NULL);
    printf("%d\n", order > 0);
    return 0;
}
