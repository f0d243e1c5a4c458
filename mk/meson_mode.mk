# A Meson project's registered tests under the runner (issue 17):
# `racetest [flags] -meson BUILD_DIR` (runner/suite/meson_tests.c) and the
# -label/-skip-label selection (runner/suite/labels.c), end to end in
# tests/e2e/meson_mode.sh (about 20 s; it fetches Debian's meson into
# ~/.cache/racetest-tests, and sets up and builds
# tests/e2e/fixtures/meson_project with racetest-cc).
CHECK_DEPS += $(BIN)/racetest $(GLUE_CMOCKA_LIB)
CHECK_SUITES += tests/e2e/meson_mode.sh
