/* Shows: a reader-writer spinlock on relaxed atomics described with AnnotateRWLockCreate/Acquired/Released/Destroy.
 * Ordered by: the annotations: a writer's release is acquired by later readers and writers, readers' by later writers. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

void AnnotateRWLockCreate(const char *file, int line, const volatile void *lock);
void AnnotateRWLockDestroy(const char *file, int line, const volatile void *lock);
void AnnotateRWLockAcquired(const char *file, int line, const volatile void *lock, long is_w);
void AnnotateRWLockReleased(const char *file, int line, const volatile void *lock, long is_w);

/* -1: a writer holds it; n > 0: n readers. */
static atomic_int state;
static int table[8];

static void write_lock(void)
{
    int expected = 0;
    while (!atomic_compare_exchange_weak_explicit(&state, &expected, -1, memory_order_relaxed,
                                                  memory_order_relaxed))
        expected = 0;
    AnnotateRWLockAcquired(__FILE__, __LINE__, &state, 1);
}

static void write_unlock(void)
{
    AnnotateRWLockReleased(__FILE__, __LINE__, &state, 1);
    atomic_store_explicit(&state, 0, memory_order_relaxed);
}

static void read_lock(void)
{
    for (;;) {
        int n = atomic_load_explicit(&state, memory_order_relaxed);
        if (n >= 0 && atomic_compare_exchange_weak_explicit(&state, &n, n + 1, memory_order_relaxed,
                                                            memory_order_relaxed))
            break;
    }
    AnnotateRWLockAcquired(__FILE__, __LINE__, &state, 0);
}

static void read_unlock(void)
{
    AnnotateRWLockReleased(__FILE__, __LINE__, &state, 0);
    atomic_fetch_sub_explicit(&state, 1, memory_order_relaxed);
}

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++) {
        write_lock();
        table[i % 8] += i;
        write_unlock();
    }
    return NULL;
}

static void *reader(void *arg)
{
    long *sum = arg;
    for (int i = 0; i < 200; i++) {
        read_lock();
        *sum += table[i % 8];
        read_unlock();
    }
    return NULL;
}

int main(void)
{
    AnnotateRWLockCreate(__FILE__, __LINE__, &state);
    pthread_t w1, w2, r1, r2;
    long s1 = 0, s2 = 0;
    pthread_create(&w1, NULL, writer, NULL);
    pthread_create(&r1, NULL, reader, &s1);
    pthread_create(&w2, NULL, writer, NULL);
    pthread_create(&r2, NULL, reader, &s2);
    pthread_join(w1, NULL);
    pthread_join(r1, NULL);
    pthread_join(w2, NULL);
    pthread_join(r2, NULL);
    AnnotateRWLockDestroy(__FILE__, __LINE__, &state);
    printf("%s\n", s1 + s2 >= 0 ? "done" : "?");
    return 0;
}
