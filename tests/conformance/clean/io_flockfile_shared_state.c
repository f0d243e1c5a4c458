/* Shows: threads that read records from one shared FILE into a shared buffer and update shared totals, inside flockfile()/funlockfile().
 * Ordered by: flockfile is a lock: everything done before funlockfile happens-before what follows the next flockfile of the same FILE; each fread is also ordered by the FILE's own lock. */
#include <pthread.h>
#include <stdio.h>

static FILE *f;
static int record[4];
static long total, records, calls;

static void *reader(void *arg)
{
    (void)arg;
    for (;;) {
        flockfile(f);
        size_t n = fread(record, sizeof record, 1, f);
        calls++; /* every thread, every time: ordered only by the FILE lock */
        if (n == 1) {
            total += record[0] + record[1] + record[2] + record[3];
            records++;
        }
        funlockfile(f);
        if (n != 1)
            return NULL;
    }
}

int main(void)
{
    f = tmpfile();
    if (!f)
        return 1;
    for (int i = 0; i < 400; i++) {
        int r[4] = { i, 1, 2, 3 };
        fwrite(r, sizeof r, 1, f);
    }
    rewind(f);
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, reader, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    fclose(f);
    printf("%ld records in %ld calls, total %ld\n", records, calls, total);
    return records == 400 && total == 400L * 399 / 2 + 400 * 6 ? 0 : 1;
}
