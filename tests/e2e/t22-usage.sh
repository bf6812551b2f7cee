#!/bin/sh
# One meaning for usage errors across the five tools: every command of
# every tool, given an unknown option, an unknown format, -f and an -o
# extension that disagree, or a missing required option, exits 64, says
# so on standard error with its 'grid-TOOL COMMAND:' prefix, and writes
# nothing on standard output and no -o file.
. "$(dirname "$0")/lib.sh"
load_district
snapshot before.sql

# usage DESCRIPTION PREFIX COMMAND...: exit 64, the message's prefix,
# nothing on standard output, no r.* file written.
usage() {
	desc=$1 prefix=$2
	shift 2
	rm -f "$T"/r.*
	run "$@"
	status 64 "$desc"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "$desc: nothing on stdout"
	err_has "$prefix: " "$desc: the message starts '$prefix:'"
	is "$(ls "$T" | grep -c '^r\.')" 0 "$desc: no output file"
}

cmds_assign="boundaries locate houses orgs components cases people check workers"
cmds_case="report register void dispatch return extend park unpark handle
verify close rate escalate merge show log list similar sweep"
cmds_report="monthly annual merge"
cmds_stats="population groups cases quality hazards visits"

for c in $cmds_assign; do
	usage "grid-assign $c --nope" "grid-assign $c" grid-assign $c --nope
done
for c in $cmds_case; do
	usage "grid-case $c --nope" "grid-case $c" grid-case $c --nope
done
for c in $cmds_report; do
	usage "grid-report $c --nope" "grid-report $c" grid-report $c --nope
done
for c in $cmds_stats; do
	usage "grid-stats $c --nope" "grid-stats $c" grid-stats $c --nope
done
usage "grid-import --nope" "grid-import" grid-import --nope people.csv

# an unknown format, and -f and -o disagreeing
usage "grid-assign check -f xml" "grid-assign check" grid-assign check -f xml
usage "grid-assign workers -f csv -o r.html" "grid-assign workers" \
    grid-assign workers -f csv -o r.html
usage "grid-case list -f xml" "grid-case list" grid-case list -f xml
usage "grid-case list -f csv -o r.ndjson" "grid-case list" \
    grid-case list -f csv -o r.ndjson
usage "grid-report monthly -f xml" "grid-report monthly" \
    grid-report monthly --month 2026-05 -f xml
usage "grid-report monthly -f md -o r.csv" "grid-report monthly" \
    grid-report monthly --month 2026-05 -f md -o r.csv
usage "grid-stats population -f xml" "grid-stats population" \
    grid-stats population -f xml
usage "grid-stats population -f csv -o r.tsv" "grid-stats population" \
    grid-stats population -f csv -o r.tsv
usage "grid-import -f xml" "grid-import" grid-import -f xml people.csv
usage "grid-import -f csv -o r.ndjson" "grid-import" \
    grid-import -f csv -o r.ndjson people.csv

# missing required options and operands
usage "grid-case return without --reason" "grid-case return" \
    grid-case return 202606150001
usage "grid-case verify --fail without --note" "grid-case verify" \
    grid-case verify 202606150001 --fail
usage "grid-case rate without a rating" "grid-case rate" \
    grid-case rate 202606150001
usage "grid-report monthly without --month" "grid-report monthly" \
    grid-report monthly
usage "grid-report annual without --year" "grid-report annual" \
    grid-report annual
usage "grid-report merge without a report" "grid-report merge" \
    grid-report merge
usage "grid-stats groups without --tag" "grid-stats groups" \
    grid-stats groups
usage "grid-assign boundaries without a file" "grid-assign boundaries" \
    grid-assign boundaries
usage "grid-import without a file" "grid-import" grid-import
usage "a tool without a command" "grid-stats" grid-stats
usage "an unknown command" "grid-report" grid-report yearly

# -o's extension gives the format when -f is not given
for ext in csv tsv ndjson jsonl md html; do
	case $ext in jsonl) f=ndjson ;; *) f=$ext ;; esac
	run grid-stats population --by community -o "r.$ext"
	status 0 "grid-stats population -o r.$ext"
	grid-stats population --by community -f $f >"want.$ext"
	same "want.$ext" "r.$ext" "grid-stats -o r.$ext: written as $f"
done
run grid-case list -o r.csv
status 0 "grid-case list -o r.csv"
grid-case list -f csv >want.csv
same want.csv r.csv "grid-case list -o r.csv: written as csv"

snapshot after.sql
same before.sql after.sql "usage errors change nothing"

# ---- a writer prints only what it committed ----
run grid-assign houses -f csv -d "$T/missing.db"
status 69 "grid-assign houses on a missing database"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "no CSV header on stdout"
cp "$DISTRICT/grids.geojson" "$T/"
grid-assign boundaries -q grids.geojson
sql "UPDATE houses SET grid_code = NULL;
     CREATE TRIGGER refuse AFTER UPDATE OF grid_code ON houses
       WHEN (SELECT count(*) FROM houses WHERE grid_code IS NOT NULL) > 5
       BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END;"
snapshot before.sql
run grid-assign houses -f csv
is "$([ "$rc" -ne 0 ] && echo failed)" failed \
    "a writer that fails after five changes fails"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 \
    "none of its rows reached standard output"
snapshot after.sql
same before.sql after.sql "and nothing was written"
sql "DROP TRIGGER refuse"
run grid-assign houses -f csv
status 0 "without the trigger"
is "$(($(wc -l <"$T/out") - 1))" \
    "$(sql "SELECT count(*) FROM houses WHERE grid_code IS NOT NULL")" \
    "a row per house placed, once committed"
run grid-assign workers --set W001 32050801801401 -f csv -d "$T/missing.db"
status 69 "grid-assign workers --set on a missing database"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "workers: nothing on stdout"

# ---- the actor without USER and LOGNAME (systemd, docker exec) ----
me=$(id -un)
run env -u USER -u LOGNAME -u GRID_ACTOR grid-case report --source hotline \
    --category E0102 --x 120.619017 --y 31.311876 --description t -f id
status 0 "grid-case runs without USER, LOGNAME and GRID_ACTOR"
is "$(sql "SELECT actor FROM case_log WHERE case_id = '$(cat "$T/out")'")" \
    "$me" "the actor is the user name of the process's uid"
run env -u USER -u LOGNAME -u GRID_ACTOR grid-case sweep
status 0 "sweep without them"
run env -u USER -u LOGNAME -u GRID_ACTOR grid-import -q departments.csv
status 0 "grid-import without them"
is "$(sql "SELECT actor FROM import_batches ORDER BY id DESC LIMIT 1")" \
    "$me" "grid-import records the uid's user name"

# ---- a writer piped into grid-import over the same database ----
printf '%s\n' \
    '{"source":"hotline","category":"E0102","x":120.619017,"y":31.311876,"description":"a"}' \
    '{"source":"hotline","category":"E0102","x":120.619017,"y":31.311876,"description":"b"}' \
    >two.ndjson
run env GRID_BUSY_MS=1000 sh -c 'grid-case report - -f csv <two.ndjson |
    grid-import -q -t cases -; echo "statuses $?" >&2'
err_has "statuses 0" "grid-case report - | grid-import -t cases -: both finish"
is "$(sql "SELECT count(*) FROM cases WHERE description IN ('a', 'b')")" 2 \
    "the two cases are in, once"
