# gridkit - the only build file.  GNU make.
#
#   make            build the tools into build/bin
#   make check      unit and end-to-end tests; ends with "N passed, N failed"
#   make sanitize   the same tests built with ASan and UBSan (build-san/)
#   make valgrind   the same tests under valgrind
#   make lint       mandoc -Tlint, cppcheck, sh -n, banned.h everywhere
#   make fuzz       libFuzzer with ASan and UBSan (clang), 60 s a harness
#   make bench      benchmarks at district scale (slow; not part of check;
#                   GRID_BENCH_PG=1 adds the load into PostgreSQL,
#                   GRID_BENCH_CITY=1 the city benchmark)
#   make bench-city the city benchmark alone: 16 districts, 20 M people
#                   (bench/city.sh; its header says how to run it smaller)
#   make crashtest  kill -9 at random moments, a full disk (minutes)
#   make loadtest   8 workers, sweeps and reports at once (minutes)
#   make pgtest     tools/pgload.sh against a PostgreSQL server
#   make demo       build, then load the sample district into demo/grid.db
#   make deps       install the Debian packages the build and tests need
#   make pot        extract the messages again into po/ (translate after)
#   make install    PREFIX=/usr/local DESTDIR= LOCALEDIR= LIBDIR=
#   make install-lib  libgrid alone: shared library, headers, libgrid.pc
#
# DEVELOPER=1 (and CI) adds -Werror.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
LOCALEDIR ?= $(PREFIX)/share/locale
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

BUILD ?= build
CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = sqlite3 jansson zlib geos libzip libxml-2.0 freexl nettle libmagic

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-unused-parameter -Wvla
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif
CFLAGS ?= -O2 -g
# -MMD -MP: the compiler writes each object's header dependencies (.d)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) \
	-Ilib $(shell $(PKG_CONFIG) --cflags $(PKGS)) $(SAN) -MMD -MP
LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm
ALL_LDFLAGS = $(LDFLAGS) $(SAN)

# libgrid's version: the soname changes with GRID_ABI, when a public
# function or struct changes incompatibly (lib/grid/*.h).
GRID_VERSION = 0.11.0
GRID_ABI = 0
SONAME = libgrid.so.$(GRID_ABI)
SHLIB = $(BUILD)/lib/libgrid.so.$(GRID_VERSION)

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
# The message catalogs: po/LANG.po, compiled into $(BUILD)/locale/ (the
# tests point GRID_LOCALEDIR there) and installed into LOCALEDIR.
LINGUAS = zh_CN
MOS = $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/gridkit.mo)
PUBLIC_HDRS = $(wildcard lib/grid/*.h)

.PHONY: all check sanitize valgrind lint fuzz bench bench-city demo look deps install \
	uninstall clean crashtest loadtest print-pkgs pot install-lib pgtest

all: $(BINS) $(UNIT_BIN) $(FUZZ_BIN) $(BUILD)/tests/mkxlsx \
	$(BUILD)/tests/doctables $(MOS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

$(BUILD)/lib/error.o: ALL_CFLAGS += -DGRID_LOCALEDIR='"$(LOCALEDIR)"'

$(BUILD)/locale/%/LC_MESSAGES/gridkit.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt -c -o $@ $<

# Extracts the messages again (tools/pot.sh) and merges them into every
# catalog: new messages come out untranslated, and the translation test
# (tests/e2e/t25-messages.sh) fails until they are translated.
pot:
	sh tools/pot.sh po/gridkit.pot
	for l in $(LINGUAS); do msgmerge -q --no-wrap --update --backup=none \
		po/$$l.po po/gridkit.pot || exit 1; done

# libgrid's objects are position independent: one set for the shared
# library (the tools) and the static one (the unit tests and fuzz
# harnesses, which also reach its internal gridi_ functions).
$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -c -o $@ $<

$(BUILD)/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Icmd -c -o $@ $<

# The default category table ships as data/categories.csv, compiled in as
# a string and loaded into a new database through the CSV reader.
$(BUILD)/gen/categories_data.c: data/categories.csv tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh grid_categories_csv < data/categories.csv > $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -fPIC -c -o $@ $<

$(BUILD)/libgrid.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# The shared library exports the public grid_ functions only
# (lib/libgrid.map); its soname is libgrid.so.GRID_ABI.
$(SHLIB): $(LIB_OBJ) lib/libgrid.map
	$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=lib/libgrid.map -o $@ $(LIB_OBJ) $(LIBS)
	ln -sf libgrid.so.$(GRID_VERSION) $(BUILD)/lib/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/lib/libgrid.so

$(BUILD)/libcli.a: $(CLI_OBJ)
	rm -f $@
	ar rcs $@ $^

# A tool is every .c file of its directory (main.c and its subcommands),
# linked against the shared libgrid, found beside it ($ORIGIN/../lib) in
# the build and once installed with the default LIBDIR.
tool_objs = $(patsubst %.c,$(BUILD)/%.o,$(wildcard cmd/$(1)/*.c))
define tool_rule
$(BUILD)/bin/$(1): $(call tool_objs,$(1)) $(BUILD)/libcli.a $(SHLIB)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $(call tool_objs,$(1)) $(BUILD)/libcli.a \
		-L$(BUILD)/lib -lgrid -Wl,-rpath,'$$$$ORIGIN/../lib' $$(LIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

# test_jobs tests the tools' worker processes (cmd/common/jobs.c): linked
# with libcli.a too.
$(BUILD)/tests/test_jobs: tests/unit/test_jobs.c $(BUILD)/libcli.a \
	$(BUILD)/libgrid.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Icmd $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libcli.a \
		$(BUILD)/libgrid.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libgrid.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libgrid.a $(LIBS)

# A fuzz harness linked with tests/fuzz/replay.c instead of libFuzzer:
# run by tests/run.sh, it replays tests/fuzz/regress/NAME/ and its seeds.
$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/input.c \
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

# Prints libgrid's own tables (registers, levels, report and statistics
# columns, quality checks) for the documentation test
# (tests/e2e/t29-doc-tables.sh); public headers only, not installed.
$(BUILD)/tests/doctables: tests/tools/doctables.c $(BUILD)/libgrid.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libgrid.a $(LIBS)

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
	    tests/pg/*.sh tools/*.sh bench/*.sh .ci/run; do \
		sh -n $$f || exit 1; done
	for f in lib/*.c cmd/*/*.c; do $(CC) -std=c11 -Ilib -Icmd \
	    $$($(PKG_CONFIG) --cflags $(PKGS)) -MM $$f | grep -q 'lib/banned\.h' || \
	    { echo "$$f: reaches no lib/banned.h (include internal.h or cli.h)"; \
	    exit 1; }; done

# libFuzzer, ASan and UBSan with clang, FUZZ_SECONDS (60) per harness.
fuzz:
	sh tests/fuzz/run.sh

bench: all
	sh bench/run.sh $(BUILD)

bench-city: all
	sh bench/city.sh $(BUILD)

# Crash consistency and concurrency: minutes each, not part of check.
crashtest: $(BINS)
	sh tests/hard/crashtest.sh $(BUILD)

loadtest: $(BINS)
	sh tests/hard/loadtest.sh $(BUILD)

# tools/pgload.sh (installed as grid-pgload) against a PostgreSQL server
# (tools/pgstart.sh starts Debian's; PGTEST_CONNINFO names another): not
# part of check.
pgtest: all
	@sh tests/pg/run.sh $(BUILD)

demo: all
	sh tools/demo.sh $(BUILD)

# Every html page rendered by headless Chromium (PNG at 1280 and 390 px,
# A4 PDF) into $(BUILD)/look and checked from the PDFs' text; needs
# chromium and poppler-utils (sh tools/deps.sh --look).  Not in CI.
look: all
	sh tools/look.sh $(BUILD)

deps:
	sh tools/deps.sh

install: all install-lib
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(TOOLS:%=man/%.1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/gridkit.7 man/gridkit-city.7 $(DESTDIR)$(MANDIR)/man7
	install -m 755 tools/pgload.sh $(DESTDIR)$(BINDIR)/grid-pgload
	for t in $(TOOLS); do install -m 644 completions/gridkit.bash \
		$(DESTDIR)$(BASHCOMPDIR)/$$t || exit 1; done
	install -m 644 completions/gridkit.bash $(DESTDIR)$(BASHCOMPDIR)/grid-pgload
	install -m 644 completions/_gridkit $(DESTDIR)$(ZSHCOMPDIR)/_gridkit
	for l in $(LINGUAS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/gridkit.mo \
		$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/gridkit.mo || exit 1; done

# libgrid alone: the shared library, its public headers (grid/*.h) and
# libgrid.pc, for programs built on it with pkg-config.
install-lib: $(SHLIB)
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/grid \
		$(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)
	ln -sf libgrid.so.$(GRID_VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libgrid.so
	install -m 644 $(PUBLIC_HDRS) $(DESTDIR)$(INCLUDEDIR)/grid
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(GRID_VERSION)|' -e 's|@PKGS@|$(PKGS)|' \
		tools/libgrid.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/libgrid.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/libgrid.pc

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(TOOLS:%=$(DESTDIR)$(MANDIR)/man1/%.1) \
		$(DESTDIR)$(MANDIR)/man7/gridkit.7 $(DESTDIR)$(MANDIR)/man7/gridkit-city.7 \
		$(DESTDIR)$(BINDIR)/grid-pgload $(TOOLS:%=$(DESTDIR)$(BASHCOMPDIR)/%) \
		$(DESTDIR)$(BASHCOMPDIR)/grid-pgload \
		$(DESTDIR)$(ZSHCOMPDIR)/_gridkit \
		$(LINGUAS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/gridkit.mo) \
		$(DESTDIR)$(LIBDIR)/libgrid.so.$(GRID_VERSION) \
		$(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libgrid.so \
		$(DESTDIR)$(PKGCONFIGDIR)/libgrid.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/grid

clean:
	rm -rf build build-san build-fuzz demo
