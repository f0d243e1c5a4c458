/* Shows: a producer that writes lines into a pipe through stdio (fprintf, fputs, fwrite, fflush) and a consumer reading them with fgets and read().
 * Ordered by: what a thread wrote before a stdio output call on a FILE happens-before what follows the read of those bytes from the pipe. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static FILE *out;
static int raw[2];
static int values[20];

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20; i++) {
        values[i] = i * i;
        if (i % 3 == 0)
            fprintf(out, "value %d\n", i);
        else if (i % 3 == 1)
            fputs("value\n", out);
        else
            fwrite("value\n", 1, 6, out);
        fflush(out);
    }
    fclose(out);
    return NULL;
}

static void *raw_producer(void *arg)
{
    (void)arg;
    FILE *f = fdopen(raw[1], "w");
    values[0] = -7;
    fputs("x", f);
    fclose(f);
    return NULL;
}

int main(void)
{
    int fds[2];
    if (pipe(fds) || pipe(raw))
        return 1;
    out = fdopen(fds[1], "w");
    FILE *in = fdopen(fds[0], "r");
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    char line[64];
    long sum = 0;
    for (int i = 0; i < 20; i++) {
        if (!fgets(line, sizeof line, in))
            return 1;
        sum += values[i]; /* written before the line was */
    }
    pthread_join(t, NULL);
    fclose(in);

    pthread_create(&t, NULL, raw_producer, NULL);
    char c;
    if (read(raw[0], &c, 1) != 1 || values[0] != -7) /* plain read() of stdio output */
        return 1;
    values[0] = 0;
    pthread_join(t, NULL);
    printf("sum %ld\n", sum);
    return sum == 2470 ? 0 : 1;
}
