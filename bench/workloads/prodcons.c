/*
 * Workload 7 — producer/consumer queue with condition variables.
 * Two producers fill heap-allocated messages and push them into a bounded
 * ring (one mutex, "not full" and "not empty" condition variables); two
 * consumers pop, read and free them. Ownership of each message travels
 * through the mutex, including across pthread_cond_wait, which must be
 * modelled as unlock + lock or every message is a false report.
 *
 *   prodcons [MSGS]   messages per producer (default 60000)
 *
 * bench:smoke-args 2000
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define PRODUCERS 2
#define CONSUMERS 2
#define QUEUE 64
#define PAYLOAD 16

struct message {
    uint64_t seq;
    uint64_t payload[PAYLOAD];
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t not_full, not_empty;
    struct message *ring[QUEUE];   /* all fields guarded by lock */
    unsigned head, count;
    int producers_left;
} q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
       {0}, 0, 0, PRODUCERS};

static long msgs = 60000;

static void *producer(void *arg)
{
    uint64_t base = (uint64_t)(uintptr_t)arg * 1000003u;
    for (long i = 0; i < msgs; i++) {
        struct message *m = malloc(sizeof *m);
        m->seq = base + (uint64_t)i;
        for (int k = 0; k < PAYLOAD; k++)
            m->payload[k] = m->seq * (uint64_t)(k + 1);
        pthread_mutex_lock(&q.lock);
        while (q.count == QUEUE)
            pthread_cond_wait(&q.not_full, &q.lock);
        q.ring[(q.head + q.count) % QUEUE] = m;
        q.count++;
        pthread_cond_signal(&q.not_empty);
        pthread_mutex_unlock(&q.lock);
    }
    pthread_mutex_lock(&q.lock);
    if (--q.producers_left == 0)
        pthread_cond_broadcast(&q.not_empty);
    pthread_mutex_unlock(&q.lock);
    return NULL;
}

static void *consumer(void *arg)
{
    uint64_t *sum = arg;
    for (;;) {
        pthread_mutex_lock(&q.lock);
        while (q.count == 0 && q.producers_left > 0)
            pthread_cond_wait(&q.not_empty, &q.lock);
        if (q.count == 0) {
            pthread_mutex_unlock(&q.lock);
            return NULL;
        }
        struct message *m = q.ring[q.head];
        q.head = (q.head + 1) % QUEUE;
        q.count--;
        pthread_cond_signal(&q.not_full);
        pthread_mutex_unlock(&q.lock);
        for (int k = 0; k < PAYLOAD; k++)
            *sum += m->payload[k] ^ m->seq;
        free(m);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1)
        msgs = atol(argv[1]);
    pthread_t p[PRODUCERS], c[CONSUMERS];
    uint64_t sums[CONSUMERS] = {0};
    for (int i = 0; i < CONSUMERS; i++)
        pthread_create(&c[i], NULL, consumer, &sums[i]);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_create(&p[i], NULL, producer, (void *)(uintptr_t)(i + 1));
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(p[i], NULL);
    uint64_t sum = 0;
    for (int i = 0; i < CONSUMERS; i++) {
        pthread_join(c[i], NULL);
        sum += sums[i];
    }
    printf("prodcons checksum=%llu\n", (unsigned long long)sum);
    return 0;
}
