/* Shows: the Nomad seed's config struct: GetConfig hands out the shared pointer under configLock and a caller mutates it.
 * Racy: the update writes a field of the shared config after the lock is dropped, while another thread reads it. */
#include <pthread.h>
#include <stdio.h>

enum { NODE_INIT, NODE_READY };

struct config {
    int dev_mode;
    int node_status;
};

struct client {
    pthread_mutex_t config_lock;
    struct config *config;
};

static struct config *get_config(struct client *c)
{
    pthread_mutex_lock(&c->config_lock);
    struct config *cfg = c->config;
    pthread_mutex_unlock(&c->config_lock);
    return cfg;
}

/* Bug: mutates the published config in place instead of lock-copy-mutate-overwrite. */
static void mark_ready(struct client *c)
{
    get_config(c)->node_status = NODE_READY; /* RACE */
}

static void *heartbeat(void *arg)
{
    struct client *c = arg;
    int status = get_config(c)->node_status; /* RACE */
    return (void *)(long)status;
}

int main(void)
{
    static struct config initial = { 0, NODE_INIT };
    struct client c = { PTHREAD_MUTEX_INITIALIZER, &initial };
    pthread_t t;
    void *status;
    pthread_create(&t, NULL, heartbeat, &c);
    mark_ready(&c);
    pthread_join(t, &status);
    printf("heartbeat saw status %ld\n", (long)status);
    return 0;
}
