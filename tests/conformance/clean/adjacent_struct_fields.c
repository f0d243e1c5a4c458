/* Shows: byte-adjacent struct fields (char, char, short, int) each written by a different thread at the same time.
 * Ordered by: nothing is needed: distinct non-bit-field members are distinct memory locations, so there is no race. */
#include <pthread.h>
#include <stdio.h>

struct packed_counters {
    char a;
    char b;
    short c;
    int d;
};

static struct packed_counters pc;

static void *write_a(void *arg) { (void)arg; for (int i = 0; i < 100; i++) pc.a = (char)i; return NULL; }
static void *write_b(void *arg) { (void)arg; for (int i = 0; i < 100; i++) pc.b = (char)(i + 1); return NULL; }
static void *write_c(void *arg) { (void)arg; for (int i = 0; i < 100; i++) pc.c = (short)(i * 2); return NULL; }
static void *write_d(void *arg) { (void)arg; for (int i = 0; i < 100; i++) pc.d = i * 3; return NULL; }

int main(void)
{
    void *(*writers[4])(void *) = { write_a, write_b, write_c, write_d };
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, writers[i], NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("%d %d %d %d\n", pc.a, pc.b, pc.c, pc.d);
    return 0;
}
