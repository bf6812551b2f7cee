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

# Grids of a 3-digit sequence (DB11/T 2157): their 15-digit codes are
# the report's units whole, not cut to 14.
export GRID_DB="$T/wide.db"
# 14-digit grid codes made 15: a 0 before the sequence
widen() {
	sed -E 's/(^|,)(3205[0-9]{8})([0-9]{2})(,|$)/\1\20\3\4/g' "$1"
}
widen "$DISTRICT/grids.csv" >grids.csv
widen "$FIX/report/cases.csv" >cases.csv
run grid-import -q --seq-width 3 "$DISTRICT/regions.csv" \
    "$DISTRICT/departments.csv" grids.csv
status 0 "a database of 3-digit grid sequences and its grids"
run grid-import -q -t cases cases.csv
status 0 "its cases"
run grid-report monthly --month 2026-05 --by grid -f csv
status 0 "grid-report --by grid"
is "$(cut -d, -f2 "$T/out" | sed 1d | awk '{ print length($0) }' | sort -u)" 15 \
    "every unit a 15-digit grid code"
# the same report as a database of 2-digit sequences gives, codes apart
export GRID_DB="$T/narrow.db"
grid-import -q "$DISTRICT/regions.csv" "$DISTRICT/departments.csv" \
    "$DISTRICT/grids.csv" && grid-import -q -t cases "$FIX/report/cases.csv"
grid-report monthly --month 2026-05 --by grid -f csv >narrow.csv
widen narrow.csv >want.csv
same want.csv "$T/out" "the report of the 15-digit grids is the 14-digit one's"
