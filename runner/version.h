/*
 * version.h — the racetest version, printed by `racetest version` and
 * mixed into build-cache keys (a new racetest never reuses old binaries).
 */
#ifndef RACETEST_VERSION_H
#define RACETEST_VERSION_H

#define RACETEST_VERSION "0.1.0"

#endif
