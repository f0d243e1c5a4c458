/* dlopen and dlsym from a constructor and inside a parallel region, after
 * a failed dlopen left an error behind (what libomp does at its first
 * fork): the runtime's own lookups must not come back into themselves. */
#include <dlfcn.h>
#include <stdio.h>

static void *libm;

__attribute__((constructor)) static void load_early(void)
{
    if (!dlopen("libracetest-no-such-library.so", RTLD_NOW))
        libm = dlopen("libm.so.6", RTLD_NOW);
}

int main(void)
{
    int found = 0;
#pragma omp parallel reduction(+ : found)
    {
        dlopen("libracetest-no-such-library.so", RTLD_NOW);
        void *h = dlopen("libm.so.6", RTLD_NOW);
        found += h && dlsym(h, "cos");
        if (h)
            dlclose(h);
    }
    printf("%d %d\n", libm != NULL, found > 0);
    return !libm || !found;
}
