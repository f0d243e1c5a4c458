/* Tasks: creation happens before execution (the task reads what its
 * creator wrote), taskwait orders the children before the parent's read,
 * taskgroup waits for descendants, an if(0) task runs at once. */
#include <stdio.h>

static int input[8], output[8], nested;

int main(void)
{
    int bad = 0;
#pragma omp parallel
#pragma omp single
    {
        for (int i = 0; i < 8; i++) {
            input[i] = i;
#pragma omp task firstprivate(i)
            output[i] = input[i] * 2;
        }
#pragma omp taskwait
        for (int i = 0; i < 8; i++)
            bad += output[i] != 2 * i;
#pragma omp taskgroup
        {
#pragma omp task
            {
#pragma omp task
                nested = 1;
            }
        }
        bad += nested != 1;
#pragma omp task if (0)
        nested = 2;
        bad += nested != 2;
    }
    printf("%d\n", bad);
    return bad;
}
