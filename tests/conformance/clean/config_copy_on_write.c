/* Shows: the Nomad talk's fix for mutating shared config: UpdateConfig = lock, copy, mutate, overwrite.
 * Ordered by: config_lock: a reader's lock acquires the writer's unlock, and published copies are never mutated. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { NODE_INIT, NODE_READY };

struct config {
    int dev_mode;
    int node_status;
    struct config *older; /* kept until shutdown: readers may still hold old snapshots */
};

struct client {
    pthread_mutex_t config_lock;
    struct config *config;
};

static const struct config *get_config(struct client *c)
{
    pthread_mutex_lock(&c->config_lock);
    const struct config *cfg = c->config;
    pthread_mutex_unlock(&c->config_lock);
    return cfg;
}

static void update_config(struct client *c, void (*mutate)(struct config *))
{
    pthread_mutex_lock(&c->config_lock);
    struct config *fresh = malloc(sizeof *fresh);
    *fresh = *c->config;
    mutate(fresh);
    fresh->older = c->config;
    c->config = fresh;
    pthread_mutex_unlock(&c->config_lock);
}

static void set_ready(struct config *cfg) { cfg->node_status = NODE_READY; }
static void set_dev(struct config *cfg) { cfg->dev_mode = 1; }

static void *heartbeat(void *arg)
{
    struct client *c = arg;
    long sum = 0;
    for (int i = 0; i < 200; i++) {
        const struct config *cfg = get_config(c);
        sum += cfg->node_status + cfg->dev_mode;
    }
    return (void *)sum;
}

int main(void)
{
    struct client *c = malloc(sizeof *c);
    struct config *initial = malloc(sizeof *initial);
    *initial = (struct config){ 0, NODE_INIT, NULL };
    pthread_mutex_init(&c->config_lock, NULL);
    c->config = initial;
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, heartbeat, c);
    update_config(c, set_ready);
    update_config(c, set_dev);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    const struct config *final = get_config(c);
    printf("final: dev=%d status=%d\n", final->dev_mode, final->node_status);
    for (struct config *cfg = c->config; cfg != NULL;) {
        struct config *older = cfg->older;
        free(cfg);
        cfg = older;
    }
    pthread_mutex_destroy(&c->config_lock);
    free(c);
    return 0;
}
