/*
 * Workload 10 — a larger real program: the core of a deduplicating backup
 * tool. The main thread cuts a generated input (text-like data with
 * repeated regions) into blocks and feeds their indices to a work queue
 * (one mutex, two condition variables); four workers each take a block,
 * compress it with a small LZ77 (hash-chained match search into a private
 * output buffer), checksum the output with a table-driven CRC-32 (the table
 * is built before the workers start and only read afterwards), look the
 * checksum up in a shared dedup index under a reader-writer lock (readers
 * share it, the first sighting of a block takes it for writing), and count
 * stored and saved bytes with atomics. Every kind of access the detector
 * models meets in one loop, at the proportions of a real program: mostly
 * private compute, some shared reads, a little locking.
 *
 *   dedup_pipeline [BLOCKS]   4 KiB blocks to process (default 6000)
 *
 * The checksum printed combines the per-block results commutatively, so it
 * does not depend on which worker handled which block.
 *
 * bench:smoke-args 200
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORKERS 4
#define BLOCK 4096
#define QUEUE 32
#define INDEX_SLOTS (1u << 16)
#define HASH_BITS 12

static uint32_t crc_table[256];      /* written before the workers start */
static unsigned char *input;         /* likewise */
static size_t blocks = 6000;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    size_t items[QUEUE];
    unsigned head, count;
    int done;
} queue = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
           {0}, 0, 0, 0};

static struct {
    pthread_rwlock_t lock;
    uint32_t crc[INDEX_SLOTS];       /* 0: empty; open addressing */
    uint32_t seen[INDEX_SLOTS];
} dedup = {PTHREAD_RWLOCK_INITIALIZER, {0}, {0}};

static atomic_ullong stored_bytes, saved_bytes, crc_sum;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

/* Text-like input, block by block: words from a small vocabulary, and one
 * block in five (after the first eight) a copy of an earlier block, which
 * the dedup index then finds. */
static void make_input(size_t nblocks)
{
    static const char *const words[] = {"racetest ", "thread ", "mutex ", "happens ", "before ",
                                        "shadow ", "clock ", "epoch ", "report ", "seed "};
    uint64_t x = 88172645463325252ull;
    for (size_t b = 0; b < nblocks; b++) {
        unsigned char *block = input + b * BLOCK;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        if (b >= 8 && x % 5 == 0) {
            memcpy(block, input + (x >> 8) % b * BLOCK, BLOCK);
            continue;
        }
        for (size_t pos = 0; pos < BLOCK;) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *w = words[(x >> 20) % 10];
            for (size_t k = 0; w[k] && pos < BLOCK; k++)
                block[pos++] = (unsigned char)w[k];
        }
    }
}

/* LZ77 with one hash chain head per 3-byte prefix: literals as (0, byte),
 * matches as (length, 16-bit distance). Returns the output length. */
static size_t compress(const unsigned char *in, size_t n, unsigned char *out)
{
    int16_t head[1 << HASH_BITS];
    memset(head, -1, sizeof head);
    size_t i = 0, o = 0;
    while (i < n) {
        size_t best = 0, dist = 0;
        if (i + 3 <= n) {
            unsigned h = ((in[i] << 8) ^ (in[i + 1] << 4) ^ in[i + 2]) & ((1 << HASH_BITS) - 1);
            int cand = head[h];
            head[h] = (int16_t)i;
            if (cand >= 0) {
                size_t len = 0;
                while (i + len < n && len < 255 && in[cand + len] == in[i + len])
                    len++;
                if (len >= 4)
                    best = len, dist = i - (size_t)cand;
            }
        }
        if (best) {
            out[o++] = (unsigned char)best;
            out[o++] = (unsigned char)(dist & 0xff);
            out[o++] = (unsigned char)(dist >> 8);
            i += best;
        } else {
            out[o++] = 0;
            out[o++] = in[i++];
        }
    }
    return o;
}

/* True the first time a checksum is seen. Readers share the index; only a
 * miss takes it for writing (and looks again: another worker may have
 * inserted it meanwhile). */
static int first_sighting(uint32_t crc)
{
    uint32_t key = crc ? crc : 1;
    unsigned slot = key & (INDEX_SLOTS - 1);
    pthread_rwlock_rdlock(&dedup.lock);
    while (dedup.crc[slot] && dedup.crc[slot] != key)
        slot = (slot + 1) & (INDEX_SLOTS - 1);
    int known = dedup.crc[slot] == key;
    pthread_rwlock_unlock(&dedup.lock);
    if (known)
        return 0;
    pthread_rwlock_wrlock(&dedup.lock);
    slot = key & (INDEX_SLOTS - 1);
    while (dedup.crc[slot] && dedup.crc[slot] != key)
        slot = (slot + 1) & (INDEX_SLOTS - 1);
    int first = dedup.crc[slot] != key;
    dedup.crc[slot] = key;
    dedup.seen[slot]++;
    pthread_rwlock_unlock(&dedup.lock);
    return first;
}

static void *worker(void *arg)
{
    (void)arg;
    unsigned char *out = malloc(3 * BLOCK);
    if (!out)
        abort();
    for (;;) {
        pthread_mutex_lock(&queue.lock);
        while (!queue.count && !queue.done)
            pthread_cond_wait(&queue.not_empty, &queue.lock);
        if (!queue.count) {
            pthread_mutex_unlock(&queue.lock);
            break;
        }
        size_t b = queue.items[queue.head];
        queue.head = (queue.head + 1) % QUEUE;
        queue.count--;
        pthread_cond_signal(&queue.not_full);
        pthread_mutex_unlock(&queue.lock);

        size_t n = compress(input + b * BLOCK, BLOCK, out);
        uint32_t crc = crc32(out, n);
        atomic_fetch_add_explicit(&crc_sum, crc, memory_order_relaxed);
        if (first_sighting(crc))
            atomic_fetch_add_explicit(&stored_bytes, n, memory_order_relaxed);
        else
            atomic_fetch_add_explicit(&saved_bytes, BLOCK, memory_order_relaxed);
    }
    free(out);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        blocks = strtoul(argv[1], NULL, 10);
    if (blocks < 16)
        blocks = 16;
    input = malloc(blocks * BLOCK);
    if (!input)
        return 1;
    crc_init();
    make_input(blocks);

    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (size_t b = 0; b < blocks; b++) {
        pthread_mutex_lock(&queue.lock);
        while (queue.count == QUEUE)
            pthread_cond_wait(&queue.not_full, &queue.lock);
        queue.items[(queue.head + queue.count) % QUEUE] = b;
        queue.count++;
        pthread_cond_signal(&queue.not_empty);
        pthread_mutex_unlock(&queue.lock);
    }
    pthread_mutex_lock(&queue.lock);
    queue.done = 1;
    pthread_cond_broadcast(&queue.not_empty);
    pthread_mutex_unlock(&queue.lock);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(t[i], NULL);

    printf("dedup_pipeline checksum=%llu stored=%llu saved=%llu\n",
           (unsigned long long)atomic_load(&crc_sum), (unsigned long long)atomic_load(&stored_bytes),
           (unsigned long long)atomic_load(&saved_bytes));
    free(input);
    return 0;
}
