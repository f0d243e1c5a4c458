/*
 * symbolize.c — libdw-based symbolization (see symbolize.h).
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "symbolize.h"

static Dwfl *dwfl;
static char *debuginfo_path;
/* Separate debug information comes from this machine only, from the
 * build-id tree where Debian's -dbgsym packages put it. The standard
 * lookup would also ask a debuginfod server whenever DEBUGINFOD_URLS is
 * set (Debian sets it in login shells): libdw then loads libdebuginfod,
 * libcurl and libcrypto into the program in the middle of a report and
 * reaches out to the network (issue 19's stray CRYPTO_free_ex_data frames
 * name a function of libcrypto, which only this path brings in). */
static const Dwfl_Callbacks callbacks = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = dwfl_build_id_find_debuginfo,
    .debuginfo_path = &debuginfo_path,
};

/* (Re)reads the process's mappings: at first use, and when a pc falls in a
 * module loaded since (dlopen). From the calling thread's own task entry:
 * /proc/PID/maps is the main thread's, and reads empty once the main
 * thread has called pthread_exit while others go on. */
static void report_modules(void)
{
    if (!dwfl)
        dwfl = dwfl_begin(&callbacks);
    if (!dwfl)
        return;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/maps", (int)gettid());
    FILE *maps = fopen(path, "r");
    dwfl_report_begin(dwfl);
    if (maps) {
        dwfl_linux_proc_maps_report(dwfl, maps);
        fclose(maps);
    }
    dwfl_report_end(dwfl, NULL, NULL);
}

static Dwfl_Module *module_of(uptr addr)
{
    if (!dwfl)
        report_modules();
    if (!dwfl)
        return NULL;
    Dwfl_Module *m = dwfl_addrmodule(dwfl, addr);
    if (!m) {
        report_modules();
        m = dwfl_addrmodule(dwfl, addr);
    }
    return m;
}

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static void set_file(struct frame *f, const char *path)
{
    const char *p = path ? path : "";
    size_t n = strlen(rt_opts.strip_path_prefix);
    if (n && !strncmp(p, rt_opts.strip_path_prefix, n))
        p += n;
    copy(f->file, sizeof f->file, p);
}

static void set_module(struct frame *f, Dwfl_Module *m, uptr pc)
{
    Dwarf_Addr base;
    const char *name = dwfl_module_info(m, NULL, &base, NULL, NULL, NULL, NULL, NULL);
    const char *slash = name ? strrchr(name, '/') : NULL;
    copy(f->module, sizeof f->module, slash ? slash + 1 : name);
    f->module_offset = pc - base;
}

static bool cu_contains(Dwarf_Die *cu, Dwarf_Addr addr)
{
    Dwarf_Addr base, start, end;
    ptrdiff_t off = 0;
    while ((off = dwarf_ranges(cu, off, &base, &start, &end)) > 0)
        if (addr >= start && addr < end)
            return true;
    return false;
}

/* The compilation unit containing addr. libdw's lookup relies on
 * .debug_aranges, which clang does not emit (libdw then answers with a
 * wrong unit or none), so check its answer and fall back to a scan of the
 * units' address ranges. */
static Dwarf_Die *cu_of(Dwfl_Module *m, Dwarf_Addr addr, Dwarf_Addr *bias)
{
    Dwarf_Die *cu = dwfl_module_addrdie(m, addr, bias);
    if (cu && cu_contains(cu, addr - *bias))
        return cu;
    cu = NULL;
    while ((cu = dwfl_module_nextcu(m, cu, bias)))
        if (cu_contains(cu, addr - *bias))
            return cu;
    return NULL;
}

/* The scopes that contain addr physically, innermost first, through every
 * level of inlining. dwarf_getscopes alone is not that: past the innermost
 * inlined instance it continues with the scopes of that function's
 * abstract definition (a chain outer -> mid -> inner then loses mid, and
 * outer gets mid's line). So take the innermost inlined instance from it,
 * and the chain of DIEs that contain that instance from
 * dwarf_getscopes_die, as eu-addr2line -i does. *out is malloc'ed. */
static int inline_chain(Dwarf_Die *cu, Dwarf_Addr addr, Dwarf_Die **out)
{
    Dwarf_Die *scopes = NULL;
    int n = dwarf_getscopes(cu, addr, &scopes);
    for (int i = 0; i < n; i++) {
        if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine)
            continue;
        Dwarf_Die innermost = scopes[i];
        free(scopes);
        return dwarf_getscopes_die(&innermost, out);
    }
    *out = scopes;
    return n;
}

unsigned symbolize(uptr pc, bool is_return_address, struct frame *out, unsigned max)
{
    Dwarf_Addr addr = pc - (is_return_address ? 1 : 0);
    struct frame *f = &out[0];
    memset(f, 0, sizeof *f);
    Dwfl_Module *m = module_of(addr);
    if (!m) {
        f->offset = pc;
        return 1;
    }
    set_module(f, m, pc);
    GElf_Off off = 0;
    GElf_Sym sym;
    const char *name = dwfl_module_addrinfo(m, addr, &off, &sym, NULL, NULL, NULL);
    copy(f->func, sizeof f->func, name);
    f->offset = off + (pc - addr);
    /* libc's and the loader's frames are only ever shown by name (and
     * dropped at the outer end of a stack); loading their debug info, where
     * installed, would cost most of a report's time. */
    if (!strncmp(f->module, "libc.so", 7) || !strncmp(f->module, "ld-linux", 8))
        return 1;

    /* Line and inlining come from the compilation unit of addr. */
    Dwarf_Addr bias;
    Dwarf_Die *cu = cu_of(m, addr, &bias);
    if (!cu)
        return 1;
    Dwarf_Line *line = dwarf_getsrc_die(cu, addr - bias);
    if (line) {
        int lineno = 0;
        dwarf_lineno(line, &lineno);
        set_file(f, dwarf_linesrc(line, NULL, NULL));
        f->line = lineno;
    }

    /* Inlined code: the line belongs to the innermost inlined function; each
     * enclosing inlined call site becomes a frame of its own. */
    Dwarf_Die *scopes = NULL;
    int nscopes = inline_chain(cu, addr - bias, &scopes);
    unsigned n = 1;
    /* scopes[0] is innermost. Walk inlined subroutines outwards: the name of
     * each goes to the current frame; its call site starts the next one. */
    for (int i = 0; i < nscopes && n < max; i++) {
        if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine)
            continue;
        Dwarf_Die origin;
        Dwarf_Attribute attr;
        const char *inl_name = NULL;
        if (dwarf_attr_integrate(&scopes[i], DW_AT_abstract_origin, &attr) &&
            dwarf_formref_die(&attr, &origin))
            inl_name = dwarf_diename(&origin);
        struct frame *inner = &out[n - 1];
        struct frame *outer = &out[n];
        *outer = *inner;
        copy(inner->func, sizeof inner->func, inl_name ? inl_name : "??");
        Dwarf_Word call_line = 0, call_file = 0;
        if (dwarf_attr(&scopes[i], DW_AT_call_line, &attr))
            dwarf_formudata(&attr, &call_line);
        if (dwarf_attr(&scopes[i], DW_AT_call_file, &attr))
            dwarf_formudata(&attr, &call_file);
        Dwarf_Files *files;
        size_t nfiles;
        if (dwarf_getsrcfiles(cu, &files, &nfiles) == 0 && call_file < nfiles)
            set_file(outer, dwarf_filesrc(files, call_file, NULL, NULL));
        outer->line = (int)call_line;
        n++;
    }
    free(scopes);
    return n;
}

bool symbolize_data(uptr addr, char *name, size_t name_cap, uptr *start, uptr *size,
                    char *module, size_t module_cap, uptr *module_offset)
{
    Dwfl_Module *m = module_of(addr);
    if (!m)
        return false;
    GElf_Off off = 0;
    GElf_Sym sym;
    const char *sname = dwfl_module_addrinfo(m, addr, &off, &sym, NULL, NULL, NULL);
    if (!sname || GELF_ST_TYPE(sym.st_info) != STT_OBJECT || off >= sym.st_size)
        return false;
    struct frame f;
    set_module(&f, m, addr - off);   /* the variable's own offset in its module */
    copy(name, name_cap, sname);
    copy(module, module_cap, f.module);
    *start = addr - off;
    *size = sym.st_size;
    *module_offset = f.module_offset;
    return true;
}
