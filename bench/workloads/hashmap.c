/*
 * Workload 6 — a mutex-protected hash map.
 * A chained hash table with lock striping (64 mutexes over 4096 buckets),
 * shared by four threads doing a mix of lookups (60%), add-to-value upserts
 * (30%, allocating a node on first insert) and deletes (10%, freeing the
 * node). Typical of a cache or symbol table in a server: short critical
 * sections, pointer chasing, heap nodes that move between threads.
 *
 *   hashmap [OPS]   operations per thread (default 400000)
 *
 * bench:smoke-args 3000
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef THREADS /* bench/threads.sh builds other counts */
#define THREADS 4
#endif
#define BUCKETS 4096
#define STRIPES 64
#define KEYS 20000

struct node {
    struct node *next;
    uint64_t key;
    uint64_t value;
};

static struct node *bucket[BUCKETS];          /* bucket b guarded by stripe[b % STRIPES] */
static pthread_mutex_t stripe[STRIPES];
static long ops = 400000;

struct tally {
    unsigned id;
    uint64_t added;     /* sum of every value added */
    uint64_t removed;   /* sum of the values of deleted nodes */
    uint64_t hits;      /* lookups that found their key (timing dependent) */
};

static unsigned hash(uint64_t key)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return (unsigned)(key % BUCKETS);
}

static void *worker(void *arg)
{
    struct tally *t = arg;
    uint64_t x = 0x2545F4914F6CDD1Dull * (t->id + 1);
    for (long i = 0; i < ops; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        uint64_t key = (x >> 8) % KEYS;
        unsigned b = hash(key), op = (unsigned)(x % 10);
        pthread_mutex_t *m = &stripe[b % STRIPES];
        pthread_mutex_lock(m);
        struct node **pp = &bucket[b];
        while (*pp && (*pp)->key != key)
            pp = &(*pp)->next;
        struct node *n = *pp;
        if (op < 6) {
            if (n)
                t->hits += n->value & 1;
        } else if (op < 9) {
            uint64_t v = (x >> 20) & 0xfff;
            if (!n) {
                n = malloc(sizeof *n);
                n->key = key;
                n->value = 0;
                n->next = bucket[b];
                bucket[b] = n;
            }
            n->value += v;
            t->added += v;
        } else if (n) {
            *pp = n->next;
            t->removed += n->value;
            free(n);
        }
        pthread_mutex_unlock(m);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        ops = atol(argv[1]);
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&stripe[i], NULL);
    pthread_t t[THREADS];
    struct tally tally[THREADS] = {{0}};
    for (int i = 0; i < THREADS; i++) {
        tally[i].id = (unsigned)i;
        pthread_create(&t[i], NULL, worker, &tally[i]);
    }
    uint64_t added = 0, removed = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        added += tally[i].added;
        removed += tally[i].removed;
    }
    uint64_t remaining = 0;
    for (int b = 0; b < BUCKETS; b++)
        while (bucket[b]) {
            struct node *n = bucket[b];
            bucket[b] = n->next;
            remaining += n->value;
            free(n);
        }
    /* What stays in the map depends on the interleaving; this identity does not. */
    if (remaining + removed != added) {
        fprintf(stderr, "hashmap: lost updates: %llu + %llu != %llu\n",
                (unsigned long long)remaining, (unsigned long long)removed,
                (unsigned long long)added);
        return 1;
    }
    printf("hashmap checksum=%llu\n", (unsigned long long)added);
    return 0;
}
