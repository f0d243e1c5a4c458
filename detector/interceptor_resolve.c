/*
 * interceptor_resolve.c — finding the real libc function behind an
 * interceptor, without coming back into an interceptor that is itself
 * still unresolved.
 *
 * dlsym is not a leaf: glibc's _dlerror_run frees the error string that an
 * earlier failed dlopen/dlsym of any library left behind (libomp probes
 * for optional libraries at its first fork), and that free is ours. Were
 * our free to do its normal work there, it could call another interceptor
 * whose real function is unknown yet (pthread_once, memset), whose
 * resolution calls dlsym, which frees the same string again: an endless
 * recursion (issue 19, 240,000 frames). So while a thread resolves,
 * rt_resolving is raised and free only returns the block to glibc
 * (interceptors_malloc.c): the block is the dynamic linker's own, never
 * checked, and malloc resets its shadow when it is handed out again.
 */
#include <string.h>

#include "interceptors.h"
#include "omp_runtime_code.h"

__thread int rt_resolving __attribute__((tls_model("initial-exec")));

/* gcc -fopenmp links libgomp as needed; a program whose only calls into
 * it are ones the runtime intercepts (GOMP_parallel, omp_set_lock) does
 * not need it as far as the linker can tell, and it is not loaded. Such
 * names are then looked up in libgomp, loaded here. */
static void *from_libgomp(const char *name)
{
    if (strncmp(name, "GOMP_", 5) && strncmp(name, "omp_", 4))
        return NULL;
    void *lib = dlopen("libgomp.so.1", RTLD_NOW | RTLD_GLOBAL);
    if (!lib)
        return NULL;
    omp_runtime_code_init();
    return dlsym(lib, name);
}

void *interceptor_resolve(const char *name, const char *version)
{
    rt_resolving++;
    void *p = version ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name);
    if (!p && !version)
        p = from_libgomp(name);
    rt_resolving--;
    if (!p)
        rt_fatal("cannot find the real %s in libc", name);
    return p;
}
