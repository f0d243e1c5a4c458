/*
 * version.h — the racetest version, printed by `racetest version` and
 * mixed into build-cache keys (a new racetest never reuses old binaries).
 */
#ifndef RACETEST_VERSION_H
#define RACETEST_VERSION_H

#define RACETEST_VERSION "0.1.0"

/* Where racetest's documentation is published: SARIF's tool.driver
 * informationUri. Change it here when the project's home moves. */
#define RACETEST_INFORMATION_URI "https://github.com/racetest/racetest"

#endif
