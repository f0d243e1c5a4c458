/* Shows: the Go doc's fix for the shared err: the writer thread keeps its own err (`_, err := f1.Write(data)`).
 * Ordered by: each err is touched by one thread; the writer's result is read after pthread_join. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct write_job {
    const char *path;
    const char *data;
    int result;
};

static int create_file(const char *path) { return path[0] != '\0' ? 0 : -1; }
static int write_file(const char *path, const char *data)
{
    return strlen(path) + strlen(data) > 0 ? 0 : -1;
}

static void *write_first(void *arg)
{
    struct write_job *job = arg;
    int err = write_file(job->path, job->data); /* the thread's own err */
    job->result = err;
    return NULL;
}

static int parallel_write(const char *data, int results[2])
{
    int err;
    pthread_t writer;
    int started = 0;
    struct write_job job = { "file1", data, 0 };

    err = create_file("file1");
    if (err != 0) {
        results[0] = err;
    } else {
        pthread_create(&writer, NULL, write_first, &job);
        started = 1;
    }
    if ((err = create_file("file2")) != 0)
        results[1] = -1;
    else
        results[1] = write_file("file2", data);
    if (started) {
        pthread_join(writer, NULL);
        results[0] = job.result;
    }
    return err;
}

int main(void)
{
    int results[2] = { 1, 1 };
    parallel_write("payload", results);
    printf("results: %d %d\n", results[0], results[1]);
    return 0;
}
