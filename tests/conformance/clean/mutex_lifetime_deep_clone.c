/* Shows: the seed's fix for the mutex with the wrong lifetime: each service deep-clones the pricing table.
 * Ordered by: the global table is only read after creation; each clone is written by its own thread only. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { CHEAP, MIDDLE, EXPENSIVE, NPLANS };

struct plans {
    const char *name[NPLANS];
    int price[NPLANS];
};

struct pricing_info {
    struct plans *plans;
};

struct pricing_service {
    struct pricing_info info;
    pthread_mutex_t info_mtx;
};

static struct plans global_plans = { { "cheap plan", "middle plan", "expensive plan" }, { 1, 0, 5 } };
static struct pricing_info pricing_info = { &global_plans };

static struct pricing_info clone_pricing(struct pricing_info src)
{
    struct pricing_info copy = { malloc(sizeof *copy.plans) };
    *copy.plans = *src.plans;
    return copy;
}

static struct pricing_service *new_pricing_service(void)
{
    struct pricing_service *s = malloc(sizeof *s);
    s->info = clone_pricing(pricing_info);
    pthread_mutex_init(&s->info_mtx, NULL);
    return s;
}

static void free_pricing_service(struct pricing_service *s)
{
    pthread_mutex_destroy(&s->info_mtx);
    free(s->info.plans);
    free(s);
}

static int encode(const struct plans *p)
{
    int total = 0;
    for (int i = 0; i < NPLANS; i++)
        total += p->price[i];
    return total;
}

static void *add_pricing(void *arg)
{
    (void)arg;
    struct pricing_service *svc = new_pricing_service();
    pthread_mutex_lock(&svc->info_mtx);
    svc->info.plans->price[MIDDLE] = 3;
    int total = encode(svc->info.plans);
    pthread_mutex_unlock(&svc->info_mtx);
    free_pricing_service(svc);
    return (void *)(long)total;
}

static void *get_pricing(void *arg)
{
    (void)arg;
    struct pricing_service *svc = new_pricing_service();
    pthread_mutex_lock(&svc->info_mtx);
    int total = encode(svc->info.plans);
    pthread_mutex_unlock(&svc->info_mtx);
    free_pricing_service(svc);
    return (void *)(long)total;
}

int main(void)
{
    pthread_t t[6];
    for (int i = 0; i < 6; i++)
        pthread_create(&t[i], NULL, i == 0 ? get_pricing : add_pricing, NULL);
    for (int i = 0; i < 6; i++) {
        void *total;
        pthread_join(t[i], &total);
        printf("%s saw %ld\n", i == 0 ? "get" : "add", (long)total);
    }
    return 0;
}
