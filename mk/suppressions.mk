# Suppression files on every report kind (ThreadSanitizer's types: race,
# race_top, deadlock, mutex, thread, signal), in programs and through the runner.
CHECK_SUITES += tests/e2e/suppressions.sh
