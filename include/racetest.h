/*
 * racetest.h — annotations for synchronization that racetest cannot see.
 *
 * Include it in code that synchronizes through means the detector does not
 * model (a hand-written lock on inline assembly, an uninstrumented library
 * that hands data between threads). Without racetest (RACETEST_RACE not
 * defined) every macro compiles to nothing.
 *
 *   RACETEST_HAPPENS_BEFORE(addr)  everything this thread did so far
 *                                  happens-before any later
 *   RACETEST_HAPPENS_AFTER(addr)   on the same address, in another thread.
 *   RACETEST_BENIGN(addr, size, "reason")
 *                                  races on [addr, addr+size) are known and
 *                                  accepted (a statistics counter); they are
 *                                  counted as suppressed, not reported, until
 *                                  the memory is freed.
 */
#ifndef RACETEST_H
#define RACETEST_H

#if defined(RACETEST_RACE) && RACETEST_RACE
#ifdef __cplusplus
extern "C" {
#endif
void __racetest_happens_before(const volatile void *addr);
void __racetest_happens_after(const volatile void *addr);
void __racetest_benign(const volatile void *addr, unsigned long size, const char *reason);
#ifdef __cplusplus
}
#endif
#define RACETEST_HAPPENS_BEFORE(addr) __racetest_happens_before(addr)
#define RACETEST_HAPPENS_AFTER(addr) __racetest_happens_after(addr)
#define RACETEST_BENIGN(addr, size, reason) __racetest_benign((addr), (size), (reason))
#else
#define RACETEST_HAPPENS_BEFORE(addr) ((void)(addr))
#define RACETEST_HAPPENS_AFTER(addr) ((void)(addr))
#define RACETEST_BENIGN(addr, size, reason) ((void)(addr), (void)(size), (void)(reason))
#endif

#endif
