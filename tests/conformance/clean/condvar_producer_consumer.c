/* Shows: a bounded queue of malloc'd messages between 2 producers and 2 consumers (mutex + two condition variables).
 * Ordered by: queue_mu: the producer's unlock (after filling the message) is acquired by the consumer's wait/lock. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CAP 4
#define PER_PRODUCER 200

struct message {
    int producer;
    int seq;
    long body[4];
};

static struct message *ring[CAP];
static int head, count, producers_left = 2;
static pthread_mutex_t queue_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < PER_PRODUCER; i++) {
        struct message *m = malloc(sizeof *m);
        m->producer = id;
        m->seq = i;
        for (int k = 0; k < 4; k++)
            m->body[k] = (long)i * k;
        pthread_mutex_lock(&queue_mu);
        while (count == CAP)
            pthread_cond_wait(&not_full, &queue_mu);
        ring[(head + count) % CAP] = m;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&queue_mu);
    }
    pthread_mutex_lock(&queue_mu);
    producers_left--;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&queue_mu);
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    long sum = 0;
    for (;;) {
        pthread_mutex_lock(&queue_mu);
        while (count == 0 && producers_left > 0)
            pthread_cond_wait(&not_empty, &queue_mu);
        if (count == 0) {
            pthread_mutex_unlock(&queue_mu);
            return (void *)sum;
        }
        struct message *m = ring[head];
        head = (head + 1) % CAP;
        count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&queue_mu);
        sum += m->seq + m->body[3] - 3L * m->seq; /* = seq */
        m->seq = -1; /* the consumer owns the message now */
        free(m);
    }
}

int main(void)
{
    pthread_t p[2], c[2];
    for (int i = 0; i < 2; i++) {
        pthread_create(&c[i], NULL, consumer, NULL);
        pthread_create(&p[i], NULL, producer, (void *)(intptr_t)i);
    }
    long total = 0;
    for (int i = 0; i < 2; i++) {
        void *sum;
        pthread_join(p[i], NULL);
        pthread_join(c[i], &sum);
        total += (long)sum;
    }
    long want = 2L * PER_PRODUCER * (PER_PRODUCER - 1) / 2;
    printf("total %ld (want %ld)\n", total, want);
    return total == want ? 0 : 1;
}
