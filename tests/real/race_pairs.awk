# tests/real/race_pairs.awk — the data-race reports of a program's stderr,
# racetest's or ThreadSanitizer's, as one line each: the first source
# location (basename:line) of the current access's stack and of the
# previous access's stack, in sorted order, separated by a space. A frame
# without a source location (an interceptor: "pthread_barrier_destroy()",
# TSan's "<null>") is skipped for the next one, so both tools' lines name
# the program's own code; a stack with no source location at all (not
# restored, or all in uninstrumented code) shows as "?". Used by
# tests/real/sweep.sh to compare the races two tools found by location
# rather than by address or thread number. Reports of other kinds
# (lock-order inversion, thread leak, ...) are not data races: left out.
# A test runner may pass its child's output on behind "# " (libuv's, TAP).
{ sub(/^# /, "") }
function base(loc) { sub(/.*\//, "", loc); return loc }
function flush(   t) {
    if (n == 2) {
        if (loc[1] == "") loc[1] = "?"
        if (loc[2] == "") loc[2] = "?"
        if (loc[1] > loc[2]) { t = loc[1]; loc[1] = loc[2]; loc[2] = t }
        print loc[1] " " loc[2]
    }
    n = 0; want = 0; loc[1] = loc[2] = ""
}
# racetest: "WARNING: DATA RACE"; TSan: "WARNING: ThreadSanitizer: data race"
/^ *WARNING: (DATA RACE|ThreadSanitizer: data race)/ { flush(); inrep = 1; next }
/^ *WARNING: / || /^ *={18}$/ { flush(); inrep = 0; next }
# the header of each access's stack:
#   racetest: "Read at 0x... by thread T2:", "Previous write at 0x... by main thread:"
#   TSan:     "  Read of size 8 at 0x... by thread T2:", "  Previous atomic write of size 4 at ..."
inrep && /^ *(Previous )?([Aa]tomic )?([Rr]ead|[Ww]rite)( of size [0-9]+)? at 0x/ { n++; want = 1; next }
inrep && want && match($0, /[^ ():]+\.[ch]:[0-9]+/) {
    loc[n] = base(substr($0, RSTART, RLENGTH)); want = 0; next
}
END { flush() }
