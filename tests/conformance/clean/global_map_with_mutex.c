/* Shows: the Go doc's fix for the unprotected service map: RegisterService/LookupService under serviceMu.
 * Ordered by: every access to the table is inside serviceMu; unlock releases into the next lock. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 16
#define THREADS 4

struct service {
    char name[16];
    int port;
    struct service *next;
};

static struct service *services[NBUCKETS];
static pthread_mutex_t service_mu = PTHREAD_MUTEX_INITIALIZER;

static unsigned hash(const char *s)
{
    unsigned h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h % NBUCKETS;
}

static void register_service(const char *name, int port)
{
    struct service *s = malloc(sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->port = port;
    pthread_mutex_lock(&service_mu);
    unsigned h = hash(name);
    s->next = services[h];
    services[h] = s;
    pthread_mutex_unlock(&service_mu);
}

static int lookup_service(const char *name)
{
    int port = -1;
    pthread_mutex_lock(&service_mu);
    for (struct service *s = services[hash(name)]; s != NULL; s = s->next)
        if (strcmp(s->name, name) == 0) {
            port = s->port;
            break;
        }
    pthread_mutex_unlock(&service_mu);
    return port;
}

static void *client(void *arg)
{
    int id = (int)(intptr_t)arg;
    char name[16];
    long found = 0;
    for (int i = 0; i < 50; i++) {
        snprintf(name, sizeof name, "svc-%d-%d", id, i);
        register_service(name, 1000 * id + i);
        snprintf(name, sizeof name, "svc-%d-%d", (id + 1) % THREADS, i);
        found += lookup_service(name) >= 0;
    }
    return (void *)found;
}

int main(void)
{
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, client, (void *)(intptr_t)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    int ok = lookup_service("svc-2-49") == 2049;
    for (int i = 0; i < NBUCKETS; i++)
        while (services[i]) {
            struct service *next = services[i]->next;
            free(services[i]);
            services[i] = next;
        }
    printf("lookup %s\n", ok ? "ok" : "wrong");
    return ok ? 0 : 1;
}
