/*
 * annotations.h — what the report path asks of the program's annotations
 * (annotations.c): memory declared with AnnotateBenignRace(Sized), whose
 * races are expected and not reported.
 */
#ifndef RT_ANNOTATIONS_H
#define RT_ANNOTATIONS_H

#include "rt_defs.h"

/* Whether [addr, addr+size) overlaps memory annotated as a benign race.
 * Report path only (a lock-free read of an append-only table). */
bool annotations_benign_race(uptr addr, uptr size);

#endif
