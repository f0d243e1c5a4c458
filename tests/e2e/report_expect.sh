# Sourced by the end-to-end suites that check report text (runtime.sh,
# frames.sh, detect.sh): the suite protocol's counters and the matchers. The suite
# sets F (its fixture folder) and leaves pass/fail to these functions.
pass=0 fail=0
ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/    /' "$2" | head -60; fail=$((fail + 1)); }
# line_of FILE TEXT: the number of the first line of $F/FILE holding TEXT
line_of() { grep -n "$2" "$F/$1" | head -1 | cut -d: -f1; }
# expect NAME FILE REGEX...: every regex matches a line of FILE
expect() {
    local name=$1 file=$2; shift 2
    for re in "$@"; do
        grep -qE -- "$re" "$file" || { bad "$name: no line matching /$re/" "$file"; return; }
    done
    ok "$name"
}
# expect_lines NAME FILE REGEX...: the regexes match consecutive lines of
# FILE (awk EREs: mawk has no {n} intervals)
expect_lines() {
    local name=$1 file=$2; shift 2
    if awk -v res="$(printf '%s\034' "$@")" 'BEGIN { n = split(res, re, "\034") - 1; k = 1 }
        { k = ($0 ~ re[k]) ? k + 1 : ($0 ~ re[1] ? 2 : 1); if (k > n) { found = 1; exit } }
        END { exit !found }' "$file"; then
        ok "$name"
    else
        bad "$name: no consecutive lines matching /$*/" "$file"
    fi
}
