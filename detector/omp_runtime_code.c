/*
 * omp_runtime_code.c — where the OpenMP runtimes' code lies (see
 * omp_runtime_code.h).
 */
#include <link.h>
#include <string.h>

#include "omp_runtime_code.h"

uptr omp_code_lo[OMP_RUNTIMES], omp_code_size[OMP_RUNTIMES];

/* gcc's runtime, and LLVM's (also installed as libiomp5 and libgomp
 * compatibility names, which are links to the same file). */
static const char *const runtime_names[OMP_RUNTIMES] = {"libgomp.so", "libomp"};

static int find_runtime(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size, (void)arg;
    const char *base = info->dlpi_name ? strrchr(info->dlpi_name, '/') : NULL;
    base = base ? base + 1 : info->dlpi_name;
    if (!base)
        return 0;
    for (int r = 0; r < OMP_RUNTIMES; r++) {
        if (strncmp(base, runtime_names[r], strlen(runtime_names[r])))
            continue;
        for (int i = 0; i < info->dlpi_phnum; i++) {
            const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
            if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
                STORE(&omp_code_lo[r], info->dlpi_addr + ph->p_vaddr);
                STORE(&omp_code_size[r], ph->p_memsz);
            }
        }
    }
    return 0;
}

void omp_runtime_code_init(void)
{
    dl_iterate_phdr(find_runtime, NULL);
}
