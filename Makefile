# SPDX-License-Identifier: GPL-2.0
#
# make            build ./klpreloc
# make check      install missing build/test packages, build everything
#                 with ASan+UBSan and run every test
# make bench      run the benchmarks (CASES=, ROUNDS=: Documentation/bench.md)
# make install    bin/klpreloc and share/man/man1/klpreloc.1 under
#                 $(DESTDIR)$(PREFIX) (PREFIX=/usr/local)
# make matrix     the QEMU matrix (ARCHES="x86_64 s390x" for a subset)
# make fuzz       build the libFuzzer harnesses (fuzz/) with clang, ASan and
#                 UBSan into build/fuzz and run each for FUZZ_S seconds
#                 (default 20; FUZZ="elf names" a subset); prints each one's
#                 executions and coverage (Documentation/fuzzing.md)
# make mutate     mutation testing of the core and backends (tests/mutants.py,
#                 MUTATE_ARGS="--quick --only ID"); not part of check
# V=1             show full commands

O ?= build
V ?= 0
CC ?= gcc

ifeq ($(V),1)
Q :=
else
Q := @
endif

CFLAGS ?= -O2 -g
VERSION := $(shell cat VERSION)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
INSTALL ?= install
KLP_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
	-Iinclude -D_GNU_SOURCE -MMD -MP
LDLIBS := -lelf

ifeq ($(SAN),1)
KLP_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif
# make fuzz's objects: coverage for libFuzzer everywhere, its main at link
ifeq ($(SAN),fuzz)
KLP_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=fuzzer,address,undefined
endif
# clang, unlike gcc, wants every field of a { NULL } table end named
ifneq ($(findstring clang,$(CC)),)
KLP_CFLAGS += -Wno-missing-field-initializers
endif

LIB_SRCS := $(sort $(wildcard kernel/livepatch/*.c) $(wildcard arch/*.c) \
	$(wildcard arch/*/*.c))
CLI_SRCS := $(sort $(wildcard tools/klpreloc/*.c))
TOOL_SRCS := $(sort $(wildcard tests/tools/*.c))
TEST_SRCS := $(sort $(shell find tests -name 'test-*.c' 2>/dev/null))
BENCH_SRCS := $(sort $(wildcard bench/*.c))
# every fuzz/*.c but the helpers is a harness (Documentation/fuzzing.md)
FUZZ_SRCS := $(sort $(filter-out fuzz/common.c fuzz/replay.c, \
	$(wildcard fuzz/*.c)))
FUZZ_NAMES := $(notdir $(FUZZ_SRCS:%.c=%))
FUZZ ?= $(FUZZ_NAMES)
FUZZ_S ?= 20

LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(O)/%.o)
# linked as objects, not an archive: every backend in arch/ is always in
LIB := $(LIB_OBJS)
TOOLS := $(TOOL_SRCS:%.c=$(O)/%)
TESTS := $(TEST_SRCS:%.c=$(O)/%)
BENCHES := $(BENCH_SRCS:%.c=$(O)/%)
# harnesses link the CLI's code too (check's and inspect's report)
CLI_LIB := $(filter-out $(O)/tools/klpreloc/main.o,$(CLI_OBJS))
# under make check (no libFuzzer) a harness replays the files it is given:
# built by clang, whose UBSan sees more than gcc's (NULL + 0, for one)
FUZZ_MAIN := $(if $(filter fuzz,$(SAN)),,$(O)/fuzz/replay.o)
FUZZ_BINS := $(FUZZ_NAMES:%=$(O)/fuzz/bin/%)
# kept: make would remove them as intermediates and rebuild each time
.SECONDARY: $(FUZZ_SRCS:%.c=$(O)/%.o) $(O)/fuzz/common.o $(O)/fuzz/replay.o

.PHONY: all check deps test-bins bench matrix clean install uninstall fuzz \
	fuzz-bins
all: klpreloc

klpreloc: $(O)/klpreloc
	$(Q)cp $< $@

$(O)/klpreloc: $(CLI_OBJS) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CLI_OBJS) $(LIB) $(LDLIBS)

# Before compiling anything: what a fresh machine lacks, in one line.
HASH := \#
$(O)/.build-deps:
	$(if $(shell command -v $(firstword $(CC))),,$(error no C compiler \
		'$(CC)': install gcc (apt-get install gcc; or scripts/deps.sh build)))
	$(if $(shell echo '$(HASH)include <gelf.h>' | \
		$(CC) $(CFLAGS) -E -x c - >/dev/null 2>&1 && echo y),,$(error \
		gelf.h not found: install libelf-dev (apt-get install \
		libelf-dev; or scripts/deps.sh build)))
	@mkdir -p $(dir $@)
	$(Q)touch $@

$(O)/tools/klpreloc/main.o: VERSION
$(O)/tools/klpreloc/main.o: KLP_CFLAGS += -DKLPRELOC_VERSION='"$(VERSION)"'

$(O)/%.o: %.c | $(O)/.build-deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KLP_CFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/tests/%: tests/%.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KLP_CFLAGS) -Itests/lib $(CFLAGS) $(LDFLAGS) -o $@ $< \
		$(LIB) $(LDLIBS)

$(O)/fuzz/bin/%: $(O)/fuzz/%.o $(O)/fuzz/common.o $(FUZZ_MAIN) $(CLI_LIB) \
		$(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(O)/fuzz/common.o $(FUZZ_MAIN) \
		$(CLI_LIB) $(LIB) $(LDLIBS)

$(O)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KLP_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

deps:
	$(Q)scripts/deps.sh build test fuzz

# The test suite always runs sanitized, from its own object directory.
check: deps
	$(Q)$(MAKE) --no-print-directory O=build/san SAN=1 test-bins
	$(Q)$(MAKE) --no-print-directory O=build/san/clang SAN=1 CC=clang-14 \
		fuzz-bins
	$(Q)tests/run.sh build/san

test-bins: $(O)/klpreloc $(TOOLS) $(TESTS)

fuzz-bins: $(FUZZ_BINS)

# clang's libFuzzer, ASan and UBSan; its own objects, never mixed with gcc's
fuzz:
	$(Q)scripts/deps.sh build fuzz
	$(Q)$(MAKE) --no-print-directory O=build/fuzz SAN=fuzz CC=clang-14 \
		CFLAGS="-O1 -g" fuzz-bins
	$(Q)fuzz/run.sh build/fuzz $(FUZZ_S) $(FUZZ)

# what it needs only (readelf), not the test toolchains; Documentation/bench.md
bench:
	$(Q)scripts/deps.sh build bench
	$(Q)$(MAKE) --no-print-directory O=build/rel CFLAGS="-O2 -g" \
		build/rel/klpreloc $(addprefix build/rel/,$(BENCH_SRCS:%.c=%)) \
		build/rel/tests/tools/genklp
	$(Q)bench/run.sh build/rel

matrix:
	$(Q)ci/matrix.sh $(ARCHES)

.PHONY: mutate
mutate: deps
	$(Q)python3 tests/mutants.py $(MUTATE_ARGS)

install: $(O)/klpreloc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 0755 $(O)/klpreloc $(DESTDIR)$(BINDIR)/klpreloc
	sed 's/@VERSION@/$(VERSION)/' Documentation/klpreloc.1 \
		>$(DESTDIR)$(MANDIR)/man1/klpreloc.1
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/klpreloc.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/klpreloc $(DESTDIR)$(MANDIR)/man1/klpreloc.1

clean:
	rm -rf build klpreloc

-include $(shell find build -name '*.d' 2>/dev/null)
