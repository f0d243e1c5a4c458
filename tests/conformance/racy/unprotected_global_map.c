/* Shows: the Go doc's "unprotected global variable": RegisterService/LookupService on a global map, no lock.
 * Racy: lookup reads the bucket head that register then overwrites; the relaxed handshake orders them in time only. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 16

struct service {
    const char *name;
    int port;
    struct service *next;
};

static struct service *services[NBUCKETS];
static atomic_int looked_up; /* relaxed: makes lookup run first, creates no happens-before */

static unsigned hash(const char *s)
{
    return ((unsigned char)s[0] * 31u + (unsigned)strlen(s)) % NBUCKETS;
}

__attribute__((noinline)) static void register_service(const char *name, int port)
{
    struct service *s = malloc(sizeof *s);
    unsigned h = hash(name);
    s->name = name;
    s->port = port;
    s->next = services[h];
    services[h] = s; /* RACE */
}

/* Kept out of line so that the bucket load below is not folded into the chain loop
 * (clang -O2 then gives it line 0 in the debug info). */
__attribute__((noinline)) static int find_in_chain(const struct service *s, const char *name)
{
    while (s != NULL && strcmp(s->name, name) != 0)
        s = s->next;
    return s != NULL ? s->port : -1;
}

__attribute__((noinline)) static int lookup_service(const char *name)
{
    const struct service *head = services[hash(name)]; /* RACE */
    return find_in_chain(head, name);
}

static void *client(void *arg)
{
    (void)arg;
    int port = lookup_service("db");
    atomic_store_explicit(&looked_up, 1, memory_order_relaxed);
    return (void *)(long)port;
}

int main(void)
{
    pthread_t t;
    void *port;
    pthread_create(&t, NULL, client, NULL);
    while (!atomic_load_explicit(&looked_up, memory_order_relaxed))
        sched_yield();
    register_service("db", 5432);
    pthread_join(t, &port);
    printf("client saw port %ld, now db=%d cache=%d\n", (long)port, lookup_service("db"),
           lookup_service("cache"));
    for (int i = 0; i < NBUCKETS; i++)
        while (services[i]) {
            struct service *next = services[i]->next;
            free(services[i]);
            services[i] = next;
        }
    return 0;
}
