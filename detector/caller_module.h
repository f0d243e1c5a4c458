/*
 * caller_module.h — whether a call into an interceptor comes from code
 * built with the detector.
 *
 * The checks that an interceptor makes of the objects a call names (races
 * on synchronization objects, on descriptors, on printf-family buffers)
 * are only made for instrumented callers: an uninstrumented library orders
 * its own uses with synchronization the detector cannot see (a mutex that
 * glib creates and publishes with an atomic of its own, say), so checking
 * its calls could report races that are not there.
 *
 * A module is instrumented when its dynamic string table names
 * __tsan_func_entry: every object compiled with -fsanitize=thread
 * references it, and the executable that carries the runtime exports it.
 * Answers are cached per executable segment (lock-free lookups; a miss
 * takes a spinlock and walks the loaded modules once). The dlopen
 * interceptor caches each module it loads, so a module loaded where a
 * dlclose'd one was is not taken for it (one loaded by an uninstrumented
 * library's own dlopen could be; the cache holds MAX_SEGMENTS segments,
 * later code counts as uninstrumented).
 */
#ifndef RT_CALLER_MODULE_H
#define RT_CALLER_MODULE_H

#include "rt_defs.h"

/* pc: a return address into the caller. Unknown code counts as not
 * instrumented. */
bool caller_instrumented(uptr pc);
/* A module that dlopen just loaded (interceptors_dl.c). */
struct dl_phdr_info;
void caller_module_loaded(const struct dl_phdr_info *info);

#endif
