/* Shows: the correct twin of racy/map_concurrent_insert.c: main waits for the child's "channel send" before its own insert.
 * Ordered by: the child's insert precedes its signal under chan_mu; main's wait acquires chan_mu before inserting. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 16

struct map {
    const char *key[SLOTS];
    const char *val[SLOTS];
    int count;
};

static struct map m;
static pthread_mutex_t chan_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t chan_cv = PTHREAD_COND_INITIALIZER;
static int chan_full;

static unsigned slot_of(const char *k)
{
    unsigned h = 0;
    while (*k)
        h = h * 31 + (unsigned char)*k++;
    return h % SLOTS;
}

static void map_set(struct map *mp, const char *k, const char *v)
{
    unsigned i = slot_of(k);
    while (mp->key[i] != NULL && strcmp(mp->key[i], k) != 0)
        i = (i + 1) % SLOTS;
    if (mp->key[i] == NULL)
        mp->count++;
    mp->key[i] = k;
    mp->val[i] = v;
}

static void *child(void *arg)
{
    (void)arg;
    map_set(&m, "1", "a");
    pthread_mutex_lock(&chan_mu);
    chan_full = 1;
    pthread_cond_signal(&chan_cv);
    pthread_mutex_unlock(&chan_mu);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, child, NULL);
    pthread_mutex_lock(&chan_mu);
    while (!chan_full)
        pthread_cond_wait(&chan_cv, &chan_mu);
    pthread_mutex_unlock(&chan_mu);
    map_set(&m, "2", "b"); /* after <-c */
    for (int i = 0; i < SLOTS; i++)
        if (m.key[i])
            printf("%s %s\n", m.key[i], m.val[i]);
    pthread_join(t, NULL);
    return m.count == 2 ? 0 : 1;
}
