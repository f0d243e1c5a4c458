/* Shows: accesses inside AnnotateIgnoreWritesBegin/End and AnnotateIgnoreReadsBegin/End are not checked.
 * Ordered by: nothing: both sides of the unsynchronized accesses are inside ignore regions. */
#include <pthread.h>
#include <stdio.h>

void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);

static volatile int progress;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 1; i <= 100; i++) {
        AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
        progress = i;
        AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
    }
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    int seen = 0;
    for (int i = 0; i < 100; i++) {
        AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
        seen = progress;
        AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
    }
    pthread_join(t, NULL);
    printf("%s\n", seen >= 0 ? "done" : "?");
    return 0;
}
