/* Shows: the seed's "improper lifetime of a mutex": each handler builds its own service with its own mutex.
 * Racy: both handlers reach the one global plans table through a shallow copy; their mutexes are different. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { CHEAP, MIDDLE, EXPENSIVE, NPLANS };

struct plans {
    const char *name[NPLANS];
    int price[NPLANS]; /* 0 = not offered */
};

struct pricing_info {
    struct plans *plans; /* shallow: every copy shares the table */
};

struct pricing_service {
    struct pricing_info info;
    pthread_mutex_t info_mtx; /* lives only as long as one request */
};

static struct plans global_plans = { { "cheap plan", "middle plan", "expensive plan" }, { 1, 0, 5 } };
static struct pricing_info pricing_info = { &global_plans };

static struct pricing_service *new_pricing_service(void)
{
    struct pricing_service *s = malloc(sizeof *s);
    s->info = pricing_info;
    pthread_mutex_init(&s->info_mtx, NULL);
    return s;
}

static void free_pricing_service(struct pricing_service *s)
{
    pthread_mutex_destroy(&s->info_mtx);
    free(s);
}

static int encode(const struct plans *p)
{
    int total = 0;
    for (int i = 0; i < NPLANS; i++)
        total += p->price[i]; /* RACE */
    return total;
}

static void *add_pricing(void *arg)
{
    (void)arg;
    struct pricing_service *svc = new_pricing_service();
    pthread_mutex_lock(&svc->info_mtx);
    svc->info.plans->price[MIDDLE] = 3; /* RACE */
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
    pthread_t add, get;
    void *added, *got;
    pthread_create(&get, NULL, get_pricing, NULL);
    pthread_create(&add, NULL, add_pricing, NULL);
    pthread_join(get, &got);
    pthread_join(add, &added);
    printf("get saw %ld, add saw %ld\n", (long)got, (long)added);
    return 0;
}
