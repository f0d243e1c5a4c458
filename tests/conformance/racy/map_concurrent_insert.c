/* Shows: the Go doc's first example: m["1"] = "a" in a goroutine, m["2"] = "b" in main, then <-c.
 * Racy: both inserts update the map's shared size; the child's "channel send" comes after its insert, main's receive after its own. */
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

/* A one-shot channel: mutex + condition variable. */
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
    mp->key[i] = k;
    mp->val[i] = v;
    mp->count++; /* RACE */
}

static void *child(void *arg)
{
    (void)arg;
    map_set(&m, "1", "a"); /* first conflicting access */
    pthread_mutex_lock(&chan_mu);
    chan_full = 1; /* c <- true */
    pthread_cond_signal(&chan_cv);
    pthread_mutex_unlock(&chan_mu);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, child, NULL);
    map_set(&m, "2", "b"); /* second conflicting access */
    pthread_mutex_lock(&chan_mu);
    while (!chan_full) /* <-c */
        pthread_cond_wait(&chan_cv, &chan_mu);
    pthread_mutex_unlock(&chan_mu);
    for (int i = 0; i < SLOTS; i++)
        if (m.key[i])
            printf("%s %s\n", m.key[i], m.val[i]);
    printf("count %d\n", m.count);
    pthread_join(t, NULL);
    return 0;
}
