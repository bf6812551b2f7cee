# gridkit - the only build file.  GNU make.
#
#   make            build the tools into build/bin
#   make check      unit and end-to-end tests; ends with "N passed, N failed"
#   make sanitize   the same tests built with ASan and UBSan (build-san/)
#   make valgrind   the same tests under valgrind
#   make lint       mandoc -Tlint, cppcheck, sh -n
#   make fuzz       libFuzzer with ASan and UBSan (clang), 60 s a harness
#   make bench      benchmarks at district scale (slow; not part of check)
#   make crashtest  kill -9 at random moments, a full disk (minutes)
#   make loadtest   8 workers, sweeps and reports at once (minutes)
#   make demo       build, then load the sample district into demo/grid.db
#   make deps       install the Debian packages the build and tests need
#   make install    PREFIX=/usr/local DESTDIR=
#
# DEVELOPER=1 (and CI) adds -Werror.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions

BUILD ?= build
CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = sqlite3 jansson zlib geos libzip libxml-2.0 freexl

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-unused-parameter -Wvla
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) \
	-Ilib $(shell $(PKG_CONFIG) --cflags $(PKGS)) $(SAN)
LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm
ALL_LDFLAGS = $(LDFLAGS) $(SAN)

TOOLS = grid-import grid-assign grid-case grid-report grid-stats

LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/categories_data.o
CLI_SRC = $(wildcard cmd/common/*.c)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/%)
BINS = $(TOOLS:%=$(BUILD)/bin/%)
HDRS = $(wildcard lib/grid/*.h) $(wildcard lib/*.h) $(wildcard cmd/*/*.h)

.PHONY: all check sanitize valgrind lint fuzz bench demo deps install \
	uninstall clean crashtest loadtest print-pkgs

all: $(BINS) $(UNIT_BIN) $(FUZZ_BIN) $(BUILD)/tests/mkxlsx

$(BUILD)/lib/%.o: lib/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/cmd/%.o: cmd/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Icmd -c -o $@ $<

# The default category table ships as data/categories.csv, compiled in as
# a string and loaded into a new database through the CSV reader.
$(BUILD)/gen/categories_data.c: data/categories.csv tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh grid_categories_csv < data/categories.csv > $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libgrid.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libcli.a: $(CLI_OBJ)
	rm -f $@
	ar rcs $@ $^

# A tool is every .c file of its directory (main.c and its subcommands).
tool_objs = $(patsubst %.c,$(BUILD)/%.o,$(wildcard cmd/$(1)/*.c))
define tool_rule
$(BUILD)/bin/$(1): $(call tool_objs,$(1)) $(BUILD)/libcli.a $(BUILD)/libgrid.a
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(LIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

$(BUILD)/tests/%: tests/unit/%.c tests/unit/tap.h tests/unit/testfs.h \
	tests/unit/testdb.h $(BUILD)/libgrid.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libgrid.a $(LIBS)

# A fuzz harness linked with tests/fuzz/replay.c instead of libFuzzer:
# run by tests/run.sh, it replays tests/fuzz/regress/NAME/ and its seeds.
$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h tests/fuzz/input.c \
	tests/fuzz/replay.c $(BUILD)/libgrid.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< tests/fuzz/input.c \
		tests/fuzz/replay.c $(BUILD)/libgrid.a $(LIBS)

# Writes workbook fixtures as Excel does (libxlsxwriter), for the tests
# and the benchmark; not part of libgrid.
$(BUILD)/tests/mkxlsx: tests/tools/mkxlsx.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags xlsxwriter) \
		$(ALL_LDFLAGS) -o $@ $< $(shell $(PKG_CONFIG) --libs xlsxwriter)

check: all
	@sh tests/run.sh $(BUILD)

# The pkg-config packages libgrid links with (tests/fuzz/run.sh asks).
print-pkgs:
	@echo $(PKGS)

SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
sanitize:
	$(MAKE) BUILD=build-san SAN="$(SANFLAGS)" CFLAGS="-O1 -g" check

valgrind: all
	GRID_TEST_WRAPPER="valgrind -q --child-silent-after-fork=yes --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99" \
		sh tests/run.sh $(BUILD)

lint:
	mandoc -Tlint -Wwarning man/*.[0-9]
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--std=c11 -Ilib --suppress=missingIncludeSystem lib cmd
	for f in tests/run.sh tests/e2e/*.sh tests/hard/*.sh tests/fuzz/run.sh \
	    bench/*.sh .ci/run; do sh -n $$f || exit 1; done

# libFuzzer, ASan and UBSan with clang, FUZZ_SECONDS (60) per harness.
fuzz:
	sh tests/fuzz/run.sh

bench: all
	sh bench/run.sh $(BUILD)

# Crash consistency and concurrency: minutes each, not part of check.
crashtest: $(BINS)
	sh tests/hard/crashtest.sh $(BUILD)

loadtest: $(BINS)
	sh tests/hard/loadtest.sh $(BUILD)

demo: all
	sh tools/demo.sh $(BUILD)

deps:
	sh tools/deps.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(TOOLS:%=man/%.1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/gridkit.7 $(DESTDIR)$(MANDIR)/man7
	for t in $(TOOLS); do install -m 644 completions/gridkit.bash \
		$(DESTDIR)$(BASHCOMPDIR)/$$t || exit 1; done
	install -m 644 completions/_gridkit $(DESTDIR)$(ZSHCOMPDIR)/_gridkit

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(TOOLS:%=$(DESTDIR)$(MANDIR)/man1/%.1) \
		$(DESTDIR)$(MANDIR)/man7/gridkit.7 $(TOOLS:%=$(DESTDIR)$(BASHCOMPDIR)/%) \
		$(DESTDIR)$(ZSHCOMPDIR)/_gridkit

clean:
	rm -rf build build-san build-fuzz demo
