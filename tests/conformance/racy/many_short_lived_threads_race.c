/* Shows: 200 short-lived threads in batches of 10, each filling its own slot and also updating `last_worker`.
 * Racy: threads of one batch store last_worker concurrently; only the joins between batches order anything. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define TOTAL 200
#define BATCH 10

static int slots[TOTAL];
static int last_worker;

static void *work(void *arg)
{
    int id = (int)(intptr_t)arg;
    slots[id] = id;
    last_worker = id; /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t[BATCH];
    long sum = 0;
    for (int base = 0; base < TOTAL; base += BATCH) {
        for (int i = 0; i < BATCH; i++)
            pthread_create(&t[i], NULL, work, (void *)(intptr_t)(base + i));
        for (int i = 0; i < BATCH; i++)
            pthread_join(t[i], NULL);
    }
    for (int i = 0; i < TOTAL; i++)
        sum += slots[i];
    printf("sum %ld last %d\n", sum, last_worker);
    return 0;
}
