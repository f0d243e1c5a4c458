/*
 * Workload 3 — malloc/free churn across threads.
 * Four threads allocate blocks of random sizes, fill them, keep a window of
 * live blocks and free the oldest; every 16th block is handed to the next
 * thread through a mutex-protected mailbox and freed there (the
 * allocate-here, free-there pattern of message passing). Exercises the
 * allocator interceptors: heap-block bookkeeping, shadow reset on reuse and
 * free-as-a-write checks.
 *
 *   malloc_churn [ITERS]   allocations per thread (default 400000)
 *
 * bench:smoke-args 3000
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define WINDOW 256

struct block {
    struct block *next;
    size_t words;
    uint64_t data[];
};

struct mailbox {
    pthread_mutex_t lock;
    struct block *head;       /* guarded by lock */
    uint64_t received;        /* owner only */
} boxes[THREADS];

static long iters = 400000;

static uint64_t consume(struct block *b)
{
    uint64_t s = 0;
    for (size_t i = 0; i < b->words; i++)
        s += b->data[i];
    free(b);
    return s;
}

static uint64_t drain(struct mailbox *box)
{
    pthread_mutex_lock(&box->lock);
    struct block *b = box->head;
    box->head = NULL;
    pthread_mutex_unlock(&box->lock);
    uint64_t s = 0;
    while (b) {
        struct block *next = b->next;
        s += consume(b);
        b = next;
    }
    return s;
}

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct mailbox *next_box = &boxes[(id + 1) % THREADS];
    uint64_t *window[WINDOW] = {0};
    uint64_t x = 0x9E3779B97F4A7C15ull * (uint64_t)(id + 1);
    uint64_t sum = 0;
    for (long i = 0; i < iters; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        size_t words = 2 + (x % 64);                    /* 16..528 bytes */
        if ((i & 15) == 15) {
            struct block *b = malloc(sizeof *b + words * sizeof(uint64_t));
            b->words = words;
            for (size_t w = 0; w < words; w++)
                b->data[w] = x + w;
            pthread_mutex_lock(&next_box->lock);
            b->next = next_box->head;
            next_box->head = b;
            pthread_mutex_unlock(&next_box->lock);
            if ((i & 255) == 255)
                sum += drain(&boxes[id]);
            continue;
        }
        uint64_t **slot = &window[x % WINDOW];
        if (*slot) {
            sum += (*slot)[0] + (*slot)[1];
            free(*slot);
        }
        *slot = malloc(words * sizeof(uint64_t));
        (*slot)[0] = x;
        (*slot)[1] = words;
        if (words > 32)
            memset(*slot + 2, (int)(x & 0xff), (words - 2) * sizeof(uint64_t));
    }
    for (int i = 0; i < WINDOW; i++)
        if (window[i]) {
            sum += window[i][0] + window[i][1];
            free(window[i]);
        }
    boxes[id].received = sum;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        iters = atol(argv[1]);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_mutex_init(&boxes[i].lock, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    uint64_t sum = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        sum += boxes[i].received;
    }
    for (int i = 0; i < THREADS; i++)   /* what arrived after a thread's last drain */
        sum += drain(&boxes[i]);
    printf("malloc_churn checksum=%llu\n", (unsigned long long)sum);
    return 0;
}
