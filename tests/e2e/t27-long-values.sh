#!/bin/sh
# Long values are never cut into something else: an identifier of
# GRID_CODE_MAX (64) bytes goes through grid-import and comes out of
# grid-report whole; a longer one is refused; a name longer than a
# report's field is cut on a character boundary, never into invalid
# UTF-8.
. "$(dirname "$0")/lib.sh"
load_district
code=$(printf 'D%063d' 7)
long=$(printf 'D%064d' 7)
name=$(printf '很长的部门名称%.0s' 1 2 3 4 5 6 7 8)	# 56 characters, 168 bytes
printf 'code,name\n%s,%s\n' "$code" "$name" >d.csv
run grid-import -t departments d.csv
status 0 "a 64-byte department code imports"
printf 'code,name\n%s,x\n' "$long" >d65.csv
snapshot before.sql
run grid-import -t departments d65.csv
status 65 "a 65-byte code: refused"
err_has "identifier longer than 64 bytes" "the limit named"
snapshot after.sql
same before.sql after.sql "a 65-byte code: the database unchanged"
is "$(sql "SELECT length(CAST(code AS BLOB)) FROM departments WHERE code LIKE 'D0000%'")" 64 \
    "stored whole"
run grid-report monthly --month 2026-05 --by dept -f csv
status 0 "grid-report by department"
row=$(grep "^dept,$code," "$T/out")
is "$(printf '%s' "$row" | cut -d, -f2)" "$code" \
    "grid-report: the 64-byte code whole"
cell=$(printf '%s' "$row" | cut -d, -f3)
ok "grid-report: the long name is valid UTF-8" \
    sh -c 'printf "%s" "$1" | iconv -f UTF-8 -t UTF-8 >/dev/null' sh "$cell"
ok "grid-report: the name, or a beginning of it on a character boundary" \
    sh -c 'case "$2" in "$1"*) exit 0 ;; esac; exit 1' sh "$cell" "$name"
run grid-report monthly --month 2026-05 --by dept -f ndjson
ok "grid-report ndjson: the 64-byte code whole" grep -qF "\"unit\":\"$code\"" "$T/out"
