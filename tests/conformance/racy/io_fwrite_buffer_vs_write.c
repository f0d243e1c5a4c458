/* Shows: a thread that fwrite()s a buffer while the main thread changes it.
 * Racy: fwrite reads its whole buffer; the main thread's write of one byte of it has no order with the fwrite. */
#include <pthread.h>
#include <stdio.h>

static char record[64] = "a record that is written to a file";

static void *logger(void *arg)
{
    FILE *f = arg;
    fwrite(record, 1, sizeof record, f); /* RACE */
    return NULL;
}

int main(void)
{
    FILE *f = fopen("/dev/null", "w");
    if (!f)
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, logger, f);
    record[10] = 'X'; /* RACE */
    pthread_join(t, NULL);
    fclose(f);
    printf("done\n");
    return 0;
}
