/*
 * symbolize.h — program counters to function, file and line, with libdw.
 *
 * Slow path only (reports); callers hold the report lock, which also
 * serializes libdw. Inlined calls are expanded into their own frames.
 */
#ifndef RT_SYMBOLIZE_H
#define RT_SYMBOLIZE_H

#include "rt_defs.h"

struct frame {
    char func[128];      /* "" when unknown */
    char file[256];      /* after strip_path_prefix; "" when unknown */
    int line;            /* 0 when unknown */
    uptr offset;         /* pc - function start */
    char module[128];    /* basename of the object file */
    uptr module_offset;  /* pc - module load address */
};

/* Program counters of one stack that a report symbolizes. */
#define MAX_FRAMES 64
/* Frames of a symbolized stack: room for MAX_FRAMES pcs, some of them
 * expanded into several inlined frames. */
#define STACK_FRAMES_MAX (2 * MAX_FRAMES)

/* A symbolized stack, innermost first, runtime frames removed. A frame
 * whose func is "..." stands for frames left out (stack_capture.h). */
struct stack {
    struct frame f[STACK_FRAMES_MAX];
    unsigned n;
};

/* Fills up to max frames for one pc (more than one when the code at pc was
 * inlined): innermost first. is_return_address: pc follows a call, so the
 * line is looked up at pc - 1. Returns the number of frames (>= 1). */
unsigned symbolize(uptr pc, bool is_return_address, struct frame *out, unsigned max);

/* The data symbol containing addr (a global), if any: its name, start,
 * size, and the module and offset in it where the symbol starts. */
bool symbolize_data(uptr addr, char *name, size_t name_cap, uptr *start, uptr *size,
                    char *module, size_t module_cap, uptr *module_offset);

#endif
