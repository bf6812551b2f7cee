#!/bin/sh
# The sample district goes in whole, in every encoding, and again unchanged.
. "$(dirname "$0")/lib.sh"

run load_district
status 0 "the sample district loads"
is "$(sql 'SELECT count(*) FROM people')" 150 "150 people"
is "$(sql 'SELECT count(*) FROM regions')" 9 "9 regions"
is "$(stat -c %a grid.db)" 600 "database created with mode 0600"
is "$(sql 'PRAGMA journal_mode')" wal "WAL journal"
version=$(sed -n 's/^#define GRID_SCHEMA_VERSION \([0-9]*\)$/\1/p' \
    "$GRID_TOP/lib/grid/db.h")
is "$(sql 'PRAGMA user_version')" "$version" "schema version $version"
is "$(sql "SELECT count(*) FROM categories")" \
    "$(($(wc -l <"$GRID_TOP/data/categories.csv") - 1))" \
    "default categories loaded"
is "$(sql "SELECT json_extract(attrs, '$.民族') FROM people LIMIT 1")" 汉族 \
    "unmapped column kept in attrs"

run grid-import -t people people.gb18030.csv
status 0 "GB18030 with CRLF"
err_has "150 read, 0 inserted, 0 updated, 150 unchanged, 0 rejected" \
    "GB18030 copy is the same data"
run grid-import -t people people.bom.csv
status 0 "UTF-8 with BOM and CRLF"
err_has "150 unchanged" "BOM copy is the same data"
gzip -c people.csv >people.csv.gz
run grid-import people.csv.gz
status 0 "gzip file, table from its name"
err_has "150 unchanged" "gzip copy is the same data"
run sh -c 'gzip -c people.csv | grid-import -t people -'
status 0 "gzip on standard input"
err_has "<stdin>: 150 read" "standard input named <stdin>"
is "$(sql "SELECT count(*) FROM import_batches WHERE status = 'committed'")" \
    15 "every run recorded in import_batches"
