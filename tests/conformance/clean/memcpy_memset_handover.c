/* Shows: memcpy/memset on shared buffers: handed over by create and join, and concurrently on disjoint halves of one buffer.
 * Ordered by: create/join for the handed-over buffer; the concurrent range accesses never overlap, so they need no order. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define LEN 1024

static char input[LEN];
static char output[LEN];
static char halves[2 * LEN];

struct part {
    char *dst;
    size_t len;
    int fill;
};

static void *copy_in(void *arg)
{
    (void)arg;
    memcpy(output, input, LEN); /* input was filled before create */
    memset(output, 'X', 8);
    return NULL;
}

static void *fill_half(void *arg)
{
    struct part *p = arg;
    memset(p->dst, p->fill, p->len);
    memcpy(p->dst + 1, input, p->len - 2); /* stays inside [dst, dst + len) */
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    memset(input, 'i', LEN);
    pthread_create(&t[0], NULL, copy_in, NULL);
    pthread_join(t[0], NULL);
    int ok = output[0] == 'X' && output[8] == 'i';

    struct part parts[2] = { { halves, LEN, 'a' }, { halves + LEN, LEN, 'b' } };
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, fill_half, &parts[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    ok = ok && halves[LEN - 1] == 'a' && halves[LEN] == 'b' && halves[2 * LEN - 1] == 'b';
    memcpy(output, halves + LEN / 2, LEN); /* after the joins: reads across both halves */
    printf("%s\n", ok ? "ok" : "wrong");
    return ok ? 0 : 1;
}
