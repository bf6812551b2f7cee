#!/bin/sh
# libgrid as a library others build on: make install-lib installs the
# shared library (versioned soname), the public headers and libgrid.pc;
# a small program is built against them with pkg-config alone and runs;
# only the public grid_ functions are exported; the tools use the shared
# library.
. "$(dirname "$0")/lib.sh"
root=$T/root
run make -s -C "$GRID_TOP" BUILD="$GRID_BUILD" DESTDIR="$root" PREFIX=/usr \
    LIBDIR=/usr/lib install-lib
status 0 "make install-lib into a staging root"
ok "the library installed under its version" \
    sh -c 'ls "$1"/usr/lib/libgrid.so.0.* >/dev/null' sh "$root"
soname=$(objdump -p "$root/usr/lib/libgrid.so" | awk '$1 == "SONAME" { print $2 }')
is "$soname" libgrid.so.0 "its soname is libgrid.so.0"
ok "libgrid.so.0 and libgrid.so link to it" \
    test -L "$root/usr/lib/libgrid.so.0" -a -L "$root/usr/lib/libgrid.so"
ok "the public headers installed" test -f "$root/usr/include/grid/codes.h"
ok "no private header installed" test ! -e "$root/usr/include/grid/internal.h"
is "$(nm -D --defined-only "$root/usr/lib/libgrid.so" | awk '$2 == "T" { print $3 }' |
    grep -v '^grid_' | head -5 | tr '\n' ' ')" "" \
    "only grid_ functions exported"
ok "grid_idno_parse exported" \
    sh -c 'nm -D --defined-only "$1" | grep -q " T grid_idno_parse$"' sh \
    "$root/usr/lib/libgrid.so"
ok "gridi_ functions not exported" \
    sh -c '! nm -D --defined-only "$1" | grep -q " gridi_"' sh \
    "$root/usr/lib/libgrid.so"

cat >prog.c <<'PROG'
/* A program of someone else's, built on libgrid. */
#include <stdio.h>

#include <grid/codes.h>
#include <grid/db.h>
#include <grid/error.h>

int
main(int argc, char **argv)
{
	struct grid_error err;
	struct grid_idno id;
	struct grid_db *db = NULL;
	char line[1024];

	if (argc != 3)
		return 2;
	if (grid_idno_parse(argv[1], "2026-06-15", &id, &err) != 0) {
		fprintf(stderr, "%s\n", grid_error_format(&err, line,
		    sizeof(line)));
		return 1;
	}
	printf("province %.2s\n", argv[1]);
	if (grid_db_open(argv[2], GRID_DB_CREATE, 0, &db, &err) != 0) {
		fprintf(stderr, "%s\n", grid_error_format(&err, line,
		    sizeof(line)));
		return 1;
	}
	grid_db_close(db);
	printf("database made\n");
	return 0;
}
PROG
export PKG_CONFIG_PATH="$root/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root"
ok "pkg-config knows libgrid" pkg-config --exists libgrid
flags=$(pkg-config --cflags --libs libgrid)
# a sanitizer build's library needs its runtime in the program too
san=""
nm -D "$root/usr/lib/libgrid.so" | grep -q __asan_init &&
    san="-fsanitize=address,undefined"
# shellcheck disable=SC2086
run ${CC:-cc} -std=c11 -Wall -Werror $san -o prog prog.c $flags \
    -Wl,-rpath,"$root/usr/lib"
status 0 "a program builds with pkg-config --cflags --libs libgrid"
run ./prog 320508196611025232 "$T/other.db"
status 0 "it runs"
out_has "province 32" "it checked an ID number"
out_has "database made" "it made a database"
ok "its database has the schema" \
    sh -c 'sqlite3 "$1" "SELECT count(*) FROM grids" >/dev/null' sh "$T/other.db"
run ./prog 320508196611025233 "$T/other.db"
status 1 "a bad ID number: its error"
err_has "bad check digit" "the library's message"
ok "the tools use the shared library" \
    sh -c 'ldd "$1" | grep -q "libgrid\.so\.0 => .*/lib/libgrid\.so\.0"' sh \
    "$GRID_BUILD/bin/grid-import"
