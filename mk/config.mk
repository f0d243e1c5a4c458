# Shared build configuration: flags, dependencies, directories.

CC ?= cc
ifeq ($(origin CC),default)
CC := cc
endif
AR ?= ar
PREFIX ?= /usr/local

BUILD := build
BIN := bin
LIBDIR := lib/racetest

# Compiler family: some flags exist in gcc only.
CC_IS_CLANG := $(shell $(CC) --version 2>/dev/null | grep -qi clang && echo 1)

WARN := -Wall -Wextra -Werror
CFLAGS_BASE := -std=gnu11 $(WARN) -g -O2 -fno-omit-frame-pointer -D_GNU_SOURCE

# Dependencies are found through pkg-config; build/.deps-ok records that they
# were checked (scripts/ensure-deps.sh installs them when run as root).
DEPS_STAMP := $(BUILD)/.deps-ok
$(DEPS_STAMP): scripts/ensure-deps.sh
	@scripts/ensure-deps.sh
	@mkdir -p $(@D) && touch $@

# Recursive (=) so pkg-config runs only after the stamp's recipe installed it.
PKG_CFLAGS = $(shell pkg-config --cflags cmocka libpcre2-8 libunwind libdw)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)
PCRE2_LIBS = $(shell pkg-config --libs libpcre2-8)
# What the detector runtime needs at link time of an instrumented program.
RT_LIBS = $(shell pkg-config --libs libdw libunwind) -lpthread -ldl -lm

ALL_TARGETS =
CHECK_SUITES =
CHECK_DEPS =
# The three lists above are recursive on purpose: each mk/<piece>.mk appends
# to them with +=, and they are expanded only when `all`/`check` run.
