# The limits every fuzz target runs under, when fuzzing (fuzz.sh) and when
# replaying the corpus (replay.sh): a parser that needs more than a second
# for one input of a few kilobytes runs a quadratic (or worse) loop, and one
# that needs 512 MiB for it allocates from a number it was given.
# -close_fd_mask=3: the targets that run whole commands (merge) print their
# results; the sanitizers' reports still reach the log.
FUZZ_LIMITS=(-timeout=2 -rss_limit_mb=512 -malloc_limit_mb=512 -close_fd_mask=3)
