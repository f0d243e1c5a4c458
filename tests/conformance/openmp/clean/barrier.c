/* Each thread writes its slot, waits at a barrier, then reads its
 * neighbour's. Two regions: the second reuses libgomp's pooled threads. */
#include <omp.h>
#include <stdio.h>

static int slot[64];

static void round_trip(int base)
{
#pragma omp parallel
    {
        int me = omp_get_thread_num(), n = omp_get_num_threads();
        slot[me] = base + me;
#pragma omp barrier
        int next = slot[(me + 1) % n];
#pragma omp barrier
        slot[me] = next;
#pragma omp barrier
        if (slot[(me + n - 1) % n] != base + me)
            printf("wrong\n");
    }
}

int main(void)
{
    round_trip(0);
    round_trip(100);
    return 0;
}
